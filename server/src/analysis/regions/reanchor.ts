/**
 * Finding a saved region again in a file that changed while nobody tracked the edits (edited on
 * disk, the editor restarted, a branch was switched back): by its text, not its old offsets.
 */
import { diffArrays } from 'diff';
import type { OffsetSpan } from './types';
import { isSubstantive, lineOf, lineStarts, normaliseLine, trimToContent } from './text';

export interface Anchor {
  span: OffsetSpan;
  /** The region's text was found unchanged; otherwise only most of its lines survive (fuzzy). */
  exact: boolean;
}

/** Lines that occur this often in the file say nothing about where the region went. */
const MAX_OCCURRENCES_PER_LINE = 50;

/**
 * The region's text now: the exact occurrence nearest its old offset; else the surviving lines, when
 * more than half of its lines with code are still together in the file (indentation ignored); else
 * undefined (the region is gone).
 */
export function reanchor(saved: { span: OffsetSpan; text: string }, currentText: string): Anchor | undefined {
  if (!saved.text.trim()) return undefined;
  const exact = nearestOccurrence(saved.text, currentText, saved.span.startIndex);
  if (exact !== undefined) return { span: { startIndex: exact, endIndex: exact + saved.text.length }, exact: true };
  const fuzzy = survivingLines(saved.text, currentText, saved.span.startIndex);
  return fuzzy && { span: fuzzy, exact: false };
}

function nearestOccurrence(needle: string, haystack: string, near: number): number | undefined {
  let best: number | undefined;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
    if (at > near) break; // later occurrences are only farther away
  }
  return best;
}

function survivingLines(savedText: string, currentText: string, oldOffset: number): OffsetSpan | undefined {
  const savedKeys = savedText.split('\n').map((l) => (isSubstantive(l) ? normaliseLine(l) : ''));
  const significant = savedKeys.filter(Boolean).length;
  if (significant === 0) return undefined;
  const wanted = new Set(savedKeys.filter(Boolean));
  const currentLines = currentText.split('\n');
  const currentKeys = currentLines.map((l) => normaliseLine(l));
  const starts = lineStarts(currentText);

  // Each shared line votes for an alignment (current line − saved line); the best one wins, ties
  // going to the alignment nearest the region's old place.
  const where = new Map<string, number[]>();
  currentKeys.forEach((key, j) => {
    if (!wanted.has(key)) return;
    const list = where.get(key) ?? [];
    if (list.length < MAX_OCCURRENCES_PER_LINE) list.push(j);
    where.set(key, list);
  });
  const votes = new Map<number, number>();
  savedKeys.forEach((key, i) => {
    if (key) for (const j of where.get(key) ?? []) votes.set(j - i, (votes.get(j - i) ?? 0) + 1);
  });
  if (votes.size === 0) return undefined;
  const oldLine = lineOf(starts, Math.min(oldOffset, currentText.length));
  const [shift] = [...votes.entries()].sort((x, y) => y[1] - x[1] || Math.abs(x[0] - oldLine) - Math.abs(y[0] - oldLine))[0];

  // Within a window around that alignment, the longest common subsequence says which lines survived.
  const n = savedKeys.length;
  const from = Math.max(0, shift - n);
  const to = Math.min(currentKeys.length, shift + 2 * n);
  const window = currentKeys.slice(from, to).map((key) => (wanted.has(key) ? key : `\u0000${key}`));
  let savedIndex = 0;
  let currentIndex = from;
  const survivors: number[] = [];
  for (const part of diffArrays(savedKeys, window)) {
    const count = part.value.length;
    if (part.added) currentIndex += count;
    else if (part.removed) savedIndex += count;
    else {
      for (let k = 0; k < count; k++) if (savedKeys[savedIndex + k]) survivors.push(currentIndex + k);
      savedIndex += count;
      currentIndex += count;
    }
  }
  if (survivors.length * 2 <= significant) return undefined;
  const first = survivors[0];
  const last = survivors[survivors.length - 1];
  return trimToContent(currentText, { startIndex: starts[first], endIndex: starts[last] + currentLines[last].length });
}
