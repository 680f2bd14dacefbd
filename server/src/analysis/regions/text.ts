/** Small text helpers the region modules share: hashing, line maths, "how much new code is this". */
import { createHash } from 'node:crypto';
import type { OffsetSpan } from './types';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Offsets where each line starts (`\n` line ends; a `\r` before it stays part of the line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Zero-based line containing `offset`, given `lineStarts(text)`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function clampSpan(span: OffsetSpan, length: number): OffsetSpan {
  const startIndex = Math.max(0, Math.min(span.startIndex, length));
  const endIndex = Math.max(startIndex, Math.min(span.endIndex, length));
  return { startIndex, endIndex };
}

/** Two spans share at least one character; an empty span counts when it touches or lies inside the other (a cursor). */
export function spansIntersect(a: OffsetSpan, b: OffsetSpan): boolean {
  if (a.startIndex === a.endIndex) return b.startIndex <= a.startIndex && a.startIndex <= b.endIndex;
  if (b.startIndex === b.endIndex) return a.startIndex <= b.startIndex && b.startIndex <= a.endIndex;
  return a.startIndex < b.endIndex && b.startIndex < a.endIndex;
}

/**
 * A line reduced to what survives re-indentation and formatter touch-ups (whitespace, a trailing
 * `;` or `,`), so a block that was cut and pasted at another depth is still recognised as the same.
 */
export function normaliseLine(line: string): string {
  return line.replace(/\s+/g, '').replace(/[;,]+$/, '');
}

/** Lines as the known-line sets compare them: normalised, blank ones left out. */
export function normalisedLines(text: string): string[] {
  return text.split('\n').map(normaliseLine).filter((l) => l.length > 0);
}

/** Lines with a letter or digit: blank lines and lone brackets are not "lines of code" for the threshold. */
export function isSubstantive(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line);
}

export interface CodeMeasure {
  /** Substantive lines. */
  lines: number;
  /** Characters of the non-blank lines, indentation and line ends left out. */
  chars: number;
}

/** Measures the lines of `text` that are not in `known` (normalised lines seen removed moments ago). */
export function measureCode(text: string, known?: { has(line: string): boolean }): CodeMeasure {
  let lines = 0;
  let chars = 0;
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (!trimmed || known?.has(normaliseLine(trimmed))) continue;
    chars += trimmed.length;
    if (isSubstantive(trimmed)) lines++;
  }
  return { lines, chars };
}

/**
 * Narrows `span` of `text` to its content: whole blank lines at the start and whitespace at the end
 * are dropped (the first line keeps its indentation), so a region starts and ends on code and its
 * CodeLens sits on the right line. Undefined when nothing but whitespace is left.
 */
export function trimToContent(text: string, span: OffsetSpan): OffsetSpan | undefined {
  let start = span.startIndex;
  let end = span.endIndex;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end === start) return undefined;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '\n') start = i + 1;
    else if (!/\s/.test(ch)) break;
  }
  return { startIndex: start, endIndex: end };
}
