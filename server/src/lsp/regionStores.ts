/**
 * Where each file's AI regions are persisted, and the saving of them. A file inside a git work tree
 * keeps its regions in `<gitDir>/ai-guard/regions.json` under its repository-relative path (the
 * gate and the CLI read the same file); a file outside git uses `<storagePath>/regions.json` (the
 * editor's workspace storage) under its absolute path without the root. Without either, regions
 * live in memory only.
 *
 * Saves are coalesced: at most one write per SAVE_DELAY_MS per store, and `flush()` on shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepository, relativeToRepo, type Repository } from '../analysis/git';
import { RegionStore } from '../analysis/regions';
import { fireAndForget } from '../analysis/errors';

const SAVE_DELAY_MS = 500;

export interface FileLocation {
  /** Absolute path of the file. */
  filePath: string;
  repo?: Repository;
  /** The state file, or undefined when regions are not persisted. */
  storeFile?: string;
  /** The file's key in the store. */
  key: string;
}

export class RegionStores {
  private readonly stores = new Map<string, Promise<RegionStore>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Saves under way: shutdown must not exit in the middle of one. */
  private readonly writing = new Set<Promise<void>>();
  private readonly repoByDir = new Map<string, Repository | null>();
  /** In-memory stores for files that can be persisted nowhere, by a pseudo path. */
  private static readonly MEMORY = '\0memory';
  /** Work-tree root of each repository store, to turn keys back into paths. */
  private readonly rootByStore = new Map<string, string>();
  storagePath: string | undefined;

  constructor(
    private readonly warnOnce: (message: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** The repository of a directory, cached: `git rev-parse` costs a process per call. */
  repositoryOf(filePath: string): Repository | undefined {
    const dir = path.dirname(filePath);
    let repo = this.repoByDir.get(dir);
    if (repo === undefined) {
      // A new file may sit in a folder that does not exist yet: ask from its nearest existing ancestor.
      let existing = dir;
      while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
      repo = findRepository(existing) ?? null;
      this.repoByDir.set(dir, repo);
    }
    return repo ?? undefined;
  }

  locate(filePath: string): FileLocation {
    const repo = this.repositoryOf(filePath);
    if (repo) {
      const key = relativeToRepo(repo, filePath);
      const storeFile = path.join(repo.gitDir, 'ai-guard', 'regions.json');
      this.rootByStore.set(storeFile, repo.root);
      if (key && !key.startsWith('../')) return { filePath, repo, key, storeFile };
    }
    const key = filePath.split(path.sep).join('/').replace(/^[a-zA-Z]:/, '').replace(/^\/+/, '');
    return { filePath, key, storeFile: this.storagePath ? path.join(this.storagePath, 'regions.json') : undefined };
  }

  /** The store holding `location`'s regions, opened once; a corrupt file is moved aside and reported once. */
  storeOf(location: FileLocation): Promise<RegionStore> {
    const file = location.storeFile ?? RegionStores.MEMORY;
    let store = this.stores.get(file);
    if (!store) {
      store = location.storeFile
        ? RegionStore.open(location.storeFile).then(({ store: opened, warnings }) => {
          for (const warning of warnings) this.warnOnce(warning);
          return opened;
        })
        : Promise.resolve(RegionStore.empty('regions.json')); // never saved: there is no storeFile
      this.stores.set(file, store);
    }
    return store;
  }

  /** The absolute path of a store key (the inverse of `locate`). */
  pathOf(storeFile: string, key: string): string {
    const root = this.rootByStore.get(storeFile) ?? path.parse(process.cwd()).root;
    return path.join(root, ...key.split('/'));
  }

  /** Every store opened so far, with its file (undefined for the in-memory one). */
  async openStores(): Promise<Array<{ file: string | undefined; store: RegionStore }>> {
    return Promise.all([...this.stores].map(async ([file, store]) => ({ file: file === RegionStores.MEMORY ? undefined : file, store: await store })));
  }

  /** Saves `location`'s store soon (coalesced). */
  scheduleSave(location: FileLocation): void {
    const file = location.storeFile;
    if (!file || this.timers.has(file)) return;
    this.timers.set(file, setTimeout(() => {
      this.timers.delete(file);
      fireAndForget(this.save(file), (m) => this.warnOnce(m), `Saving the AI regions to ${file}`);
    }, SAVE_DELAY_MS));
  }

  /** Writes every store with a pending save now and waits for saves under way (shutdown). */
  async flush(): Promise<void> {
    const files = [...this.timers.keys()];
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.writing, ...files.map((file) => this.save(file))]);
  }

  private save(file: string): Promise<void> {
    const run = this.write(file).finally(() => this.writing.delete(run));
    this.writing.add(run);
    return run;
  }

  private async write(file: string): Promise<void> {
    const store = await this.stores.get(file);
    if (!store) return;
    const result = await store.save();
    if (result.warning) this.warnOnce(result.warning);
    else this.log(`Saved AI regions to ${file}.`);
  }
}
