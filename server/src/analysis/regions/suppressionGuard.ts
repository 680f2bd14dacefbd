/**
 * Guarding the guard: suppression comments (`eslint-disable`, `# nosec`, `@ts-ignore`,
 * `ai-guard-ignore`…) written inside unreviewed AI regions. They are reported as findings of their
 * own, and an `ai-guard-ignore` there is not honoured until a person verifies the region.
 *
 * Only real comments count. A light scanner per language skips string literals and finds comments;
 * a directive must then start the comment (after `//`, `/*`, `#`, `<!--`, whitespace or a leading
 * `*`) or follow a `#`/`//` inside it (`# noqa  # type: ignore`, `// #nosec`) — the places the tools
 * themselves look. "We removed the eslint-disable here" in prose is not a directive.
 */
import type { GrammarId } from '../languages';
import type { Finding } from '../types';
import type { Suppression } from '../suppression';
import type { OffsetSpan } from './types';
import { lineOf, lineStarts } from './text';

export type SuppressionKind =
  | 'ai-guard-ignore' | 'eslint-disable' | 'biome-ignore' | 'deno-lint-ignore'
  | 'ts-ignore' | 'ts-nocheck' | 'ts-expect-error'
  | 'nosec' | 'nosemgrep' | 'nosonar'
  | 'type-ignore' | 'noqa' | 'pylint-disable'
  | 'nolint' | 'lint-ignore';

export interface SuppressionComment {
  kind: SuppressionKind;
  /** The directive as written, up to the end of its comment line (e.g. `eslint-disable-next-line no-eval`). */
  directive: string;
  /** Where the directive starts and ends in the text. */
  span: OffsetSpan;
  /** Zero-based line of the directive. */
  line: number;
}

/** Tried in order at each place a directive may start; sticky and anchored there. */
const DIRECTIVES: readonly { kind: SuppressionKind; pattern: RegExp; tool: string }[] = [
  { kind: 'ai-guard-ignore', pattern: /ai-guard-ignore(?:-[a-z]+)*\b/y, tool: 'AI Guard' },
  { kind: 'eslint-disable', pattern: /eslint-disable(?:-next-line|-line)?\b/y, tool: 'ESLint' },
  // `/* eslint no-eval: 0 */` and `"off"` turn a rule off just the same.
  { kind: 'eslint-disable', pattern: /eslint\s+[@\w/-]+\s*:\s*(?:0|["']?off["']?)(?=[\s,*]|$)/y, tool: 'ESLint' },
  { kind: 'biome-ignore', pattern: /biome-ignore\b/y, tool: 'Biome' },
  { kind: 'deno-lint-ignore', pattern: /deno-lint-ignore(?:-file)?\b/y, tool: 'deno lint' },
  { kind: 'ts-ignore', pattern: /@ts-ignore\b/y, tool: 'TypeScript' },
  { kind: 'ts-nocheck', pattern: /@ts-nocheck\b/y, tool: 'TypeScript' },
  { kind: 'ts-expect-error', pattern: /@ts-expect-error\b/y, tool: 'TypeScript' },
  { kind: 'nosec', pattern: /nosec\b/iy, tool: 'bandit/gosec' },
  { kind: 'nosemgrep', pattern: /nosem(?:grep)?\b/iy, tool: 'Semgrep' },
  { kind: 'nosonar', pattern: /nosonar\b/iy, tool: 'SonarQube' },
  { kind: 'type-ignore', pattern: /(?:type:\s*ignore|pyright:\s*ignore|mypy:\s*ignore-errors)\b/y, tool: 'the type checker' },
  { kind: 'noqa', pattern: /(?:ruff:\s*|flake8:\s*)?noqa\b/iy, tool: 'flake8/ruff' },
  { kind: 'pylint-disable', pattern: /pylint:\s*(?:disable|skip-file)\b/y, tool: 'pylint' },
  { kind: 'nolint', pattern: /nolint\b/iy, tool: 'golangci-lint' },
  { kind: 'lint-ignore', pattern: /lint:(?:file-)?ignore\b/y, tool: 'staticcheck' },
];

const ANY_DIRECTIVE = /ai-guard-ignore|eslint|biome-ignore|deno-lint|@ts-|nosec|nosem|nosonar|ignore|noqa|pylint|nolint/i;

interface CommentRange {
  /** First character after the opener. */
  bodyStart: number;
  /** End of the comment, closer excluded. */
  end: number;
}

type Syntax = 'c-like' | 'go' | 'python' | 'unknown';

function syntaxOf(language: GrammarId | undefined): Syntax {
  if (language === 'python') return 'python';
  if (language === 'go') return 'go';
  return language ? 'c-like' : 'unknown';
}

/**
 * Comments of `text`. Strings are skipped by quote matching only (no regex-literal or template
 * `${}` nesting): a mis-scan can hide a comment on the same line, never invent one inside a string
 * that the language would read as a string. Unknown languages get every opener and no strings.
 */
function scanComments(text: string, syntax: Syntax): CommentRange[] {
  const out: CommentRange[] = [];
  const lineEnd = (from: number) => {
    const nl = text.indexOf('\n', from);
    return nl === -1 ? text.length : nl;
  };
  const until = (closer: string, from: number) => {
    const at = text.indexOf(closer, from);
    return at === -1 ? text.length : at;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (syntax !== 'python' && ch === '/' && next === '/') {
      const end = lineEnd(i);
      out.push({ bodyStart: i + 2, end });
      i = end;
    } else if (syntax !== 'python' && ch === '/' && next === '*') {
      const end = until('*/', i + 2);
      out.push({ bodyStart: i + 2, end });
      i = end + 2;
    } else if ((syntax === 'python' || syntax === 'unknown') && ch === '#') {
      const end = lineEnd(i);
      out.push({ bodyStart: i + 1, end });
      i = end;
    } else if (syntax === 'unknown' && text.startsWith('<!--', i)) {
      const end = until('-->', i + 4);
      out.push({ bodyStart: i + 4, end });
      i = end + 3;
    } else if (syntax !== 'unknown' && (ch === '"' || ch === "'" || ch === '`')) {
      i = skipString(text, i, syntax);
    } else i++;
  }
  return out;
}

/** Index just past the string literal opening at `i`. */
function skipString(text: string, i: number, syntax: Syntax): number {
  const quote = text[i];
  if (syntax === 'python' && text.startsWith(quote.repeat(3), i)) {
    for (let j = i + 3; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text.startsWith(quote.repeat(3), j)) return j + 3;
    }
    return text.length;
  }
  if (quote === '`' && syntax === 'python') return i + 1;
  const multiLine = quote === '`'; // JS template literal, Go raw string
  const escapes = !(quote === '`' && syntax === 'go');
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\' && escapes) j++;
    else if (c === quote) return j + 1;
    else if (c === '\n' && !multiLine) return j; // unterminated: stop at the line end
  }
  return text.length;
}

/** Places inside a comment where a directive may start: its start, each line start, after `#` or `//`. */
function directiveSlots(text: string, comment: CommentRange): number[] {
  const slots = [comment.bodyStart];
  for (let j = comment.bodyStart; j < comment.end; j++) {
    if (text[j] === '\n') slots.push(j + 1);
    else if (text[j] === '#') slots.push(j + 1);
    else if (text[j] === '/' && text[j + 1] === '/') slots.push(j + 2);
  }
  return slots;
}

/**
 * Suppression directives in comments of `text`. `within`: only directives starting inside one of
 * these spans (e.g. unreviewed regions). `language` picks comment and string syntax (undefined: any).
 */
export function findSuppressionComments(text: string, options: { language?: GrammarId; within?: readonly OffsetSpan[] } = {}): SuppressionComment[] {
  if (!ANY_DIRECTIVE.test(text)) return [];
  const within = options.within;
  if (within && within.length === 0) return [];
  const starts = lineStarts(text);
  const found = new Map<number, SuppressionComment>();
  for (const comment of scanComments(text, syntaxOf(options.language))) {
    for (const slot of directiveSlots(text, comment)) {
      let at = slot;
      while (at < comment.end && /[ \t*]/.test(text[at])) at++;
      if (found.has(at) || (within && !within.some((s) => s.startIndex <= at && at < s.endIndex))) continue;
      for (const { kind, pattern } of DIRECTIVES) {
        pattern.lastIndex = at;
        const m = pattern.exec(text);
        if (!m || m.index + m[0].length > comment.end) continue;
        const newline = text.indexOf('\n', at);
        const lineStop = newline === -1 ? comment.end : Math.min(comment.end, newline);
        const directive = text.slice(at, lineStop).trimEnd().slice(0, 120);
        found.set(at, { kind, directive, span: { startIndex: at, endIndex: at + m[0].length }, line: lineOf(starts, at) });
        break;
      }
    }
  }
  return [...found.values()].sort((a, b) => a.span.startIndex - b.span.startIndex);
}

export const AI_SUPPRESSION_RULE_ID = 'ai-suppression-in-ai-code';

/** One finding per suppression directive inside `unreviewedSpans` (rule `ai-suppression-in-ai-code`). */
export function suppressionFindings(text: string, unreviewedSpans: readonly OffsetSpan[], language?: GrammarId): Finding[] {
  const starts = lineStarts(text);
  return findSuppressionComments(text, { language, within: unreviewedSpans }).map((s) => {
    const tool = DIRECTIVES.find((d) => d.kind === s.kind)?.tool ?? 'a checker';
    const consequence = s.kind === 'ai-guard-ignore'
      ? 'AI Guard does not honour it until the region is verified.'
      : `It silences ${tool} in code nobody has reviewed yet.`;
    const endLine = lineOf(starts, s.span.endIndex);
    return {
      ruleId: AI_SUPPRESSION_RULE_ID,
      title: 'Suppression comment in unreviewed AI code',
      message: `AI-written code added the suppression "${s.directive}". ${consequence} Check why it is there and remove it, or mark the region verified once you have reviewed it.`,
      severity: 'warning',
      category: 'suppression',
      cwe: [],
      range: {
        start: { line: s.line, character: s.span.startIndex - starts[s.line] },
        end: { line: endLine, character: s.span.endIndex - starts[endLine] },
      },
      span: { ...s.span },
    };
  });
}

/**
 * The `ai-guard-ignore` suppressions (from `findSuppressions`) that may be honoured: those whose
 * comment does not lie in an unreviewed AI region.
 */
export function honouredSuppressions(
  suppressions: readonly Suppression[],
  text: string,
  unreviewedSpans: readonly OffsetSpan[],
  language?: GrammarId,
): Suppression[] {
  const blocked = new Set(
    findSuppressionComments(text, { language, within: unreviewedSpans }).filter((c) => c.kind === 'ai-guard-ignore').map((c) => c.line),
  );
  return suppressions.filter((s) => !blocked.has(s.line));
}
