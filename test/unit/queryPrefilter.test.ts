import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPatterns, requiredLiterals } from '../../server/src/analysis/rules/queryPrefilter';
import { sharedEngine } from '../helpers/engine';

test('splits top-level patterns, ignoring parens in strings and comments', () => {
  const q = '; a comment (with parens\n(call_expression function: (identifier) @f (#eq? @f "(x")) @match\n[(a) (b)] @match\n((c) @x (#any-of? @x "p" "q"))';
  assert.equal(splitPatterns(q).length, 3);
});

test('collects the literals of eq and any-of predicates on counted captures only', () => {
  const pattern = '((call) @f (#eq? @f "eval") (#any-of? @g "a" "b\\"c") (#not-eq? @h "x") (#eq? @opt "y"))';
  assert.deepEqual(requiredLiterals(pattern, (name) => name !== 'opt'), [['eval'], ['a', 'b"c']]);
});

test('#requires-text? names texts one of which the pattern needs; tree-sitter itself ignores it', () => {
  const pattern = '(call_expression function: (identifier) @fn (#requires-text? "child_process" "execa")) @match';
  assert.deepEqual(requiredLiterals(pattern, () => true), [['child_process', 'execa']]);
});

test('every rule gets a pre-check or none, and the pre-check never hides a bad example', async () => {
  const engine = await sharedEngine();
  let withPrefilter = 0;
  for (const grammar of ['javascript', 'typescript', 'python', 'go'] as const) {
    for (const compiled of engine.ruleSet.forGrammar(grammar)) {
      if (!compiled.mayMatch) continue;
      withPrefilter++;
      for (const example of compiled.rule.examples.bad) {
        const code = typeof example === 'string' ? example : example.code;
        const language = typeof example === 'string' ? compiled.rule.languages[0] : example.language ?? compiled.rule.languages[0];
        if (language !== (grammar === 'typescript' ? 'typescript' : grammar) && !(grammar === 'javascript' && language === 'javascript')) continue;
        assert.ok(compiled.mayMatch(code), `${compiled.rule.id}: pre-check rejects a bad example`);
      }
    }
  }
  assert.ok(withPrefilter > 10, `only ${withPrefilter} rules have a pre-check`);
});
