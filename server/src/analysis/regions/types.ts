/** Plain data shared by the region modules (detector, tracker, store). No protocol types here. */
import { SETTING_DEFAULTS } from '../settingDefaults';
import type { OffsetSpan, TextChange } from '../types';

export type { OffsetSpan };

/** `completion/paste`: one editor change inserted the block; `agent`: a program wrote the file on disk. */
export type RegionOrigin = 'completion/paste' | 'agent';
export type RegionStatus = 'unreviewed' | 'verified';

export interface Region {
  id: string;
  /** Half-open UTF-16 offsets in the current document text. Never empty, never beyond the text. */
  span: OffsetSpan;
  origin: RegionOrigin;
  /** ISO 8601. */
  createdAt: string;
  status: RegionStatus;
  verifiedAt?: string;
  verifiedBy?: string;
  /** Why it was verified (required by the client when findings remained), or how it was re-anchored. */
  note?: string;
  /** sha256 (hex) of the region's text, as of the last `refreshHashes` (or load). */
  contentHash: string;
}

/**
 * One incremental content change, as the LSP server sees it (the shared `TextChange`): `[start, end)`
 * are UTF-16 offsets in the text *before* the change, `replacedText` is the text that stood there.
 */
export type ContentChange = TextChange;

/** The shape `RegionTracker.applyChange` consumes: `[start, end)` of the old text became `insertedLength` characters. */
export interface RangeEdit {
  start: number;
  end: number;
  insertedLength: number;
}

/** `aiGuard.detection.minLines` / `minChars`. */
export interface DetectionSettings {
  minLines: number;
  minChars: number;
}

export const DEFAULT_DETECTION: Readonly<DetectionSettings> = Object.freeze({
  minLines: SETTING_DEFAULTS['detection.minLines'],
  minChars: SETTING_DEFAULTS['detection.minChars'],
});
