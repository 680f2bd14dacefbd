/** Rule files of both kinds: what the loader accepts, and the one clear error it gives otherwise. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleFile } from '../../server/src/analysis/rules/loader';
import { formatRuleLoadError, messageTemplate } from '../../server/src/analysis/rules/ruleTypes';
import { fileKindForPath } from '../../server/src/analysis/languages';

const COMMON = `title: A rule for the loader tests
severity: warning
category: hidden-unicode
cwe: [451]
docs: This rule exists only to test how rule files load.
examples:
  bad: ["a", "b"]
  good: ["c", "d"]
`;

function load(id: string, body: string) {
  const result = parseRuleFile(`rules/content/${id}.yaml`, `id: ${id}\n${COMMON}${body}`);
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
