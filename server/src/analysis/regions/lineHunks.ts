/**
 * Line-wise diffing of two versions of a file into hunks (jsdiff `diffLines`), and the edits that
 * carry region positions across such a rewrite. Used for whole-document replacements (formatters,
 * "reload from disk") and for files changed on disk.
 */
import { diffLines } from 'diff';
import type { ContentChange, RangeEdit } from './types';

/** One place where the new text differs: `removed` (old) stood at `newStart`, `added` stands there now. */
export interface LineHunk {
  newStart: number;
  removed: string;
  added: string;
}

/**
 * Past this many differing lines the diff gives up and the whole differing middle becomes one hunk:
 * Myers' diff is O(N·D), and a rewrite that large is not worth splitting into regions precisely.
 */
const MAX_EDIT_LINES = 2000;

let cache: { oldText: string; newText: string; hunks: LineHunk[] } | undefined;

export function lineHunks(oldText: string, newText: string): LineHunk[] {
  // The detector and the tracker both diff the same pair for one whole-document change.
  if (cache && cache.oldText === oldText && cache.newText === newText) return cache.hunks;
  const hunks = computeHunks(oldText, newText);
  cache = { oldText, newText, hunks };
  return hunks;
}

function computeHunks(oldText: string, newText: string): LineHunk[] {
  const parts = diffLines(oldText, newText, { maxEditLength: MAX_EDIT_LINES });
  if (!parts) {
    const net = netChange({ start: 0, end: oldText.length, replacedText: oldText, insertedText: newText });
    return [{ newStart: net.start, removed: net.removedText, added: net.text }];
  }
  const hunks: LineHunk[] = [];
  let position = 0;
  let open: LineHunk | undefined;
  for (const part of parts) {
    if (!part.added && !part.removed) {
      open = undefined;
      position += part.value.length;
      continue;
    }
    if (!open) {
      open = { newStart: position, removed: '', added: '' };
      hunks.push(open);
    }
    if (part.removed) open.removed += part.value;
    else {
      open.added += part.value;
      position += part.value.length;
    }
  }
  return hunks;
}

export interface NetChange {
  /** Where the change really begins; the same offset in the old and the new text. */
  start: number;
  /** The text that is new. */
  text: string;
  /** The old text it replaced. */
  removedText: string;
}

/**
 * Strips the common prefix and suffix of the replaced and inserted text, so a change that rewrites a
 * block into almost the same block shrinks to what actually differs. Never splits a surrogate pair.
 */
export function netChange(change: ContentChange): NetChange {
  const a = change.replacedText;
  const b = change.insertedText;
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(a.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(a.charCodeAt(a.length - suffix))) suffix--;
  return {
    start: change.start + prefix,
    text: b.slice(prefix, b.length - suffix),
    removedText: a.slice(prefix, a.length - suffix),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function netEdit(change: ContentChange): RangeEdit {
  const net = netChange(change);
  return { start: net.start, end: net.start + net.removedText.length, insertedLength: net.text.length };
}

/**
 * The edits that move regions across a rewrite of `oldText` into `newText`, in order (each in the
 * coordinates the previous one leaves). Unchanged lines keep their regions, so formatting or reloading
 * a file does not wipe out regions the way one whole-document replacement would.
 */
export function lineDiffEdits(oldText: string, newText: string): RangeEdit[] {
  return lineHunks(oldText, newText)
    .map((h) => netEdit({ start: h.newStart, end: h.newStart + h.removed.length, replacedText: h.removed, insertedText: h.added }))
    .filter((e) => e.end > e.start || e.insertedLength > 0);
}

export function isWholeDocument(change: ContentChange, documentLength: number): boolean {
  return documentLength > 0 && change.start === 0 && change.end >= documentLength && change.insertedText.length > 0;
}

/** What `RegionTracker.applyChange` should be fed for one content change (see `lineDiffEdits`). */
export function trackerEditsFor(change: ContentChange, documentLength: number): RangeEdit[] {
  if (isWholeDocument(change, documentLength)) return lineDiffEdits(change.replacedText, change.insertedText);
  const edit = netEdit(change);
  return edit.end > edit.start || edit.insertedLength > 0 ? [edit] : [];
}
