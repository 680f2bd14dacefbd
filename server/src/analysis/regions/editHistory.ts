/**
 * The little memory the detector needs beyond one change:
 * - `DocumentVersions` (one per document): hashes of recent texts, so an undo/redo — which LSP
 *   reports as an ordinary change — is recognised by the text it restores. Each version can carry a
 *   snapshot of the document's regions, so undoing a deletion brings its region back (otherwise
 *   delete + undo would launder AI code out of tracking).
 * - `RecentRemovals` (one per server): lines cut or deleted moments ago in any document, so pasting
 *   them elsewhere is a move, not new code.
 */
import type { KnownLines } from './insertionDetector';
import { normalisedLines, sha256Hex } from './text';

export class DocumentVersions<Snapshot> {
  private readonly entries: { hash: string; snapshot?: Snapshot }[] = [];
  private memo: { text: string; hash: string } | undefined;

  /**
   * `capacity` versions are kept. VS Code groups typed characters into one undo step, so a paste
   * followed by a few hundred keystrokes is still one "undo, undo" away from this ring.
   */
  constructor(private readonly capacity = 256) {}

  /** Records `text` as the newest version (or updates the newest one's snapshot if the text is unchanged). */
  remember(text: string, snapshot?: Snapshot): void {
    const hash = this.hash(text);
    const newest = this.entries[this.entries.length - 1];
    if (newest?.hash === hash) {
      newest.snapshot = snapshot;
      return;
    }
    this.entries.push({ hash, snapshot });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** Replaces the newest version's snapshot: regions changed without a text change (verify, forget). */
  updateLatest(snapshot: Snapshot): void {
    const newest = this.entries[this.entries.length - 1];
    if (newest) newest.snapshot = snapshot;
  }

  /**
   * When `text` equals an earlier version (not the newest one), that version — the change that led
   * here was an undo/redo or restored the text by hand. Its snapshot may be undefined.
   */
  recall(text: string): { snapshot?: Snapshot } | undefined {
    const hash = this.hash(text);
    for (let i = this.entries.length - 2; i >= 0; i--) {
      if (this.entries[i].hash === hash) return { snapshot: this.entries[i].snapshot };
    }
    return undefined;
  }

  get size(): number {
    return this.entries.length;
  }

  private hash(text: string): string {
    // recall() and remember() are called with the same text for one didChange: hash it once.
    if (this.memo?.text !== text) this.memo = { text, hash: sha256Hex(text) };
    return this.memo.hash;
  }
}

/**
 * Removals shorter than this on one line (backspacing, replacing a word) are not worth remembering:
 * re-inserting them could never reach the threshold anyway.
 */
const MIN_REMEMBERED_CHARS = 40;

export class RecentRemovals implements KnownLines {
  private readonly queue: string[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxLines = 4000) {}

  /**
   * Remembers the lines of a removed text. Do not record text that lay in an unreviewed AI region:
   * cutting AI code and pasting it elsewhere must still yield a region.
   */
  record(removedText: string): void {
    if (!removedText.includes('\n') && removedText.trim().length < MIN_REMEMBERED_CHARS) return;
    for (const line of normalisedLines(removedText)) {
      this.queue.push(line);
      this.counts.set(line, (this.counts.get(line) ?? 0) + 1);
    }
    while (this.queue.length > this.maxLines) {
      const oldest = this.queue.shift() as string;
      const left = (this.counts.get(oldest) ?? 1) - 1;
      if (left > 0) this.counts.set(oldest, left);
      else this.counts.delete(oldest);
    }
  }

  has(normalisedLine: string): boolean {
    return this.counts.has(normalisedLine);
  }
}
