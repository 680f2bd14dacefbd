/**
 * The AI regions of one document, moved by every edit the way the editor moves decorations.
 *
 * Semantics of `applyChange(start, end, insertedLength)` for a region [s, e):
 * - Characters of the region that the edit deletes are gone; the region is the hull of what is left,
 *   and vanishes when nothing is left (an empty region never exists).
 * - Text inserted strictly inside the region (region characters on both sides of it survive) becomes
 *   part of the region. Text inserted at the region's start or end, or replacing its first or last
 *   part, does not: it is new text next to the region, not inside it.
 * - An edit that deletes region characters or inserts inside the region "touches" it: a verified
 *   region becomes unreviewed again.
 * Regions never overlap. `addRegion` merges the new span with unreviewed regions it overlaps or
 * touches; verified regions are cut out of the span and stay verified (a re-scan that finds a hunk
 * around reviewed code does not un-verify it).
 *
 * The tracker knows the document's length, not its text, so it can clamp every span to
 * [0, length]; content hashes are computed from text passed to `refreshHashes`/`addRegion`/`verify`.
 */
import { randomUUID } from 'node:crypto';
import type { OffsetSpan, RangeEdit, Region, RegionOrigin } from './types';
import { clampSpan, sha256Hex, spansIntersect } from './text';

export interface TrackerOptions {
  now?: () => Date;
  newId?: () => string;
}

/** What an edit did to existing regions (ids), so the server can refresh CodeLens and the store. */
export interface ChangeEffect {
  removed: string[];
  unverified: string[];
  /** Any region moved, shrank, grew, vanished or changed status. */
  changed: boolean;
}

export interface TrackerSnapshot {
  textLength: number;
  regions: Region[];
  staleIds: string[];
}

export class RegionTracker {
  private list: Region[] = [];
  /** Regions whose text changed since their hash was computed: the hash says nothing about them yet. */
  private readonly stale = new Set<string>();
  private length: number;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(textLength: number, options: TrackerOptions = {}) {
    this.length = Math.max(0, textLength);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => randomUUID());
  }

  /** A tracker over existing regions (loaded or re-anchored): clamped, sorted, overlaps merged. */
  static fromRegions(regions: readonly Region[], textLength: number, options: TrackerOptions = {}): RegionTracker {
    const tracker = new RegionTracker(textLength, options);
    const sorted = regions
      .map((r) => ({ ...r, span: clampSpan(r.span, tracker.length) }))
      .filter((r) => r.span.endIndex > r.span.startIndex)
      .sort((a, b) => a.span.startIndex - b.span.startIndex);
    for (const region of sorted) {
      const last = tracker.list[tracker.list.length - 1];
      if (last && region.span.startIndex < last.span.endIndex) {
        last.span.endIndex = Math.max(last.span.endIndex, region.span.endIndex);
        if (region.status !== 'verified') clearVerification(last);
        tracker.stale.add(last.id);
      } else tracker.list.push(region);
    }
    return tracker;
  }

  get textLength(): number {
    return this.length;
  }

  /** Copies, sorted by position. */
  get regions(): Region[] {
    return this.list.map(copy);
  }

  get(id: string): Region | undefined {
    const region = this.list.find((r) => r.id === id);
    return region && copy(region);
  }

  regionsIntersecting(span: OffsetSpan): Region[] {
    return this.list.filter((r) => spansIntersect(r.span, span)).map(copy);
  }

  applyEdits(edits: readonly RangeEdit[]): ChangeEffect {
    const total: ChangeEffect = { removed: [], unverified: [], changed: false };
    for (const e of edits) {
      const effect = this.applyChange(e.start, e.end, e.insertedLength);
      total.removed.push(...effect.removed);
      total.unverified.push(...effect.unverified);
      total.changed ||= effect.changed;
    }
    return total;
  }

  /** `[start, end)` of the text before the edit became `insertedLength` characters. */
  applyChange(start: number, end: number, insertedLength: number): ChangeEffect {
    const a = clamp(Math.min(start, end), 0, this.length);
    const b = clamp(Math.max(start, end), a, this.length);
    const inserted = Math.max(0, insertedLength);
    const delta = inserted - (b - a);
    this.length += delta;
    const effect: ChangeEffect = { removed: [], unverified: [], changed: false };
    const kept: Region[] = [];
    for (const region of this.list) {
      const { startIndex: s, endIndex: e } = region.span;
      if (b <= s) {
        // Entirely before the region (an insertion exactly at its start included): it only moves.
        if (delta !== 0) effect.changed = true;
        region.span = { startIndex: s + delta, endIndex: e + delta };
        kept.push(region);
        continue;
      }
      if (a >= e) {
        kept.push(region);
        continue;
      }
      const leftSurvives = a > s;
      const rightSurvives = b < e;
      effect.changed = true;
      if (!leftSurvives && !rightSurvives) {
        effect.removed.push(region.id);
        this.stale.delete(region.id);
        continue;
      }
      if (leftSurvives && rightSurvives) region.span = { startIndex: s, endIndex: e + delta };
      else if (leftSurvives) region.span = { startIndex: s, endIndex: a };
      else region.span = { startIndex: a + inserted, endIndex: e + delta };
      this.stale.add(region.id);
      if (region.status === 'verified') {
        clearVerification(region);
        effect.unverified.push(region.id);
      }
      kept.push(region);
    }
    this.list = kept;
    return effect;
  }

  /**
   * Tracks `span` as AI text (see the merge rules above). Returns the regions that now cover it;
   * empty when the span is empty after clamping or lies entirely in verified regions.
   * `text` (the whole current document) lets the hash be computed at once.
   */
  addRegion(span: OffsetSpan, origin: RegionOrigin, options: { text?: string; createdAt?: string } = {}): Region[] {
    const clamped = clampSpan(span, this.length);
    const result: Region[] = [];
    for (const piece of this.outsideVerified(clamped)) {
      const touching = this.list.filter(
        (r) => r.status === 'unreviewed' && r.span.startIndex <= piece.endIndex && piece.startIndex <= r.span.endIndex,
      );
      const oldest = [...touching].sort((x, y) => x.createdAt.localeCompare(y.createdAt))[0];
      const region: Region = oldest ?? {
        id: this.newId(),
        span: piece,
        origin,
        createdAt: options.createdAt ?? this.now().toISOString(),
        status: 'unreviewed',
        contentHash: '',
      };
      region.span = {
        startIndex: Math.min(piece.startIndex, ...touching.map((r) => r.span.startIndex)),
        endIndex: Math.max(piece.endIndex, ...touching.map((r) => r.span.endIndex)),
      };
      this.list = this.list.filter((r) => !touching.includes(r));
      this.list.push(region);
      this.rehash(region, options.text, true);
      result.push(region);
    }
    this.list.sort((x, y) => x.span.startIndex - y.span.startIndex);
    return result.map(copy);
  }

  /** Marks a region reviewed by a person. `text` (the current document) refreshes its hash first. */
  verify(id: string, options: { note?: string; by?: string; text?: string } = {}): Region | undefined {
    const region = this.list.find((r) => r.id === id);
    if (!region) return undefined;
    this.rehash(region, options.text, false);
    region.status = 'verified';
    region.verifiedAt = this.now().toISOString();
    if (options.by) region.verifiedBy = options.by;
    else delete region.verifiedBy;
    if (options.note) region.note = options.note;
    else delete region.note;
    return copy(region);
  }

  /** "Not AI-generated": stop tracking the region. */
  forget(id: string): boolean {
    const before = this.list.length;
    this.list = this.list.filter((r) => r.id !== id);
    this.stale.delete(id);
    return this.list.length < before;
  }

  /**
   * Recomputes every hash from the current text (call after each batch of changes, before saving or
   * snapshotting). A verified region whose text no longer matches its hash although no tracked edit
   * touched it — the file changed behind the tracker's back — becomes unreviewed. Spans are clamped
   * to the text, which also resynchronises the tracked length.
   */
  refreshHashes(text: string): { unverified: string[]; removed: string[] } {
    const out = { unverified: [] as string[], removed: [] as string[] };
    this.length = text.length;
    this.list = this.list.filter((region) => {
      region.span = clampSpan(region.span, this.length);
      if (region.span.endIndex === region.span.startIndex) {
        out.removed.push(region.id);
        this.stale.delete(region.id);
        return false;
      }
      const hash = sha256Hex(text.slice(region.span.startIndex, region.span.endIndex));
      if (region.status === 'verified' && !this.stale.has(region.id) && hash !== region.contentHash) {
        clearVerification(region);
        out.unverified.push(region.id);
      }
      region.contentHash = hash;
      this.stale.delete(region.id);
      return true;
    });
    return out;
  }

  snapshot(): TrackerSnapshot {
    return { textLength: this.length, regions: this.regions, staleIds: [...this.stale] };
  }

  /**
   * Returns to a snapshot taken when the document had its current text (an undo/redo restored that
   * version); call it after the edit itself was applied. Snapshot regions come back with their spans;
   * `exclude` names regions forgotten since, which stay forgotten. A restored region that is
   * unreviewed in the snapshot but verified now, with the same text hash, stays verified: undoing
   * unrelated typing must not discard a review. Regions created since the snapshot stay where the
   * edit left them unless a restored region overlaps them.
   */
  restore(snapshot: TrackerSnapshot, exclude: ReadonlySet<string> = new Set()): void {
    const current = new Map(this.list.map((r) => [r.id, r]));
    const staleThen = new Set(snapshot.staleIds);
    const restored = snapshot.regions.filter((r) => !exclude.has(r.id)).map((saved) => {
      const region = copy(saved);
      const now = current.get(region.id);
      const sameText = now && !this.stale.has(now.id) && !staleThen.has(region.id) && now.contentHash === region.contentHash;
      if (region.status === 'unreviewed' && now?.status === 'verified' && sameText) {
        return { ...region, status: 'verified' as const, verifiedAt: now.verifiedAt, verifiedBy: now.verifiedBy, note: now.note };
      }
      return region;
    });
    const restoredIds = new Set(restored.map((r) => r.id));
    const kept = this.list.filter((r) => !restoredIds.has(r.id) && !restored.some((x) => spansIntersect(x.span, r.span)));
    const keptStale = kept.filter((r) => this.stale.has(r.id)).map((r) => r.id);
    this.list = [...restored, ...kept].sort((x, y) => x.span.startIndex - y.span.startIndex);
    this.stale.clear();
    for (const id of [...snapshot.staleIds.filter((id) => restoredIds.has(id)), ...keptStale]) this.stale.add(id);
    this.length = snapshot.textLength;
  }

  /** Hashes the region from `text`; without a usable text, `changed` says whether the old hash is now wrong. */
  private rehash(region: Region, text: string | undefined, changed: boolean): void {
    if (text === undefined || text.length !== this.length) {
      if (changed) this.stale.add(region.id);
      return;
    }
    region.contentHash = sha256Hex(text.slice(region.span.startIndex, region.span.endIndex));
    this.stale.delete(region.id);
  }

  /** `span` minus the verified regions, as the non-empty pieces left. */
  private outsideVerified(span: OffsetSpan): OffsetSpan[] {
    const pieces: OffsetSpan[] = [];
    let cursor = span.startIndex;
    for (const r of this.list) {
      if (r.status !== 'verified' || r.span.endIndex <= cursor || r.span.startIndex >= span.endIndex) continue;
      if (r.span.startIndex > cursor) pieces.push({ startIndex: cursor, endIndex: r.span.startIndex });
      cursor = Math.max(cursor, r.span.endIndex);
    }
    if (cursor < span.endIndex) pieces.push({ startIndex: cursor, endIndex: span.endIndex });
    return pieces;
  }
}

function clearVerification(region: Region): void {
  region.status = 'unreviewed';
  delete region.verifiedAt;
  delete region.verifiedBy;
  delete region.note;
}

function copy(region: Region): Region {
  return { ...region, span: { ...region.span } };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(Number.isFinite(value) ? value : max, max));
}
