/**
 * Regions persisted per repository in one JSON file (the gate and CLI use `.git/ai-guard/regions.json`;
 * the server may pass its workspace storage instead). Each region is saved with its text, so it can be
 * found again after the file changed while nothing tracked it (`reanchorRegions`).
 *
 * Failure policy: the store never throws at the caller for a bad file. A file that cannot be parsed
 * is moved aside (`regions.json.corrupt-<timestamp>`) and the store starts empty; a file written by a
 * newer schema is left untouched and the store is read-only; both come back as warnings to show.
 * Writes go to a temporary file that is then renamed over the old one, so a crash mid-write leaves
 * the previous state intact.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Region, RegionOrigin, RegionStatus } from './types';
import type { RegionTracker } from './regionTracker';
import { reanchor } from './reanchor';
import { sha256Hex } from './text';
import { describeError } from '../errors';

export const REGION_STORE_SCHEMA_VERSION = 1;

/** A region as saved: the region plus its text at the time of saving. */
export interface StoredRegion extends Region {
  text: string;
}

interface StoreFile {
  schemaVersion: number;
  /** Repository-relative paths with `/` separators. */
  files: Record<string, StoredRegion[]>;
}

export interface OpenedStore {
  store: RegionStore;
  /** Sentences for the log / a notification; empty when the file was fine or absent. */
  warnings: string[];
}

export class RegionStore {
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly filePath: string,
    private readonly files: Map<string, StoredRegion[]>,
    /** True when saving would destroy data this version cannot read. */
    readonly readOnly: boolean,
  ) {}

  static empty(filePath: string): RegionStore {
    return new RegionStore(filePath, new Map(), false);
  }

  static async open(filePath: string, options: { now?: () => Date } = {}): Promise<OpenedStore> {
    let raw: string;
    try {
      raw = await fs.readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { store: RegionStore.empty(filePath), warnings: [] };
      const warning = `AI Guard could not read its region state ${filePath} (${describeError(error)}). Regions are not loaded and the file is left as it is; check its permissions.`;
      return { store: new RegionStore(filePath, new Map(), true), warnings: [warning] };
    }
    const parsed = parseStore(raw);
    if ('problem' in parsed) {
      const warning = await moveAside(filePath, parsed.problem, (options.now ?? (() => new Date()))());
      return { store: RegionStore.empty(filePath), warnings: [warning] };
    }
    if (parsed.schemaVersion > REGION_STORE_SCHEMA_VERSION) {
      const warning = `AI Guard's region state ${filePath} was written by a newer version (schema ${parsed.schemaVersion}); regions are not loaded and the file is left untouched. Update AI Guard to use them.`;
      return { store: new RegionStore(filePath, new Map(), true), warnings: [warning] };
    }
    const files = new Map<string, StoredRegion[]>();
    let dropped = 0;
    for (const [file, regions] of Object.entries(parsed.files)) {
      const key = tryNormaliseKey(file);
      const valid = key !== undefined && Array.isArray(regions) ? regions.filter(isStoredRegion) : [];
      dropped += (Array.isArray(regions) ? regions.length : 1) - valid.length;
      if (key !== undefined && valid.length > 0) files.set(key, valid);
    }
    const warnings = dropped > 0 ? [`${dropped} saved AI region(s) in ${filePath} were malformed and were dropped; the rest loaded.`] : [];
    return { store: new RegionStore(filePath, files, false), warnings };
  }

  /** Repository-relative paths that have saved regions, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  regionsOf(relativePath: string): StoredRegion[] {
    return (this.files.get(normaliseKey(relativePath)) ?? []).map((r) => ({ ...r, span: { ...r.span } }));
  }

  setRegions(relativePath: string, regions: readonly StoredRegion[]): void {
    const key = normaliseKey(relativePath);
    if (regions.length === 0) this.files.delete(key);
    else this.files.set(key, regions.map((r) => ({ ...r, span: { ...r.span } })));
  }

  /**
   * Saves a tracker's regions with their text taken from `text`, the document they belong to. The
   * tracker's hashes are refreshed from `text` first, so a verified region whose text changed
   * untracked is saved as unreviewed rather than with a hash that hides the change.
   */
  setFromTracker(relativePath: string, tracker: RegionTracker, text: string): void {
    tracker.refreshHashes(text);
    this.setRegions(relativePath, tracker.regions.map((r) => toStored(r, text)));
  }

  deleteFile(relativePath: string): void {
    this.files.delete(normaliseKey(relativePath));
  }

  renameFile(from: string, to: string): void {
    const regions = this.files.get(normaliseKey(from));
    if (!regions) return;
    this.files.delete(normaliseKey(from));
    this.files.set(normaliseKey(to), regions);
  }

  /**
   * Writes the file atomically. Resolves `{ saved: false, warning }` instead of throwing (read-only
   * store, disk full, permissions). Concurrent calls are serialised.
   */
  save(): Promise<{ saved: boolean; warning?: string }> {
    const run = this.pending.then(() => this.write());
    this.pending = run;
    return run;
  }

  private async write(): Promise<{ saved: boolean; warning?: string }> {
    if (this.readOnly) return { saved: false, warning: `AI Guard did not save regions to ${this.filePath}: the file could not be read, so it is left untouched.` };
    const content: StoreFile = { schemaVersion: REGION_STORE_SCHEMA_VERSION, files: {} };
    for (const key of this.paths()) content.files[key] = this.files.get(key) as StoredRegion[];
    const temp = `${this.filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(this.filePath), { recursive: true });
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.filePath);
      return { saved: true };
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      return { saved: false, warning: `AI Guard could not save its region state to ${this.filePath} (${describeError(error)}); regions will be lost when the editor closes. Check free disk space and permissions.` };
    }
  }
}

export function toStored(region: Region, text: string): StoredRegion {
  const regionText = text.slice(region.span.startIndex, region.span.endIndex);
  return { ...region, span: { ...region.span }, contentHash: sha256Hex(regionText), text: regionText };
}

export interface ReanchorResult {
  regions: Region[];
  /** Saved regions whose text is gone from the file. */
  dropped: StoredRegion[];
  /** Ids found only partly (their lines changed): they are unreviewed now, whatever they were. */
  changed: string[];
}

/**
 * Places saved regions in the file's current text (`reanchor`). A region found exactly keeps its
 * status; one found partly is unreviewed; one whose saved text does not match its saved hash (the
 * state file was edited) is unreviewed too. Feed `regions` to `RegionTracker.fromRegions`.
 */
export function reanchorRegions(saved: readonly StoredRegion[], currentText: string): ReanchorResult {
  const result: ReanchorResult = { regions: [], dropped: [], changed: [] };
  for (const stored of saved) {
    const anchor = reanchor(stored, currentText);
    if (!anchor) {
      result.dropped.push(stored);
      continue;
    }
    const { text: _text, ...region } = stored;
    const placed: Region = { ...region, span: anchor.span, contentHash: sha256Hex(currentText.slice(anchor.span.startIndex, anchor.span.endIndex)) };
    const trustworthy = anchor.exact && sha256Hex(stored.text) === stored.contentHash;
    if (!trustworthy && placed.status === 'verified') {
      placed.status = 'unreviewed';
      delete placed.verifiedAt;
      delete placed.verifiedBy;
      delete placed.note;
    }
    if (!anchor.exact) result.changed.push(stored.id);
    result.regions.push(placed);
  }
  return result;
}

function parseStore(raw: string): StoreFile | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { problem: `not valid JSON: ${describeError(error)}` };
  }
  if (!isObject(value)) return { problem: 'not a JSON object' };
  if (typeof value.schemaVersion !== 'number' || !Number.isInteger(value.schemaVersion) || value.schemaVersion < 1) {
    return { problem: 'missing or invalid "schemaVersion"' };
  }
  if (!isObject(value.files)) return { problem: 'missing or invalid "files"' };
  return { schemaVersion: value.schemaVersion, files: value.files as Record<string, StoredRegion[]> };
}

async function moveAside(filePath: string, problem: string, now: Date): Promise<string> {
  const aside = `${filePath}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await fs.rename(filePath, aside);
    return `AI Guard could not read its region state ${filePath} (${problem}). It was moved to ${aside} and tracking starts fresh; run "Scan AI Changes" to find uncommitted AI code again.`;
  } catch (error) {
    return `AI Guard could not read its region state ${filePath} (${problem}) and could not move it aside (${describeError(error)}); it will be replaced on the next save.`;
  }
}

const ORIGINS: readonly RegionOrigin[] = ['completion/paste', 'agent'];
const STATUSES: readonly RegionStatus[] = ['unreviewed', 'verified'];

function isStoredRegion(value: unknown): value is StoredRegion {
  if (!isObject(value) || !isObject(value.span)) return false;
  const { startIndex, endIndex } = value.span;
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  return (
    typeof value.id === 'string' && value.id.length > 0 &&
    ORIGINS.includes(value.origin as RegionOrigin) &&
    STATUSES.includes(value.status as RegionStatus) &&
    typeof value.createdAt === 'string' &&
    typeof value.contentHash === 'string' &&
    typeof value.text === 'string' &&
    Number.isInteger(startIndex) && Number.isInteger(endIndex) &&
    (startIndex as number) >= 0 && (endIndex as number) > (startIndex as number) &&
    optionalString(value.verifiedAt) && optionalString(value.verifiedBy) && optionalString(value.note)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryNormaliseKey(relativePath: string): string | undefined {
  try {
    return normaliseKey(relativePath);
  } catch {
    return undefined;
  }
}

/** Keys are repository-relative with `/`; anything else is a programming error in the caller. */
function normaliseKey(relativePath: string): string {
  const key = relativePath.split('\\').join('/').replace(/^(\.\/)+/, '');
  if (!key || key.startsWith('/') || /^[a-zA-Z]:\//.test(key) || key.split('/').includes('..')) {
    throw new Error(`Region store keys are repository-relative paths; got "${relativePath}".`);
  }
  return key;
}
