/**
 * One open document's AI regions, wired the way the server needs them: it keeps the document text,
 * runs the insertion detector on each `didChange`, moves the regions, recognises undo/redo and
 * restores the regions of the version it returns to, and handles changes made on disk.
 *
 * Pass all content changes of one notification together (in LSP order): a drag-and-drop move is a
 * deletion and an insertion in the same notification, and only together do they read as a move.
 */
import type { ContentChange, DetectionSettings, OffsetSpan, Region, RegionOrigin } from './types';
import { DEFAULT_DETECTION } from './types';
import { classifyChange, diffInsertedHunks, editContext, type CopySource, type IgnoreReason } from './insertionDetector';
import { isWholeDocument, lineDiffEdits, trackerEditsFor } from './lineHunks';
import { DocumentVersions, RecentRemovals } from './editHistory';
import { RegionTracker, type TrackerOptions, type TrackerSnapshot } from './regionTracker';

/** Facts from outside the document (the server watches HEAD/the index and knows the exclude globs). */
export interface EditFlags {
  /** A git checkout/pull/merge/stash/branch switch happened moments ago. */
  isVcsOperation?: boolean;
  /** The file is ignored (.gitignore, `aiGuard.detection.exclude`). */
  excludedPath?: boolean;
}

/** `start`/`end`: UTF-16 offsets in the text before this change. `replacedText` is recomputed here. */
export type IncomingChange = Pick<ContentChange, 'start' | 'end' | 'insertedText'> & { replacedText?: string };

export interface EditOutcome {
  /** Regions created, or grown by merging, through AI insertions of this edit. */
  added: Region[];
  removed: string[];
  unverified: string[];
  /** Why changes were not AI insertions (for the log and the false-region measurements). */
  ignored: IgnoreReason[];
  /** The edit restored an earlier version of the text; its regions were restored with it. */
  undoRedo: boolean;
}

export interface DocumentRegionsOptions {
  settings?: DetectionSettings;
  /** Shared by all documents of a server, so a block cut in one file and pasted in another is a move. */
  recentRemovals?: RecentRemovals;
  /** Regions already known for this text (re-anchored from the store). */
  regions?: readonly Region[];
  tracker?: TrackerOptions;
  /** The other open documents: a block pasted from one of them is a copy, not new code. */
  otherDocuments?: () => Iterable<CopySource>;
}

export class DocumentRegions {
  settings: DetectionSettings;
  readonly tracker: RegionTracker;
  private current: string;
  private readonly versions = new DocumentVersions<TrackerSnapshot>();
  private readonly recentRemovals: RecentRemovals;
  private readonly otherDocuments?: () => Iterable<CopySource>;
  /** "Not AI-generated" is a person's decision: undo must not bring those regions back. */
  private readonly forgotten = new Set<string>();

  constructor(text: string, options: DocumentRegionsOptions = {}) {
    this.current = text;
    this.settings = options.settings ?? DEFAULT_DETECTION;
    this.recentRemovals = options.recentRemovals ?? new RecentRemovals();
    this.otherDocuments = options.otherDocuments;
    this.tracker = RegionTracker.fromRegions(options.regions ?? [], text.length, options.tracker);
    this.tracker.refreshHashes(text);
    this.versions.remember(text, this.tracker.snapshot());
  }

  get text(): string {
    return this.current;
  }

  get regions(): Region[] {
    return this.tracker.regions;
  }

  applyEdit(changes: readonly IncomingChange[], flags: EditFlags = {}): EditOutcome {
    const outcome: EditOutcome = { added: [], removed: [], unverified: [], ignored: [], undoRedo: false };
    const before = this.tracker.regions;
    // Replaced text is taken from our own copy, so a caller's stale `replacedText` cannot desync us.
    const resolved: ContentChange[] = [];
    let newText = this.current;
    for (const change of changes) {
      const start = clamp(Math.min(change.start, change.end), newText.length);
      const end = clamp(Math.max(change.start, change.end), newText.length);
      resolved.push({ start, end, insertedText: change.insertedText, replacedText: newText.slice(start, end) });
      newText = newText.slice(0, start) + change.insertedText + newText.slice(end);
    }
    const restored = this.versions.recall(newText);
    if (restored?.snapshot) {
      let length = this.current.length;
      for (const change of resolved) {
        this.tracker.applyEdits(trackerEditsFor(change, length));
        length += change.insertedText.length - (change.end - change.start);
      }
      this.tracker.restore(restored.snapshot, this.forgotten);
      outcome.undoRedo = true;
      outcome.ignored = resolved.map(() => 'undo-redo');
      return this.finish(newText, outcome, before);
    }
    const facts = editContext(resolved, this.recentRemovals);
    let text = this.current;
    for (const change of resolved) {
      const unreviewed = this.unreviewedSpans();
      const verdict = classifyChange(change, this.settings, {
        ...facts,
        documentLength: text.length,
        documentText: text,
        unreviewedSpans: unreviewed,
        isUndoRedo: restored !== undefined,
        isVcsOperation: flags.isVcsOperation,
        excludedPath: flags.excludedPath,
        otherDocuments: this.otherDocuments,
      });
      const removedSpan = { startIndex: change.start, endIndex: change.end };
      // Cutting unreviewed AI code must not let its paste count as a harmless move.
      if (!unreviewed.some((s) => s.startIndex < removedSpan.endIndex && removedSpan.startIndex < s.endIndex)) {
        this.recentRemovals.record(change.replacedText);
      }
      this.tracker.applyEdits(trackerEditsFor(change, text.length));
      const origin: RegionOrigin = isWholeDocument(change, text.length) ? 'agent' : 'completion/paste';
      text = text.slice(0, change.start) + change.insertedText + text.slice(change.end);
      if (verdict.kind === 'ignored') outcome.ignored.push(verdict.reason);
      else for (const span of verdict.spans) outcome.added.push(...this.tracker.addRegion(span, origin, { text }));
    }
    return this.finish(text, outcome, before);
  }

  /**
   * The file changed on disk (an agent wrote it, or it was reloaded) from the text known here to
   * `newText`. Regions follow the line diff; inserted hunks over the threshold become regions of
   * `origin` (`agent` by default) unless a git operation or an exclusion explains the change. Also
   * used for edits made in the editor while no server saw them, with origin `completion/paste`.
   */
  changedOnDisk(newText: string, flags: EditFlags = {}, origin: RegionOrigin = 'agent'): EditOutcome {
    const outcome: EditOutcome = { added: [], removed: [], unverified: [], ignored: [], undoRedo: false };
    if (newText === this.current) return outcome;
    const old = this.current;
    const before = this.tracker.regions;
    const unreviewed = this.unreviewedSpans();
    this.tracker.applyEdits(lineDiffEdits(old, newText));
    if (flags.isVcsOperation) outcome.ignored.push('vcs');
    else if (flags.excludedPath) outcome.ignored.push('excluded-path');
    else {
      const spans = diffInsertedHunks(old, newText, this.settings, { knownLines: this.recentRemovals, unreviewedSpans: unreviewed, otherDocuments: this.otherDocuments });
      for (const span of spans) outcome.added.push(...this.tracker.addRegion(span, origin, { text: newText }));
    }
    return this.finish(newText, outcome, before);
  }

  /** Tracks `span` as AI text (e.g. found by "Scan AI Changes"). */
  addRegion(span: OffsetSpan, origin: RegionOrigin): Region[] {
    const added = this.tracker.addRegion(span, origin, { text: this.current });
    this.versions.updateLatest(this.tracker.snapshot());
    return added;
  }

  verify(id: string, options: { note?: string; by?: string } = {}): Region | undefined {
    const region = this.tracker.verify(id, { ...options, text: this.current });
    this.versions.updateLatest(this.tracker.snapshot());
    return region;
  }

  forget(id: string): boolean {
    const forgotten = this.tracker.forget(id);
    if (forgotten) this.forgotten.add(id);
    this.versions.updateLatest(this.tracker.snapshot());
    return forgotten;
  }

  /** Spans of the unreviewed regions in the current text. */
  unreviewedSpans(): OffsetSpan[] {
    return this.tracker.regions.filter((r) => r.status === 'unreviewed').map((r) => r.span);
  }

  /** Records the new text and reports, against `before`, which regions vanished or lost their review. */
  private finish(text: string, outcome: EditOutcome, before: readonly Region[]): EditOutcome {
    this.current = text;
    this.tracker.refreshHashes(text);
    this.versions.remember(text, this.tracker.snapshot());
    const after = new Map(this.tracker.regions.map((r) => [r.id, r]));
    outcome.removed = before.filter((r) => !after.has(r.id)).map((r) => r.id);
    outcome.unverified = before.filter((r) => r.status === 'verified' && after.get(r.id)?.status === 'unreviewed').map((r) => r.id);
    return outcome;
  }
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}
