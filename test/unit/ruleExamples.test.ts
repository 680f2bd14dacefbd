/**
 * Every rule's examples are its tests: each bad example must produce the rule's finding, each good
 * example must produce no finding of any rule, and a rule's fix must remove its finding and leave
 * code that parses cleanly.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../server/src/analysis/engine';
import type { GrammarId, RuleLanguage } from '../../server/src/analysis/languages';
import type { LoadedRule, RuleExample } from '../../server/src/analysis/rules/ruleTypes';
import { formatRuleLoadError } from '../../server/src/analysis/rules/ruleTypes';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import { applyEdits } from '../../server/src/analysis/textEdits';
import { sharedEngine } from '../helpers/engine';

const FILE_OF: Record<RuleLanguage, { file: string; grammar: GrammarId }> = {
  javascript: { file: 'src/example.js', grammar: 'javascript' },
  typescript: { file: 'src/example.ts', grammar: 'typescript' },
  python: { file: 'app/example.py', grammar: 'python' },
  go: { file: 'cmd/example.go', grammar: 'go' },
};

function normalise(rule: LoadedRule, example: string | RuleExample): { code: string; language: RuleLanguage } {
  return typeof example === 'string' ? { code: example, language: rule.languages[0] } : { code: example.code, language: example.language ?? rule.languages[0] };
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
      test(`bad example ${i + 1} is reported`, () => {
        const { code, language } = normalise(rule, example);
        const { file, grammar } = FILE_OF[language];
        const findings = engine.scanText(file, code, { grammar });
        assert.ok(findings.some((f) => f.ruleId === rule.id), `expected ${rule.id} in:\n${code}\ngot: ${findings.map((f) => f.ruleId).join(', ') || 'nothing'}`);
      });
    });
    rule.examples.good.forEach((example, i) => {
      test(`good example ${i + 1} is clean (no rule fires)`, () => {
        const { code, language } = normalise(rule, example);
        const { file, grammar } = FILE_OF[language];
        const findings = engine.scanText(file, code, { grammar });
        assert.deepEqual(findings.map((f) => `${f.ruleId} at ${f.range.start.line + 1}: ${f.message}`), [], `in:\n${code}`);
      });
    });
    if (rule.fix) {
      test('its fix removes the finding and leaves code that parses', () => {
        let fixedAny = false;
        for (const example of rule.examples.bad) {
          const { code, language } = normalise(rule, example);
          const { file, grammar } = FILE_OF[language];
          const finding = engine.scanText(file, code, { grammar }).find((f) => f.ruleId === rule.id && f.fix);
          if (!finding?.fix) continue;
          fixedAny = true;
          const fixed = applyEdits(code, finding.fix.edits);
          const after = engine.scanText(file, fixed, { grammar }).filter((f) => f.ruleId === rule.id);
          assert.deepEqual(after.map((f) => f.message), [], `fix left the finding in:\n${fixed}`);
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
