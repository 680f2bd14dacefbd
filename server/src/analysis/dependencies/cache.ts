/**
 * Registry answers, remembered: in memory for every front door, and on disk in the local state
 * folder (`.git/ai-guard/registry-cache.json`) so the editor, the CLI and the gate share them.
 * A package that exists is trusted for 24 hours, a missing one for 1 hour (someone may publish
 * it — including an attacker); a failed lookup is kept in memory only, briefly, and then retried.
 * A corrupt or unreadable file is ignored (and replaced on the next save): it is a cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PackageFacts } from './types';
import { describeError } from '../errors';

export const FOUND_TTL_MS = 24 * 60 * 60 * 1000;
export const MISSING_TTL_MS = 60 * 60 * 1000;
export const RETRY_AFTER_MS = 2 * 60 * 1000;
const MAX_ENTRIES = 5000;
const FILE_VERSION = 1;
const SAVE_DELAY_MS = 500;

interface Entry { facts: PackageFacts; expiresAt: number }

export class FactsCache {
  private readonly entries = new Map<string, Entry>();
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  /** `file`: where to persist; undefined keeps everything in memory. */
  constructor(readonly file: string | undefined, private readonly log: (message: string) => void = () => undefined, private readonly retryAfterMs = RETRY_AFTER_MS) {
    if (file) this.load(file);
  }

  get(key: string, now: number): PackageFacts | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.facts;
  }

  set(key: string, facts: PackageFacts): void {
    const ttl = facts.status === 'exists' ? FOUND_TTL_MS : facts.status === 'missing' ? MISSING_TTL_MS : this.retryAfterMs;
    this.entries.delete(key); // re-insert: the map's order is the eviction order
    this.entries.set(key, { facts, expiresAt: facts.checkedAt + ttl });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    if (facts.status !== 'unverified') this.scheduleSave();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes pending changes now (shutdown, end of a CLI run). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.saving = this.saving.then(() => this.save());
    }
    await this.saving;
  }

  private scheduleSave(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saving = this.saving.then(() => this.save());
    }, SAVE_DELAY_MS);
    this.timer.unref?.();
  }

  private load(file: string): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`The registry cache ${file} could not be read (${describeError(err)}); starting with an empty cache.`);
      return;
    }
    try {
      const data = JSON.parse(text) as { version?: number; entries?: Record<string, Entry> };
      if (data.version !== FILE_VERSION || !data.entries || typeof data.entries !== 'object') throw new Error('unknown format');
      const now = Date.now();
      for (const [key, entry] of Object.entries(data.entries)) {
        if (entry && typeof entry.expiresAt === 'number' && entry.expiresAt > now && entry.facts && (entry.facts.status === 'exists' || entry.facts.status === 'missing')) {
          this.entries.set(key, entry);
        }
      }
    } catch (err) {
      this.log(`The registry cache ${file} is not valid (${describeError(err)}); it is ignored and rewritten.`);
    }
  }

  private async save(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const now = Date.now();
    const entries: Record<string, Entry> = {};
    for (const [key, entry] of this.entries) if (entry.facts.status !== 'unverified' && entry.expiresAt > now) entries[key] = entry;
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(temp, JSON.stringify({ version: FILE_VERSION, entries }));
      await fs.promises.rename(temp, file);
    } catch (err) {
      this.log(`The registry cache could not be saved to ${file} (${describeError(err)}); answers are kept in memory only.`);
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    }
  }
}
