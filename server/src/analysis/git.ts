/**
 * The few git facts AI Guard needs, read with the `git` command (never hooks, never workspace code):
 * where a repository and its git dir are, what HEAD or the index holds for a file, and which lines a
 * diff adds. All paths in and out are absolute unless named `relative`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const GIT_TIMEOUT_MS = 15_000;

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: GIT_TIMEOUT_MS,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Never let a repository's config run programs for these read-only queries.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_EXTERNAL_DIFF: '', GIT_PAGER: 'cat' },
  });
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

/** Files staged for commit (added, copied, modified, renamed), absolute. Deleted files are left out. */
export function stagedFiles(repo: Repository): string[] {
  const out = git(repo.root, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z']);
  return out.split('\0').filter(Boolean).map((rel) => path.join(repo.root, rel));
}

/** Tracked files that differ from `ref` in the work tree, plus untracked files that are not ignored. */
export function changedFiles(repo: Repository, ref = 'HEAD'): string[] {
  const tracked = hasHead(repo) ? git(repo.root, ['diff', '--name-only', '--diff-filter=ACMR', '-z', ref]).split('\0') : git(repo.root, ['ls-files', '-z']).split('\0');
  const untracked = git(repo.root, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0');
  return [...new Set([...tracked, ...untracked].filter(Boolean))].map((rel) => path.join(repo.root, rel));
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
      const target = line.slice(4).trim();
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

/** Added lines of the staged changes (index vs HEAD; everything when there is no commit yet). */
export function stagedAddedLines(repo: Repository): Map<string, LineRange[]> {
  const base = hasHead(repo) ? ['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--diff-filter=ACMR'] : ['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--root'];
  return parseAddedLines(tryGit(repo.root, base) ?? '', repo.root);
}

/** Added lines in the work tree since `ref` (tracked files only; untracked files are wholly new). */
export function addedLinesSince(repo: Repository, ref: string): Map<string, LineRange[]> {
  return parseAddedLines(git(repo.root, ['diff', '-U0', '--no-color', '--no-ext-diff', '--diff-filter=ACMR', ref]), repo.root);
}

export function isValidRef(repo: Repository, ref: string): boolean {
  return tryGit(repo.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
}
