/** Rule files of both kinds: what the loader accepts, and the one clear error it gives otherwise. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleFile } from '../../server/src/analysis/rules/loader';
import { formatRuleLoadError, messageTemplate } from '../../server/src/analysis/rules/ruleTypes';
import { fileKindForPath } from '../../server/src/analysis/languages';

const common = (id: string) => `title: A rule for the loader tests
severity: warning
category: hidden-unicode
cwe: [451]
docs: This rule exists only to test how rule files load.
examples:
  bad: ["a  # ruleid: ${id}", "b  # ruleid: ${id}"]
  good: ["c", "d"]
`;

function load(id: string, body: string, examples?: string) {
  const text = `id: ${id}\n${common(id)}${body}`;
  const result = parseRuleFile(`rules/content/${id}.yaml`, examples ? text.replace(/^examples:\n[\s\S]*?(?=^\S)/m, examples) : text);
  return result.ok ? result.rule : formatRuleLoadError(result.error);
}

describe('text rules (no query)', () => {
  test('a rule without a query loads when a text check is named after its id', () => {
    const rule = load('hidden-unicode-bidi', 'languages: [markdown, json]\nmessages:\n  default: "The default message text."\n  other: "Another message, {{n}} times."\n');
    assert.equal(typeof rule, 'object');
    if (typeof rule === 'string') return;
    assert.equal(messageTemplate(rule, 'other'), 'Another message, {{n}} times.');
    assert.equal(messageTemplate(rule, 'unknown-id'), 'The default message text.');
  });

  test('without a query it needs a text check named after its id', () => {
    assert.match(String(load('x-nocheck', 'languages: [any]\nmessages:\n  default: "The default message text."\n')),
      /field "query" is missing, so this is a text rule, but there is no text check named xNocheck for it \(known: .*hiddenUnicodeBidi/);
  });

  test('a per-match check of the same name is no text check', () => {
    assert.match(String(load('js-insecure-random', 'languages: [any]\nmessages:\n  default: "The default message text."\n')),
      /no text check named jsInsecureRandom/);
  });

  test('a query rule cannot list a file kind without a grammar', () => {
    assert.match(String(load('x-query', 'languages: [javascript, markdown]\nquery: "(identifier) @match"\nmessages:\n  default: "The default message text."\n')),
      /field "languages" lists markdown, which have no grammar/);
  });

  test('messages must be a map of ids to texts', () => {
    assert.match(String(load('hidden-unicode-bidi', 'languages: [any]\nmessages: "just a string"\n')), /messages/);
  });
});

describe('line markers in examples', () => {
  const MESSAGES = 'languages: [any]\nmessages:\n  default: "The default message text."\n  other: "Another message, {{n}} times."\n';
  const examples = (bad: string[], good: string[] = ['c', 'd']) => `examples:\n  bad: ${JSON.stringify(bad)}\n  good: ${JSON.stringify(good)}\n`;

  test('are read into what each bad example promises and stripped from the code', () => {
    const rule = load('hidden-unicode-bidi', MESSAGES, examples([
      'one\ntwo  // ruleid: hidden-unicode-bidi\nthree',
      '<p>x</p>  <!-- ruleid: hidden-unicode-bidi (other), js-dom-xss -->\nok  # ruleid: hidden-unicode-bidi',
    ]));
    assert.equal(typeof rule, 'object', String(rule));
    if (typeof rule === 'string') return;
    assert.deepEqual(rule.examples.bad.map((e) => e.code), ['one\ntwo\nthree', '<p>x</p>\nok']);
    assert.deepEqual(rule.examples.bad[1].expected, [
      { line: 0, ruleId: 'hidden-unicode-bidi', messageId: 'other' },
      { line: 0, ruleId: 'js-dom-xss', messageId: 'default' },
      { line: 1, ruleId: 'hidden-unicode-bidi', messageId: 'default' },
    ]);
    assert.deepEqual(rule.examples.good.map((e) => e.code), ['c', 'd']);
  });

  test('a bad example must mark a line of its own rule', () => {
    assert.match(String(load('hidden-unicode-bidi', MESSAGES, examples(['a  # ruleid: hidden-unicode-bidi', 'b  // ruleid: js-dom-xss']))),
      /field "examples\.bad\.1" marks no line with "ruleid: hidden-unicode-bidi"/);
  });

  test('a good example must not mark any', () => {
    assert.match(String(load('hidden-unicode-bidi', MESSAGES, examples(['a  # ruleid: hidden-unicode-bidi', 'b  # ruleid: hidden-unicode-bidi'], ['c', 'd  # ruleid: js-dom-xss']))),
      /field "examples\.good\.1" marks line 1 with "ruleid:", but a good example must not fire any rule/);
  });

  test('a marked message must be one of the rule\'s messages, and the marker well-formed', () => {
    assert.match(String(load('hidden-unicode-bidi', MESSAGES, examples(['a  # ruleid: hidden-unicode-bidi (nope)', 'b  # ruleid: hidden-unicode-bidi']))),
      /line 1 expects message "nope", which the rule's messages do not have \(default, other\)/);
    assert.match(String(load('hidden-unicode-bidi', MESSAGES, examples(['a  # ruleid: Hidden Unicode', 'b  # ruleid: hidden-unicode-bidi']))),
      /line 1 has a marker "ruleid: Hidden Unicode" that is not "ruleid: <rule-id>"/);
  });
});

describe('file kinds', () => {
  test('paths map to the kinds text rules select', () => {
    const cases: Record<string, string> = {
      'src/app.tsx': 'typescript', 'a/AGENTS.md': 'markdown', '.cursor/rules/x.mdc': 'markdown', '.vscode/mcp.json': 'json',
      '.github/workflows/ci.yml': 'yaml', 'pyproject.toml': 'toml', 'install.sh': 'shell', 'Dockerfile': 'dockerfile',
      'docker/Dockerfile.prod': 'dockerfile', 'api.dockerfile': 'dockerfile', '.cursorrules': 'text', 'requirements.txt': 'text',
      'src/main.rs': 'text', 'types.d.ts': 'text',
    };
    for (const [file, kind] of Object.entries(cases)) assert.equal(fileKindForPath(file), kind, file);
  });
});
