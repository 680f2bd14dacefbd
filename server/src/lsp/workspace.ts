/**
 * Workspace folders and what each one configures on disk: its `.aiguard.json` (re-read when the
 * client reports the file changed) and the exclusion matcher built from it. Untrusted workspaces
 * ignore `.aiguard.json`, because a hostile repository could use it to hide code from the scan.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, loadProjectConfig, type ProjectConfig } from '../analysis/config';
import { PathFilter } from '../analysis/pathFilter';

export interface Folder {
  uri: string;
  name: string;
  /** File-system path of the folder. */
  path: string;
}

/** The file-system path of a `file:` URI; undefined for untitled and other virtual documents. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export interface WorkspaceEvents {
  /** Problems in a `.aiguard.json`, as sentences that name the file. */
  onConfigErrors(file: string, errors: string[]): void;
  log(message: string): void;
}

export class Workspace {
  private folders: Folder[] = [];
  private readonly configs = new Map<string, ProjectConfig>();
  private readonly filters = new Map<string, PathFilter>();

  /** Set from the client's initializationOptions before any document arrives. */
  isTrusted = true;

  constructor(private readonly events: WorkspaceEvents) {}

  allFolders(): readonly Folder[] {
    return this.folders;
  }

  setFolders(folders: ReadonlyArray<{ uri: string; name: string }>): void {
    this.folders = [];
    this.changeFolders(folders, []);
  }

  changeFolders(added: ReadonlyArray<{ uri: string; name: string }>, removed: ReadonlyArray<{ uri: string }>): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !gone.has(f.uri));
    for (const { uri, name } of added) {
      const folderPath = fsPathOf(uri);
      if (folderPath) this.folders.push({ uri, name, path: folderPath });
    }
    this.configs.clear();
    this.filters.clear();
  }

  /** The innermost workspace folder containing `filePath` (folders may nest). */
  folderOf(filePath: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const rel = path.relative(folder.path, filePath);
      const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      if (inside && (!best || folder.path.length > best.path.length)) best = folder;
    }
    return best;
  }

  /** The folder's `.aiguard.json`, read once and then cached until it changes. */
  projectConfig(folder: Folder): ProjectConfig {
    let config = this.configs.get(folder.path);
    if (!config) {
      config = this.load(folder);
      this.configs.set(folder.path, config);
    }
    return config;
  }

  /** Matcher for `folder` with extra globs; cached because it caches the .gitignore files it reads. */
  pathFilter(folder: Folder, globs: readonly string[]): PathFilter {
    const key = `${folder.path}\0${globs.join('\0')}`;
    let filter = this.filters.get(key);
    if (!filter) {
      filter = new PathFilter(folder.path, globs);
      this.filters.set(key, filter);
    }
    return filter;
  }

  /**
   * Forgets what was read from a changed file (`.aiguard.json`, `.gitignore`); returns true when
   * it can affect analysis, so open documents should be checked again.
   */
  fileChanged(uri: string): boolean {
    const changed = fsPathOf(uri);
    if (!changed) return false;
    const name = path.basename(changed);
    if (name === '.gitignore') {
      this.filters.clear();
      return true;
    }
    if (name !== CONFIG_FILE_NAME) return false;
    const folder = this.folders.find((f) => path.join(f.path, CONFIG_FILE_NAME) === changed);
    if (!folder) return false;
    this.configs.delete(folder.path);
    this.filters.clear();
    return true;
  }

  private load(folder: Folder): ProjectConfig {
    const loaded = loadProjectConfig(folder.path);
    if (!this.isTrusted) {
      if (loaded.file) this.events.log(`${loaded.file} is ignored because the workspace is not trusted; AI Guard uses its defaults there.`);
      return structuredClone(DEFAULT_CONFIG);
    }
    if (loaded.errors.length > 0) this.events.onConfigErrors(loaded.file ?? path.join(folder.path, CONFIG_FILE_NAME), loaded.errors);
    return loaded.config;
  }
}
