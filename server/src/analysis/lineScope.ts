/**
 * Which lines a check is about: the lines a diff adds. The gate (staged changes), `scan --diff`
 * (changes since a ref, for CI) and the editor's `aiGuard.scope: changedLines` (an open document,
 * unsaved edits included, against HEAD) all judge only added lines, so that old code nobody touched
 * never blocks a commit or a pull request.
 */
import * as path from 'node:path';
import { diffLines } from 'diff';
import { addedLinesSince, isValidRef, mergeBase, untrackedFiles, type LineRange, type Repository } from './git';
import type { OffsetSpan, TextRange } from './types';
import { lineStarts } from './regions/text';

/** The added lines of a file (1-based, inclusive ranges), or `all` for a file git does not track yet. */
export type LineScope = readonly LineRange[] | 'all';

/** Offset spans of `text` covering the 1-based line ranges, each with its line end. */
export function spansOfLines(text: string, ranges: readonly LineRange[]): OffsetSpan[] {
  const starts = lineStarts(text);
  const lineEnd = (line: number) => (line < starts.length ? starts[line] : text.length);
  return ranges
    .filter((r) => r.start <= starts.length)
    .map((r) => ({ startIndex: starts[r.start - 1], endIndex: lineEnd(Math.min(r.end, starts.length)) }));
}

/** Beyond this many edits a line diff is not worth computing: the text counts as new. */
const MAX_DIFF_EDITS = 5000;

/**
 * Offset spans of the lines `text` adds to `base`, by a line diff: for text git has not seen, such
 * as an editor's unsaved buffer compared with HEAD. The whole text when there is no base (the file
 * is not in the revision) or the texts differ too much to diff quickly.
 */
export function addedSpansOfText(base: string | undefined, text: string): OffsetSpan[] {
  const parts = base === undefined ? undefined : diffLines(base, text, { maxEditLength: MAX_DIFF_EDITS });
  if (!parts) return [{ startIndex: 0, endIndex: text.length }];
  const spans: OffsetSpan[] = [];
  let offset = 0;
  for (const part of parts) {
    if (part.removed) continue;
    if (part.added) spans.push({ startIndex: offset, endIndex: offset + part.value.length });
    offset += part.value.length;
  }
  return spans;
}

/** Zero-based lines a finding covers; an end at column 0 of the next line does not count that line. */
export function linesOfRange(range: TextRange): { first: number; last: number } {
  const last = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  return { first: range.start.line, last };
}

/** True when a 1-based line range [first, last] shares a line with `ranges`. */
export function touchesLines(first: number, last: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => r.start <= last && first <= r.end);
}

export function countLines(ranges: readonly LineRange[]): number {
  return ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0);
}

/** `ranges` without the lines of `holes` (both 1-based, inclusive). */
export function subtractLines(ranges: readonly LineRange[], holes: readonly LineRange[]): LineRange[] {
  let pieces = ranges.map((r) => ({ ...r }));
  for (const hole of holes) {
    pieces = pieces.flatMap((r) => {
      if (hole.end < r.start || r.end < hole.start) return [r];
      const left = hole.start > r.start ? [{ start: r.start, end: hole.start - 1 }] : [];
      const right = hole.end < r.end ? [{ start: hole.end + 1, end: r.end }] : [];
      return [...left, ...right];
    });
  }
  return pieces;
}

export class UnknownRefError extends Error {
  override name = 'UnknownRefError';
}

export interface DiffScope {
  /** The commit the work tree is compared with: where HEAD's history left `ref` (the merge base). */
  base: string;
  /** Changed files under the requested paths, absolute, sorted, with the lines to report on. */
  files: Map<string, LineScope>;
}

/**
 * The files changed in the work tree since `ref` and their added lines, plus untracked files that
 * are not ignored (wholly new). Like a pull request's diff, the comparison starts at the merge base
 * of `ref` and HEAD, so commits that reached `ref` after this branch left it do not count as changes
 * here. `within`: absolute files or folders the result is limited to (the repository when empty).
 */
export function diffScope(repo: Repository, ref: string, within: readonly string[] = []): DiffScope {
  if (!isValidRef(repo, ref)) {
    throw new UnknownRefError(`"${ref}" is not a commit, branch or tag in ${repo.root}. In CI, fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin <branch>).`);
  }
  const base = mergeBase(repo, ref) ?? ref;
  const inScope = (file: string) =>
    within.length === 0 || within.some((dir) => {
      const rel = path.relative(dir, file);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
  const files = new Map<string, LineScope>();
  for (const [file, ranges] of addedLinesSince(repo, base)) if (ranges.length > 0 && inScope(file)) files.set(file, ranges);
  for (const file of untrackedFiles(repo)) if (inScope(file)) files.set(file, 'all');
  return { base, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
