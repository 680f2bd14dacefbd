/**
 * Decides whether one content change is an AI insertion (a completion or paste that dropped a block
 * of code in at once) or ordinary editing. LSP `didChange` carries no reason, so the rules look at
 * the change itself plus a few facts the server can know (see `ChangeContext`):
 * - Net text only: the common prefix/suffix with the replaced text is stripped first.
 * - Size: at least `minLines` lines containing a letter or digit, or `minChars` characters of
 *   non-blank lines. Typing arrives one character (or one auto-closed pair) per change.
 * - Formatting: the new text equals the old modulo whitespace, `;`, `,`, quotes and parentheses.
 * - Renames: the new text equals the old with one or two identifiers consistently swapped.
 * - Moves: lines that were removed moments ago (cut/paste, drag-and-drop, organize imports,
 *   extract function) are not new code; only the remaining lines count toward the threshold.
 * - Copies: a block that already stands elsewhere in the document (Duplicate Selection, copy/paste
 *   within the file) or in another open document (copy/paste between files) is not new — unless the
 *   original lies in an unreviewed AI region.
 * - Whole-document replacements are diffed line-wise and each inserted hunk is judged on its own,
 *   so a formatter or reload that leaves most of the file alone yields nothing.
 */
import type { ContentChange, DetectionSettings, OffsetSpan } from './types';
import { isWholeDocument, lineHunks, netChange, type LineHunk, type NetChange } from './lineHunks';
import { lineStarts, measureCode, normalisedLines, spansIntersect, trimToContent, type CodeMeasure } from './text';

export type IgnoreReason =
  | 'below-threshold'
  | 'undo-redo'
  | 'format'
  | 'rename'
  | 'moved'
  | 'copied'
  | 'vcs'
  | 'excluded-path';

/** `spans` are offsets in the document *after* this change; a whole-document diff may yield several. */
export type Classification = { kind: 'ai-insertion'; spans: OffsetSpan[] } | { kind: 'ignored'; reason: IgnoreReason };

/** Another open document, whose text a paste may have been copied from. */
export interface CopySource {
  text: string;
  /** Its unreviewed AI regions: copies of their text are still AI text. */
  unreviewedSpans: readonly OffsetSpan[];
}

/** Normalised lines (see `normaliseLine`) that were removed moments ago. */
export interface KnownLines {
  has(normalisedLine: string): boolean;
}

export interface ChangeContext {
  /** Length of the document before this change; a change spanning all of it is diffed line-wise. */
  documentLength: number;
  /** The document text before this change; enables the "copied from elsewhere in the file" rule. */
  documentText?: string;
  /** Unreviewed AI regions in `documentText`: copies of their text are still AI text. */
  unreviewedSpans?: readonly OffsetSpan[];
  /** The other open documents (asked only for a block over the threshold). */
  otherDocuments?: () => Iterable<CopySource>;
  /** Lines removed by this edit's other changes or recently (`editContext`, `RecentRemovals`). */
  knownLines?: KnownLines;
  /** The new document text equals a recent earlier version (`DocumentVersions.recall`). */
  isUndoRedo?: boolean;
  /** The edit's changes look like a rename (`looksLikeRename`). */
  isRename?: boolean;
  /** A git checkout/pull/merge/stash/branch switch happened moments ago (HEAD or index changed). */
  isVcsOperation?: boolean;
  /** The file is matched by .gitignore or `aiGuard.detection.exclude`. */
  excludedPath?: boolean;
}

/** The net inserted text of one change: see `netChange`. */
export function netInsertion(change: ContentChange): NetChange {
  return netChange(change);
}

export function classifyChange(change: ContentChange, settings: DetectionSettings, context: ChangeContext): Classification {
  if (context.excludedPath) return ignored('excluded-path');
  if (context.isVcsOperation) return ignored('vcs');
  if (context.isUndoRedo) return ignored('undo-redo');
  if (context.isRename) return ignored('rename');
  if (isWholeDocument(change, context.documentLength)) {
    return classifyHunks(lineHunks(change.replacedText, change.insertedText), settings, {
      known: context.knownLines,
      copySource: change.replacedText,
      unreviewedSpans: context.unreviewedSpans,
      otherDocuments: context.otherDocuments,
    });
  }
  const net = netChange(change);
  const verdict = judgeBlock(net.text, net.removedText, settings, {
    known: context.knownLines,
    copySource: context.documentText,
    unreviewedSpans: context.unreviewedSpans,
    otherDocuments: context.otherDocuments,
  });
  if (typeof verdict === 'string') return ignored(verdict);
  return { kind: 'ai-insertion', spans: [shift(verdict, net.start)] };
}

export interface HunkOptions {
  /** Lines removed elsewhere moments ago (a block moved between files is not new). */
  knownLines?: KnownLines;
  /** Unreviewed regions in `oldText`, whose copies still count as inserted. */
  unreviewedSpans?: readonly OffsetSpan[];
  /** The other open documents, whose copies are not new. */
  otherDocuments?: () => Iterable<CopySource>;
}

/**
 * Inserted hunks over the threshold when a file changed from `oldText` (last known content or git
 * HEAD) to `newText` on disk: spans in `newText`, for regions with origin `agent`.
 */
export function diffInsertedHunks(oldText: string, newText: string, settings: DetectionSettings, options: HunkOptions = {}): OffsetSpan[] {
  const result = classifyHunks(lineHunks(oldText, newText), settings, {
    known: options.knownLines,
    copySource: oldText,
    unreviewedSpans: options.unreviewedSpans,
    otherDocuments: options.otherDocuments,
  });
  return result.kind === 'ai-insertion' ? result.spans : [];
}

/** Facts about one `didChange` notification that each of its changes is judged with. */
export interface EditFacts {
  changeCountInEdit: number;
  isRename: boolean;
  /** Lines removed by any change of the edit, plus `recent` (so a drag-and-drop move is recognised). */
  knownLines: KnownLines;
}

export function editContext(changes: readonly ContentChange[], recent?: KnownLines): EditFacts {
  const removed = new Set<string>();
  for (const c of changes) for (const line of normalisedLines(c.replacedText)) removed.add(line);
  return {
    changeCountInEdit: changes.length,
    isRename: looksLikeRename(changes),
    knownLines: { has: (line) => removed.has(line) || (recent?.has(line) ?? false) },
  };
}

const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/**
 * A rename arrives as several single-identifier replacements in one edit, most of them the same pair
 * (a few differ where shorthand properties or imports are expanded).
 */
export function looksLikeRename(changes: readonly ContentChange[]): boolean {
  if (changes.length < 2) return false;
  const counts = new Map<string, number>();
  for (const c of changes) {
    if (c.replacedText.includes('\n') || c.insertedText.includes('\n')) return false;
    if (IDENTIFIER.test(c.replacedText) && IDENTIFIER.test(c.insertedText)) {
      const key = `${c.replacedText}\u0000${c.insertedText}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const top = Math.max(0, ...counts.values());
  return top >= 2 && top * 2 >= changes.length;
}

interface BlockOptions {
  known?: KnownLines;
  copySource?: string;
  unreviewedSpans?: readonly OffsetSpan[];
  otherDocuments?: () => Iterable<CopySource>;
}

function classifyHunks(hunks: readonly LineHunk[], settings: DetectionSettings, options: BlockOptions): Classification {
  // Lines the rewrite removed anywhere are not new where they reappear (a block moved within the file).
  const removedLines = new Set(hunks.flatMap((h) => normalisedLines(h.removed)));
  const known: KnownLines = { has: (line) => removedLines.has(line) || (options.known?.has(line) ?? false) };
  const spans: OffsetSpan[] = [];
  let reason: IgnoreReason = 'below-threshold';
  let largest = -1;
  for (const hunk of hunks) {
    if (!hunk.added) continue;
    const verdict = judgeBlock(hunk.added, hunk.removed, settings, { ...options, known });
    if (typeof verdict !== 'string') spans.push(shift(verdict, hunk.newStart));
    else if (hunk.added.length > largest) {
      largest = hunk.added.length;
      reason = verdict;
    }
  }
  return spans.length > 0 ? { kind: 'ai-insertion', spans } : ignored(reason);
}

/** The span (relative to `inserted`) of an AI block, or why it is not one. */
function judgeBlock(inserted: string, removed: string, settings: DetectionSettings, options: BlockOptions): OffsetSpan | IgnoreReason {
  if (!meets(measureCode(inserted), settings)) return 'below-threshold';
  if (removed) {
    if (sameModuloFormatting(removed, inserted)) return 'format';
    if (isIdentifierSubstitution(removed, inserted)) return 'rename';
  }
  const ownLines = new Set(normalisedLines(removed));
  const known: KnownLines = { has: (line) => ownLines.has(line) || (options.known?.has(line) ?? false) };
  if (!meets(measureCode(inserted, known), settings)) return 'moved';
  if (options.copySource && isCopyOf(inserted, options.copySource, options.unreviewedSpans ?? [])) return 'copied';
  for (const other of options.otherDocuments?.() ?? []) if (isCopyOf(inserted, other.text, other.unreviewedSpans)) return 'copied';
  return trimToContent(inserted, { startIndex: 0, endIndex: inserted.length }) ?? 'below-threshold';
}

function meets(measure: CodeMeasure, settings: DetectionSettings): boolean {
  return measure.lines >= settings.minLines || measure.chars >= settings.minChars;
}

/** Formatters change layout, quotes, trailing commas/semicolons and optional parentheses — nothing else. */
export function sameModuloFormatting(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/[\s;,'"`()]/g, '');
  return strip(a) === strip(b);
}

const TOKEN = /[\p{L}\p{N}_$]+|[^\s\p{L}\p{N}_$]/gu;

/** Same tokens except identifiers swapped one-for-one (at most two distinct renames). */
export function isIdentifierSubstitution(a: string, b: string): boolean {
  const ta = a.match(TOKEN) ?? [];
  const tb = b.match(TOKEN) ?? [];
  if (ta.length !== tb.length) return false;
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  for (let i = 0; i < ta.length; i++) {
    if (ta[i] === tb[i]) continue;
    if (!IDENTIFIER.test(ta[i]) || !IDENTIFIER.test(tb[i])) return false;
    if ((forward.get(ta[i]) ?? tb[i]) !== tb[i] || (backward.get(tb[i]) ?? ta[i]) !== ta[i]) return false;
    forward.set(ta[i], tb[i]);
    backward.set(tb[i], ta[i]);
  }
  return forward.size >= 1 && forward.size <= 2;
}

/**
 * True when `inserted` (compared line by line, indentation ignored; its first line may be the tail
 * of a line and its last line the head of one) already stands in `source` outside unreviewed spans.
 */
export function isCopyOf(inserted: string, source: string, unreviewedSpans: readonly OffsetSpan[]): boolean {
  const wanted = inserted.trim().split('\n').map((l) => l.trim());
  if (wanted.length === 0 || !wanted[0]) return false;
  const outsideRegions = (start: number, end: number) =>
    !unreviewedSpans.some((s) => spansIntersect(s, { startIndex: start, endIndex: Math.max(end, start + 1) }));
  if (wanted.length === 1) {
    for (let at = source.indexOf(wanted[0]); at !== -1; at = source.indexOf(wanted[0], at + 1)) {
      if (outsideRegions(at, at + wanted[0].length)) return true;
    }
    return false;
  }
  const starts = lineStarts(source);
  const raw = source.split('\n');
  const lines = raw.map((l) => l.trim());
  const last = wanted.length - 1;
  for (let i = 0; i + last < lines.length; i++) {
    if (!lines[i].endsWith(wanted[0]) || !lines[i + last].startsWith(wanted[last])) continue;
    let same = true;
    for (let j = 1; j < last && same; j++) same = lines[i + j] === wanted[j];
    if (same && outsideRegions(starts[i], starts[i + last] + raw[i + last].length)) return true;
  }
  return false;
}

function shift(span: OffsetSpan, by: number): OffsetSpan {
  return { startIndex: span.startIndex + by, endIndex: span.endIndex + by };
}

function ignored(reason: IgnoreReason): Classification {
  return { kind: 'ignored', reason };
}
