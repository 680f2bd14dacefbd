import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import { runRules } from '../../server/src/analysis/runner';
import { findSuppressions, suppressionComment } from '../../server/src/analysis/suppression';
import { formatRuleLoadError } from '../../server/src/analysis/rules/ruleTypes';
import { isTestPath } from '../../server/src/analysis/testFiles';
import { RULES_DIR, WASM_DIR } from '../helpers/paths';
import { sharedEngine } from '../helpers/engine';

const EVAL_RULE = fs.readFileSync(path.join(RULES_DIR, 'javascript', 'js-dynamic-eval.yaml'), 'utf8');

/** The eval rule under another id (its examples' markers name the new id too). */
const evalRuleAs = (id: string) => EVAL_RULE.replaceAll('js-dynamic-eval', id);

function tempRulesDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-rules-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('rule loading', () => {
  test('a malformed rule file is reported by file and field; the other rules still load', async () => {
    const dir = tempRulesDir({
      'javascript/js-dynamic-eval.yaml': EVAL_RULE,
      'javascript/bad-severity.yaml': evalRuleAs('bad-severity').replace('severity: error', 'severity: fatal'),
      'javascript/no-docs.yaml': evalRuleAs('no-docs').replace(/^docs: \|[\s\S]*?(?=^examples:)/m, ''),
      'javascript/broken-yaml.yaml': 'id: [unclosed\n',
      'javascript/bad-query.yaml': evalRuleAs('bad-query').replace('(new_expression', '(no_such_node_type'),
      // The old way of naming a check: now found by the rule id, so the field is refused with a hint.
      'javascript/bad-check.yaml': evalRuleAs('bad-check').replace(/^query:/m, 'check: jsDynamicEval\nquery:'),
      'javascript/wrong-name.yaml': EVAL_RULE,
    });
    const engine = await Engine.create({ rulesDir: dir, wasmDir: WASM_DIR });
    const messages = engine.ruleErrors.map(formatRuleLoadError).sort();
    assert.deepEqual(engine.ruleSet.rules.map((r) => r.id), ['js-dynamic-eval']);
    assert.equal(messages.length, 6, messages.join('\n'));
    const find = (file: string) => messages.find((m) => m.includes(file)) ?? '';
    assert.match(find('bad-severity.yaml'), /field "severity" must be one of: error, warning, info/);
    assert.match(find('no-docs.yaml'), /field "docs" is required but missing/);
    assert.match(find('broken-yaml.yaml'), /is not valid YAML/);
    assert.match(find('bad-query.yaml'), /field "query" does not compile for javascript/);
    assert.match(find('bad-check.yaml'), /field "check" is not a rule field: a rule's check is found by its id \(bad-check → check badCheck/);
    assert.match(find('wrong-name.yaml'), /field "id" (is "js-dynamic-eval" but the file is named|"js-dynamic-eval" is already used)/);
    assert.equal(engine.scanText('a.js', 'eval(input);').length, 1, 'the sound rule still runs');
  });

  test('an empty rules folder is an error, not a silent no-op', async () => {
    const engine = await Engine.create({ rulesDir: tempRulesDir({}), wasmDir: WASM_DIR });
    assert.match(formatRuleLoadError(engine.ruleErrors[0]), /contains no rule files/);
  });
});

describe('rule runner', () => {
  test('spans restrict both the visited nodes and the reported findings', async () => {
    const engine = await sharedEngine();
    const lines = ['eval(a);', 'const x = 1;', 'eval(b);', 'eval(c);'];
    const text = lines.join('\n') + '\n';
    const doc = new SyntaxDocument(engine.grammars, 'javascript', text);
    const start = text.indexOf('eval(b)');
    const found = runRules({ tree: doc.tree, text, grammar: 'javascript', filePath: 'a.js' }, engine.ruleSet, {
      spans: [{ startIndex: start, endIndex: start + 'eval(b);'.length }],
    }).filter((f) => f.ruleId === 'js-dynamic-eval');
    doc.dispose();
    assert.deepEqual(found.map((f) => f.range.start.line), [2]);
  });

  test('spans work after non-ASCII text (UTF-16 offsets)', async () => {
    const engine = await sharedEngine();
    const text = 'const s = "é😀 ünïcödé 漢字";\n'.repeat(30) + 'eval(code);\n';
    const start = text.indexOf('eval');
    const doc = new SyntaxDocument(engine.grammars, 'javascript', text);
    const found = runRules({ tree: doc.tree, text, grammar: 'javascript', filePath: 'a.js' }, engine.ruleSet, { spans: [{ startIndex: start, endIndex: start + 11 }] });
    doc.dispose();
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range.start, { line: 30, character: 0 });
  });

  test('a suppression comment with the rule id silences the next line only', async () => {
    const engine = await sharedEngine();
    const text = ['// ai-guard-ignore-next-line js-dynamic-eval -- sandboxed expression evaluator, reviewed', 'eval(a);', 'eval(b);', '// ai-guard-ignore-next-line some-other-rule -- wrong id', 'eval(c);'].join('\n');
    const lines = engine.scanText('a.js', text).map((f) => f.range.start.line);
    assert.deepEqual(lines, [2, 4]);
  });

  test('rules switched off by configuration do not run', async () => {
    const engine = await sharedEngine();
    assert.equal(engine.scanText('a.js', 'eval(a);', { disabledRules: new Set(['js-dynamic-eval']) }).length, 0);
  });

  test('findings in test files are one severity lower', async () => {
    const engine = await sharedEngine();
    assert.equal(engine.scanText('src/a.js', 'eval(a);')[0].severity, 'error');
    assert.equal(engine.scanText('test/a.test.js', 'eval(a);')[0].severity, 'warning');
    assert.equal(engine.scanText('test/a.test.js', 'eval(a);', { lowerSeverityInTests: false })[0].severity, 'error');
  });

  test('partial trees (syntax errors) are tolerated', async () => {
    const engine = await sharedEngine();
    const findings = engine.scanText('a.ts', 'function broken( {\n  eval(x);\n');
    assert.ok(Array.isArray(findings));
  });
});

describe('incremental parsing', () => {
  test('a tree edited and re-parsed equals a fresh parse', async () => {
    const engine = await sharedEngine();
    const base = 'function a() {\n  return 1;\n}\n'.repeat(50);
    const doc = new SyntaxDocument(engine.grammars, 'javascript', base);
    const at = base.indexOf('return 1', 500);
    doc.edit(at, at + 'return 1'.length, 'const s = "😀";\n  return eval(s)');
    doc.edit(0, 0, '// header\n');
    const fresh = new SyntaxDocument(engine.grammars, 'javascript', doc.text);
    assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    assert.equal(doc.tree.rootNode.hasError, false);
    doc.dispose();
    fresh.dispose();
  });
});

describe('suppression comments', () => {
  test('parses ids and reason; needs a comment marker', () => {
    const found = findSuppressions(['x = 1  # ai-guard-ignore-line py-eval-exec, py-os-system -- trusted admin script', 's = "ai-guard-ignore-next-line js-x"', '<!-- ai-guard-ignore-next-line md-hidden -->'].join('\n'));
    assert.deepEqual(found.map((s) => [s.line, s.appliesTo, s.ruleIds, s.reason]), [
      [0, 0, ['py-eval-exec', 'py-os-system'], 'trusted admin script'],
      [2, 3, ['md-hidden'], undefined],
    ]);
  });

  test('the inserted comment keeps the line indentation', () => {
    assert.equal(suppressionComment('    eval(x);', '//', 'js-dynamic-eval', 'reviewed'), '    // ai-guard-ignore-next-line js-dynamic-eval -- reviewed\n');
  });
});

test('test and fixture paths are recognised', () => {
  for (const p of ['test/a.js', 'src/__tests__/x.ts', 'a.spec.ts', 'pkg/x_test.go', 'tests/test_api.py', 'fixtures/x.py', 'conftest.py']) assert.ok(isTestPath(p), p);
  for (const p of ['src/app.js', 'src/contest.py', 'latest/x.ts', 'attestation.go']) assert.ok(!isTestPath(p), p);
});
