/**
 * Which files are not scanned: `.gitignore` semantics (the `ignore` package) plus globs from
 * `.aiguard.json` and the `aiGuard.exclude` setting, matched with minimatch — one matcher for the
 * server and the CLI so both skip the same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';

/** Never worth scanning, whatever the configuration says. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/vendor/**', '**/*.min.js', '**/*.bundle.js', '**/*.map'];

export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  const normalised = relativePath.split(path.sep).join('/');
  return globs.some((glob) => minimatch(normalised, glob, { dot: true, matchBase: !glob.includes('/') }));
}

export class PathFilter {
  private readonly gitignores = new Map<string, Ignore | null>();

  /** `root`: the folder globs are relative to; `globs`: extra exclusions. */
  constructor(private readonly root: string, private readonly globs: readonly string[] = [], private readonly useGitignore = true) {}

  /** True when `absolutePath` (a file or folder under root) must not be scanned. */
  isExcluded(absolutePath: string, isDirectory = false): boolean {
    const rel = path.relative(this.root, absolutePath);
    if (!rel || rel.startsWith('..')) return false;
    const relSlash = rel.split(path.sep).join('/');
    const probe = isDirectory ? `${relSlash}/` : relSlash;
    if (matchesAnyGlob(isDirectory ? `${relSlash}/x` : relSlash, ALWAYS_EXCLUDED)) return true;
    if (matchesAnyGlob(relSlash, this.globs) || (isDirectory && matchesAnyGlob(`${relSlash}/x`, this.globs.filter((g) => g.endsWith('/**'))))) return true;
    return this.useGitignore && this.ignoredByGit(probe);
  }

  /** Applies every .gitignore from root down to the file's folder, each relative to its own folder. */
  private ignoredByGit(probe: string): boolean {
    const parts = probe.split('/');
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const matcher = this.gitignoreOf(dir);
      const relToDir = parts.slice(i).join('/');
      if (matcher && relToDir && matcher.ignores(relToDir)) return true;
      dir = path.join(dir, parts[i]);
    }
    return false;
  }

  private gitignoreOf(dir: string): Ignore | null {
    if (!this.gitignores.has(dir)) {
      let matcher: Ignore | null = null;
      try {
        matcher = ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'));
      } catch {
        matcher = null;
      }
      this.gitignores.set(dir, matcher);
    }
    return this.gitignores.get(dir) ?? null;
  }
}
