/**
 * The few git facts AI Guard needs, read with the `git` command (never hooks, never workspace code):
 * where a repository and its git dir are, what HEAD or the index holds for a file, and which lines a
 * diff adds. All paths in and out are absolute unless named `relative`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const GIT_TIMEOUT_MS = 15_000;

/** How every git call runs: bounded, quiet, and never letting a repository's config run programs for these read-only queries. */
function gitOptions(cwd: string, input?: string) {
  return {
    cwd,
    input,
    maxBuffer: 64 * 1024 * 1024,
    timeout: GIT_TIMEOUT_MS,
    stdio: 'pipe' as const,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_EXTERNAL_DIFF: '', GIT_PAGER: 'cat' },
  };
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { ...gitOptions(cwd, input), encoding: 'utf8' });
}

function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

export interface Repository {
  /** Work-tree root. */
  root: string;
  /** The git dir (`.git`, or the worktree's own dir for linked worktrees). */
  gitDir: string;
}

export function findRepository(anyPath: string): Repository | undefined {
  const dir = fs.existsSync(anyPath) && fs.statSync(anyPath).isDirectory() ? anyPath : path.dirname(anyPath);
  if (!fs.existsSync(dir)) return undefined;
  const out = tryGit(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir']);
  if (!out) return undefined;
  const [root, gitDir] = out.trim().split('\n');
  return root && gitDir ? { root: path.resolve(root), gitDir: path.resolve(gitDir) } : undefined;
}

export function relativeToRepo(repo: Repository, absPath: string): string {
  return path.relative(repo.root, absPath).split(path.sep).join('/');
}

export function hasHead(repo: Repository): boolean {
  return tryGit(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD']) !== undefined;
}

/** The file's text at `rev` (e.g. HEAD), or undefined when it does not exist there. */
export function fileAtRevision(repo: Repository, rev: string, absPath: string): string | undefined {
  return tryGit(repo.root, ['show', `${rev}:${relativeToRepo(repo, absPath)}`]);
}

/** The staged (index) text of a file, or undefined when it is not in the index. */
export function stagedFile(repo: Repository, absPath: string): string | undefined {
  return tryGit(repo.root, ['show', `:${relativeToRepo(repo, absPath)}`]);
}

/**
 * The staged (index, stage 0) bytes of a file, undecoded so callers can tell binary and non-UTF-8
 * content apart; undefined when it is not in the index. `:0:` keeps a path such as `1:x.js` from
 * being read as a merge stage. Inside a hook git exports GIT_INDEX_FILE, which `git show` inherits,
 * so `git commit -a` and `git commit <paths>` are judged by the index that will really be committed.
 */
export function stagedBlob(repo: Repository, absPath: string): Buffer | undefined {
  try {
    return execFileSync('git', ['show', `:0:${relativeToRepo(repo, absPath)}`], gitOptions(repo.root));
  } catch {
    return undefined;
  }
}

/** Files staged for commit (added, copied, modified, renamed), absolute. Deleted files are left out. */
export function stagedFiles(repo: Repository): string[] {
  const out = git(repo.root, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z']);
  return out.split('\0').filter(Boolean).map((rel) => path.join(repo.root, rel));
}

/** Tracked files that differ from `ref` in the work tree, plus untracked files that are not ignored. */
export function changedFiles(repo: Repository, ref = 'HEAD'): string[] {
  const tracked = hasHead(repo) ? ['diff', '--name-only', '--diff-filter=ACMR', '-z', ref] : ['ls-files', '-z'];
  return [...new Set([...gitPaths(repo, tracked), ...untrackedFiles(repo)])];
}

/** Untracked files that .gitignore and the other exclude files do not ignore, absolute. */
export function untrackedFiles(repo: Repository): string[] {
  return gitPaths(repo, ['ls-files', '--others', '--exclude-standard', '-z']);
}

/** A `-z` path list from git, absolute. */
function gitPaths(repo: Repository, args: string[]): string[] {
  return git(repo.root, args).split('\0').filter(Boolean).map((rel) => path.join(repo.root, rel));
}

export interface LineRange {
  /** 1-based first line, inclusive. */
  start: number;
  /** 1-based last line, inclusive. */
  end: number;
}

/** Lines added (in the new version) per file, from a zero-context unified diff. */
export function parseAddedLines(unifiedDiff: string, root: string): Map<string, LineRange[]> {
  const out = new Map<string, LineRange[]>();
  let current: LineRange[] | undefined;
  for (const line of unifiedDiff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = diffHeaderPath(line.slice(4));
      current = target === '/dev/null' ? undefined : [];
      if (current) out.set(path.join(root, target.replace(/^b\//, '')), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current.push({ start, end: start + count - 1 });
    }
  }
  return out;
}

/**
 * A `+++ ` header's path: git appends a tab to names with spaces and C-quotes names with
 * non-ASCII or special characters (`"b/\303\251.js"`), whatever core.quotePath says about the rest.
 */
function diffHeaderPath(header: string): string {
  const name = header.replace(/[\t\r]+$/, '');
  if (!name.startsWith('"') || !name.endsWith('"') || name.length < 2) return name;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  const body = name.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
    } else if (/[0-7]{3}/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[body[i + 1]] ?? body.charCodeAt(i + 1));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Options every patch AI Guard parses is made with: zero context, fixed `a/` `b/` prefixes (whatever
 * diff.noprefix or diff.mnemonicPrefix say), and no external diff or textconv program (a
 * repository's config must not run programs, and converted text would have other line numbers).
 */
const PATCH_OPTIONS = ['-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/'];

/**
 * Added lines of the staged changes (index vs HEAD; everything when there is no commit yet). Throws
 * when git fails, so the gate cannot mistake a failure for "nothing added".
 */
export function stagedAddedLines(repo: Repository): Map<string, LineRange[]> {
  const args = ['diff', '--cached', ...PATCH_OPTIONS, '--diff-filter=ACMR'];
  return parseAddedLines(git(repo.root, args), repo.root);
}

/** Added lines in the work tree since `ref` (tracked files only; untracked files are wholly new). */
export function addedLinesSince(repo: Repository, ref: string): Map<string, LineRange[]> {
  return parseAddedLines(git(repo.root, ['diff', ...PATCH_OPTIONS, '--diff-filter=ACMR', ref]), repo.root);
}

export function isValidRef(repo: Repository, ref: string): boolean {
  return tryGit(repo.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
}

/** The commit where HEAD's history left `ref` (`git merge-base`), or undefined (no HEAD, unrelated histories). */
export function mergeBase(repo: Repository, ref: string): string | undefined {
  return tryGit(repo.root, ['merge-base', ref, 'HEAD'])?.trim() || undefined;
}

/**
 * The folder git runs this repository's hooks from: `core.hooksPath` when set (a relative value is
 * relative to the work-tree root, as git reads it; `~` is expanded), else `hooks` in the common git
 * dir (shared by linked worktrees).
 */
export function hooksDirectory(repo: Repository): { dir: string; hooksPath?: string } {
  const configured = tryGit(repo.root, ['config', '--type=path', '--get', 'core.hooksPath'])?.trim();
  if (configured) return { dir: path.resolve(repo.root, configured), hooksPath: configured };
  const common = git(repo.root, ['rev-parse', '--git-common-dir']).trim();
  return { dir: path.join(path.resolve(repo.root, common), 'hooks') };
}
