/** Suppression comments inside AI regions: found only in real comments, reported, and not honoured. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AI_SUPPRESSION_RULE_ID,
  findSuppressionComments,
  honouredSuppressions,
  suppressionFindings,
  type SuppressionKind,
} from '../../server/src/analysis/regions/suppressionGuard';
import { findSuppressions } from '../../server/src/analysis/suppression';
import type { GrammarId } from '../../server/src/analysis/languages';

const kinds = (text: string, language?: GrammarId) => findSuppressionComments(text, { language }).map((c) => c.kind);
const whole = (text: string) => [{ startIndex: 0, endIndex: text.length }];

describe('findSuppressionComments', () => {
  const cases: [GrammarId | undefined, string, SuppressionKind][] = [
    ['javascript', '// eslint-disable-next-line no-eval\neval(code);', 'eslint-disable'],
    ['javascript', '/* eslint-disable */\nrun();', 'eslint-disable'],
    ['javascript', 'run(); // eslint-disable-line security/detect-child-process', 'eslint-disable'],
    ['javascript', '/* eslint no-eval: 0 */', 'eslint-disable'],
    ['javascript', "/* eslint security/detect-object-injection: 'off' */", 'eslint-disable'],
    ['typescript', '// @ts-ignore\nconst x: number = input;', 'ts-ignore'],
    ['typescript', '// @ts-nocheck', 'ts-nocheck'],
    ['tsx', '{/* @ts-expect-error legacy prop */}', 'ts-expect-error'],
    ['typescript', '/**\n * @ts-ignore\n */', 'ts-ignore'],
    ['javascript', '// ai-guard-ignore-next-line js-dynamic-eval -- sandboxed', 'ai-guard-ignore'],
    ['javascript', '// biome-ignore lint/security/noGlobalEval: ok', 'biome-ignore'],
    ['typescript', '// deno-lint-ignore no-explicit-any', 'deno-lint-ignore'],
    ['javascript', 'const q = db.query(sql); // NOSONAR', 'nosonar'],
    ['python', 'subprocess.call(cmd, shell=True)  # nosec B602', 'nosec'],
    ['python', 'eval(expr)  # nosemgrep: python.lang.security.eval', 'nosemgrep'],
    ['python', 'x = untyped()  # type: ignore[assignment]', 'type-ignore'],
    ['python', 'from os import *  # noqa: F403', 'noqa'],
    ['python', 'import pickle  # NOQA', 'noqa'],
    ['python', '# ruff: noqa', 'noqa'],
    ['python', 'def f():  # pylint: disable=eval-used', 'pylint-disable'],
    ['python', '# ai-guard-ignore-line py-eval -- trusted', 'ai-guard-ignore'],
    ['go', 'h := md5.New() //nolint:gosec', 'nolint'],
    ['go', 'pw := "hunter2" // #nosec G101', 'nosec'],
    ['go', '//lint:ignore SA1019 deprecated but needed', 'lint-ignore'],
    [undefined, '<!-- ai-guard-ignore-next-line x -- docs -->', 'ai-guard-ignore'],
    [undefined, 'key: value # nosec', 'nosec'],
  ];
  for (const [language, code, kind] of cases) {
    test(`${language ?? 'unknown'}: ${JSON.stringify(code)} → ${kind}`, () => {
      assert.deepEqual(kinds(code, language), [kind]);
    });
  }

  test('chained directives in one comment are each found', () => {
    assert.deepEqual(kinds('import x  # noqa: F401  # type: ignore', 'python'), ['noqa', 'type-ignore']);
    assert.deepEqual(kinds('run(); // eslint-disable-line // nosemgrep', 'javascript'), ['eslint-disable', 'nosemgrep']);
  });

  test('markers inside string literals are not comments', () => {
    assert.deepEqual(kinds('const s = "// eslint-disable-next-line";', 'javascript'), []);
    assert.deepEqual(kinds("const s = '/* @ts-ignore */';", 'typescript'), []);
    assert.deepEqual(kinds('const s = `line\n// nosec\n`;', 'javascript'), []);
    assert.deepEqual(kinds('s = "# nosec"', 'python'), []);
    assert.deepEqual(kinds('doc = """\n# noqa\n"""\nrun()', 'python'), []);
    assert.deepEqual(kinds("s = 'it\\'s # noqa'", 'python'), []);
    assert.deepEqual(kinds('s := `// nolint`', 'go'), []);
    assert.deepEqual(kinds('s := "\\" //nolint"', 'go'), []);
  });

  test('a comment after a string on the same line is still found', () => {
    assert.deepEqual(kinds('const s = "x"; // eslint-disable-line', 'javascript'), ['eslint-disable']);
    assert.deepEqual(kinds('s = "#"  # nosec', 'python'), ['nosec']);
  });

  test('prose that mentions a directive is not a directive', () => {
    assert.deepEqual(kinds('// TODO: remove the eslint-disable once fixed', 'javascript'), []);
    assert.deepEqual(kinds('# we do not use nosec here', 'python'), []);
    assert.deepEqual(kinds('// see https://example.com/nosec', 'javascript'), []);
    assert.deepEqual(kinds('const private = this.#nosec;', 'javascript'), []);
    assert.deepEqual(kinds('x = total // count  # average', 'python'), []);
  });

  test('`within` keeps only directives starting inside the spans; positions and lines are right', () => {
    const text = 'a();\n// @ts-ignore\nb();\n// @ts-ignore\n';
    const second = text.lastIndexOf('@ts-ignore');
    const found = findSuppressionComments(text, { language: 'typescript', within: [{ startIndex: second - 3, endIndex: text.length }] });
    assert.deepEqual(found, [{ kind: 'ts-ignore', directive: '@ts-ignore', span: { startIndex: second, endIndex: second + 10 }, line: 3 }]);
    assert.deepEqual(findSuppressionComments(text, { language: 'typescript', within: [] }), []);
  });

  test('the directive text stops at the end of its comment', () => {
    const [c] = findSuppressionComments('run(); /* eslint-disable-line no-eval */ more();', { language: 'javascript' });
    assert.equal(c.directive, 'eslint-disable-line no-eval');
  });
});

describe('suppressionFindings and honouredSuppressions', () => {
  const code = [
    'function load(name) {',
    '  // eslint-disable-next-line security/detect-non-literal-require',
    '  return require(name);',
    '}',
    '// ai-guard-ignore-next-line js-dynamic-eval -- input is a constant table',
    'eval(TABLE);',
  ].join('\n');

  test('one finding per directive inside unreviewed spans, with the rule id, category and range', () => {
    const findings = suppressionFindings(code, whole(code), 'javascript');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.category, f.severity, f.range.start.line, f.range.start.character]), [
      [AI_SUPPRESSION_RULE_ID, 'suppression', 'warning', 1, 5],
      [AI_SUPPRESSION_RULE_ID, 'suppression', 'warning', 4, 3],
    ]);
    assert.deepEqual(findings[0].cwe, []);
    assert.match(findings[0].message, /eslint-disable-next-line security\/detect-non-literal-require/);
    assert.match(findings[0].message, /ESLint/);
    assert.match(findings[1].message, /does not honour it until the region is verified/);
    assert.equal(code.slice(findings[0].span.startIndex, findings[0].span.endIndex), 'eslint-disable-next-line');
  });

  test('outside unreviewed spans: no findings', () => {
    assert.deepEqual(suppressionFindings(code, [], 'javascript'), []);
    const firstLine = code.indexOf('\n');
    assert.deepEqual(suppressionFindings(code, [{ startIndex: 0, endIndex: firstLine }], 'javascript'), []);
  });

  test('ai-guard-ignore inside an unreviewed region is not honoured; elsewhere it is', () => {
    const suppressions = findSuppressions(code);
    assert.equal(suppressions.length, 1);
    assert.deepEqual(honouredSuppressions(suppressions, code, whole(code), 'javascript'), []);
    assert.deepEqual(honouredSuppressions(suppressions, code, [], 'javascript'), suppressions);
    const onlyFunction = [{ startIndex: 0, endIndex: code.indexOf('// ai-guard') }];
    assert.deepEqual(honouredSuppressions(suppressions, code, onlyFunction, 'javascript'), suppressions);
  });
});
