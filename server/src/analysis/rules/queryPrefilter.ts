/**
 * A cheap pre-check that skips a rule's query on texts where it cannot match.
 *
 * web-tree-sitter evaluates `#eq?` / `#any-of?` in JavaScript after building every structural
 * match, so a rule looking for `createCipheriv(...)` pays for every call in a file that never says
 * "createCipheriv". For each pattern we collect the literals its name predicates require; when the
 * text contains none of the alternatives of some predicate of every pattern, no match is possible.
 *
 * A pattern whose check accepts a match only for certain modules (a renamed import such as
 * `import { exec as run } from 'child_process'` must be matched on every bare call) states what its
 * text must contain with `(#requires-text? "child_process" "execa")`: tree-sitter keeps an unknown
 * predicate and ignores it while matching; only this pre-check reads it. It must name every text the
 * check can accept, or findings are lost — the rule's examples test that.
 *
 * Tree-sitter attaches predicates to the whole top-level pattern (also inside alternations), which
 * is what this splitter does. Only predicates on captures that occur exactly once or more count
 * (an optional capture satisfies `#eq?` vacuously). If our pattern count disagrees with the
 * compiled query's, the pre-check is switched off for that rule: never a missed finding.
 */
import type { Query } from 'web-tree-sitter';

/** Top-level patterns of a query source, as text. */
export function splitPatterns(source: string): string[] {
  const patterns: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === ';') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(' || ch === '[') {
      if (depth === 0) {
        if (start >= 0) patterns.push(source.slice(start, i));
        start = i;
      }
      depth++;
    } else if (ch === ')' || ch === ']') {
      depth--;
    }
  }
  if (start >= 0) patterns.push(source.slice(start));
  return patterns;
}

const STRING = /"((?:[^"\\]|\\.)*)"/g;

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** For one pattern: each entry is a set of literals of which at least one must occur in the text. */
export function requiredLiterals(pattern: string, isCountedCapture: (name: string) => boolean): string[][] {
  const out: string[][] = [];
  const predicate = /\(#(eq|any-of)\?\s+@([\w.-]+)((?:\s+"(?:[^"\\]|\\.)*")+)\s*\)/g;
  for (const m of pattern.matchAll(predicate)) {
    if (!isCountedCapture(m[2])) continue;
    const literals = [...m[3].matchAll(STRING)].map((s) => unescape(s[1])).filter((s) => s.length > 0);
    if (literals.length > 0) out.push(literals);
  }
  for (const m of pattern.matchAll(/\(#requires-text\?((?:\s+"(?:[^"\\]|\\.)*")+)\s*\)/g)) {
    const literals = [...m[1].matchAll(STRING)].map((s) => unescape(s[1])).filter((s) => s.length > 0);
    if (literals.length > 0) out.push(literals);
  }
  return out;
}

/** Builds `mayMatch(text)` for a compiled query; undefined when no pre-check applies. */
export function buildPrefilter(source: string, query: Query): ((text: string) => boolean) | undefined {
  const patterns = splitPatterns(source);
  if (patterns.length !== query.patternCount()) return undefined;
  const perPattern = patterns.map((pattern, index) =>
    requiredLiterals(pattern, (name) => {
      const captureIndex = query.captureNames.indexOf(name);
      const quantifier = query.captureQuantifiers[index]?.[captureIndex];
      // CaptureQuantifier: 0 Zero, 1 ZeroOrOne, 2 ZeroOrMore, 3 One, 4 OneOrMore
      return quantifier === 3 || quantifier === 4;
    }),
  );
  if (perPattern.some((required) => required.length === 0)) return undefined; // some pattern can match anything
  return (text) => perPattern.some((required) => required.every((alternatives) => alternatives.some((lit) => text.includes(lit))));
}
