/**
 * How the dependency checks read the workspace: a file source with a cache, so a check can ask
 * "is there a package.json above this file?" synchronously and many times per run for the price of
 * one read. The LSP front door lays open documents over the disk (an unsaved package.json counts)
 * and drops cached entries when files change; tests use an in-memory tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileSource {
  /** The file's text, or undefined when it does not exist or cannot be read as text. */
  read(filePath: string): string | undefined;
  exists(filePath: string): boolean;
  isDirectory(filePath: string): boolean;
  /** Entry names of a folder (empty when it does not exist). */
  list(dirPath: string): string[];
}

/** Files over this size are not read for project knowledge (a lockfile of a monorepo can be big, but not this big). */
const MAX_PROJECT_FILE_BYTES = 32 * 1024 * 1024;

export class DiskFileSource implements FileSource {
  private readonly texts = new Map<string, string | undefined>();
  private readonly stats = new Map<string, 'file' | 'dir' | undefined>();
  private readonly listings = new Map<string, string[]>();
  /** Open documents' texts, which win over the disk. */
  private readonly overlays = new Map<string, string>();

  read(filePath: string): string | undefined {
    const overlay = this.overlays.get(filePath);
    if (overlay !== undefined) return overlay;
    if (this.texts.has(filePath)) return this.texts.get(filePath);
    let text: string | undefined;
    try {
      const stat = fs.statSync(filePath);
      text = stat.isFile() && stat.size <= MAX_PROJECT_FILE_BYTES ? fs.readFileSync(filePath, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.texts.set(filePath, text);
    return text;
  }

  exists(filePath: string): boolean {
    return this.overlays.has(filePath) || this.kind(filePath) !== undefined;
  }

  isDirectory(filePath: string): boolean {
    return this.kind(filePath) === 'dir';
  }

  list(dirPath: string): string[] {
    let names = this.listings.get(dirPath);
    if (!names) {
      try {
        names = fs.readdirSync(dirPath);
      } catch {
        names = [];
      }
      this.listings.set(dirPath, names);
    }
    return names;
  }

  /** An open document's text stands in for the file. */
  overlay(filePath: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(filePath);
    else this.overlays.set(filePath, text);
  }

  /** A file changed, appeared or went away: forget what was cached about it and its folder. */
  invalidate(filePath: string): void {
    this.texts.delete(filePath);
    this.stats.delete(filePath);
    this.listings.delete(filePath);
    this.listings.delete(path.dirname(filePath));
    this.stats.delete(path.dirname(filePath));
  }

  clear(): void {
    this.texts.clear();
    this.stats.clear();
    this.listings.clear();
  }

  private kind(filePath: string): 'file' | 'dir' | undefined {
    if (this.stats.has(filePath)) return this.stats.get(filePath);
    let kind: 'file' | 'dir' | undefined;
    try {
      const stat = fs.statSync(filePath);
      kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
    } catch {
      kind = undefined;
    }
    this.stats.set(filePath, kind);
    return kind;
  }
}

/** A tree of files in memory (rule examples, tests): paths relative to `root` or absolute. */
export class MemoryFileSource implements FileSource {
  private readonly files = new Map<string, string>();

  constructor(readonly root: string, files: Record<string, string> = {}) {
    for (const [rel, text] of Object.entries(files)) this.files.set(path.resolve(root, rel), text);
  }

  read(filePath: string): string | undefined {
    return this.files.get(path.resolve(filePath));
  }

  exists(filePath: string): boolean {
    return this.files.has(path.resolve(filePath)) || this.isDirectory(filePath);
  }

  isDirectory(filePath: string): boolean {
    const prefix = path.resolve(filePath) + path.sep;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  list(dirPath: string): string[] {
    const prefix = path.resolve(dirPath) + path.sep;
    const names = new Set<string>();
    for (const file of this.files.keys()) if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split(path.sep)[0]);
    return [...names];
  }
}
