/**
 * Every rule's examples are its tests: each bad example must produce exactly the findings its line
 * markers promise (`// ruleid: <rule> (<message>)`, exampleMarkers.ts) — those lines, those rules,
 * those messages, no other finding of any rule — and every message of a rule is shown by one; each
 * good example must produce no finding of any rule; and a rule's fix must remove its finding and
 * leave code that parses cleanly. Text rules (no query) run on a file of their example's `path`, or
 * of a default name for the kind they list.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../server/src/analysis/engine';
import { fileKindForPath, grammarForPath, type FileKind, type GrammarId, type RuleLanguage, type TextRuleLanguage } from '../../server/src/analysis/languages';
import type { LoadedRule, RuleExample } from '../../server/src/analysis/rules/ruleTypes';
import { formatRuleLoadError } from '../../server/src/analysis/rules/ruleTypes';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import { applyEdits } from '../../server/src/analysis/textEdits';
import { sharedEngine } from '../helpers/engine';

/** The file an example stands for when it names none. */
const FILE_OF: Record<RuleLanguage | TextRuleLanguage, string> = {
  javascript: 'src/example.js',
  typescript: 'src/example.ts',
  python: 'app/example.py',
  go: 'cmd/example.go',
  markdown: 'docs/example.md',
  json: 'config/example.json',
  yaml: 'config/example.yaml',
  toml: 'config/example.toml',
  shell: 'scripts/example.sh',
  dockerfile: 'Dockerfile',
  text: 'notes/example.txt',
  any: 'notes/example.txt',
};

interface ExampleFile { code: string; file: string; grammar?: GrammarId; kind: FileKind }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalise(rule: LoadedRule, example: string | RuleExample): ExampleFile {
  const code = typeof example === 'string' ? example : example.code;
  const language = (typeof example === 'string' ? undefined : example.language) ?? rule.languages[0];
  const file = (typeof example === 'string' ? undefined : example.path) ?? FILE_OF[language];
  return { code, file, grammar: grammarForPath(file), kind: fileKindForPath(file) };
}


test('every rule file loads without errors', async () => {
  const e = await sharedEngine();
  assert.deepEqual(e.ruleErrors.map(formatRuleLoadError), []);
  assert.ok(e.ruleSet.rules.length > 0);
});

// The rule list is needed at definition time to create one test per example; an async suite allows that.
describe('rule examples', async () => {
const engine: Engine = await sharedEngine();
for (const rule of engine.ruleSet.rules) {
  describe(`rule ${rule.id}`, () => {
    rule.examples.bad.forEach((example, i) => {
      test(`bad example ${i + 1} fires on exactly its marked lines`, () => {
        const { code, file } = normalise(rule, example);
        const describe = (f: { line: number; ruleId: string; messageId?: string }) => `line ${f.line + 1}: ${f.ruleId} (${f.messageId})`;
        const found = engine.scanText(file, code).map((f) => describe({ line: f.range.start.line, ruleId: f.ruleId, messageId: f.messageId })).sort();
        const expected = (example.expected ?? []).map(describe).sort();
        assert.deepEqual(found, expected, `in:\n${code}`);
      });
    });
    test('every message is shown by a bad example', () => {
      const shown = new Set(rule.examples.bad.flatMap((e) => (e.expected ?? []).filter((x) => x.ruleId === rule.id).map((x) => x.messageId)));
      assert.deepEqual(Object.keys(rule.messages).filter((id) => !shown.has(id)), [], 'messages no bad example marks (mark one, or drop the message)');
    });
    rule.examples.good.forEach((example, i) => {
      test(`good example ${i + 1} is clean (no rule fires)`, () => {
        const { code, file } = normalise(rule, example);
        const findings = engine.scanText(file, code);
        assert.deepEqual(findings.map((f) => `${f.ruleId} at ${f.range.start.line + 1}: ${f.message}`), [], `in:\n${code}`);
      });
    });
    // Query rules declare their fix in YAML; a text rule's check offers fixes itself.
    const offersFixes = rule.fix !== undefined || rule.examples.bad.some((example) => {
      const { code, file } = normalise(rule, example);
      return engine.scanText(file, code).some((f) => f.ruleId === rule.id && f.fixes?.length);
    });
    if (offersFixes) {
      test('its fix removes the finding and leaves code that parses', () => {
        let fixedAny = false;
        for (const example of rule.examples.bad) {
          const { code, file, grammar } = normalise(rule, example);
          const finding = engine.scanText(file, code).find((f) => f.ruleId === rule.id && f.fixes?.length);
          if (!finding?.fixes) continue;
          fixedAny = true;
          if (!rule.fix) {
            const declared = (rule.fixes ?? []).map((title) => new RegExp(`^${title.split(/\{\{[^}]*\}\}/).map(escapeRegExp).join('.+')}$`));
            for (const fix of finding.fixes) assert.ok(declared.some((d) => d.test(fix.title)), `the check offers "${fix.title}", which the rule's \`fixes\` does not list`);
          }
          const fixed = applyEdits(code, finding.fixes[0].edits);
          const after = engine.scanText(file, fixed).filter((f) => f.ruleId === rule.id);
          assert.deepEqual(after.map((f) => f.message), [], `fix left the finding in:\n${fixed}`);
          if (!grammar) continue;
          const doc = new SyntaxDocument(engine.grammars, grammar, fixed);
          try {
            assert.equal(doc.tree.rootNode.hasError, false, `fix produced code that does not parse:\n${fixed}`);
          } finally {
            doc.dispose();
          }
        }
        assert.ok(fixedAny, 'the rule has a fix, but no bad example offered it');
      });
    }
  });
}
});
