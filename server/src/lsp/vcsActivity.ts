/**
 * Knows when git is busy rewriting files, so a checkout, pull, merge, stash or branch switch never
 * becomes an AI region. Two independent signals:
 *
 * 1. Activity in the git dir. `fs.watch` (non-recursive) on the git dir sees HEAD,
 *    ORIG_HEAD, MERGE_HEAD and FETCH_HEAD being written (not the index: see WATCHED_NAMES); a second watch on refs/ sees
 *    `refs/stash`. Every such event opens a window of VCS_WINDOW_MS: file changes that arrive inside
 *    it are treated as git's doing. A checkout, pull, merge or reset moves HEAD or
 *    ORIG_HEAD as it rewrites the work tree; 2 s after the
 *    last event covers the delay of the editor's file watcher (VS Code batches disk events for
 *    about 100–500 ms) without swallowing an agent edit made seconds later.
 * 2. Content. When a file's new text equals its HEAD or index version, git wrote it (a checkout, a
 *    `restore`, a reset) — whatever the timing. Callers ask `matchesGit` only when a change would
 *    create a region, so the `git show` it costs is not paid per keystroke.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileAtRevision, stagedFile, type Repository } from '../analysis/git';
import { describeError } from '../analysis/errors';

/** How long after git-dir activity a file change is still attributed to git. */
export const VCS_WINDOW_MS = 2000;

// Not `index`/`index.lock`: `git status` (which VS Code's git extension runs on every file event,
// and constantly at start-up) rewrites the index to refresh stat data, and treating that as a git
// operation swallowed real pastes. Operations that rewrite files without moving a ref (`git restore`,
// `git checkout -- file`) put back the index or HEAD text, which the content signal recognises.
const WATCHED_NAMES = new Set(['HEAD', 'ORIG_HEAD', 'MERGE_HEAD', 'FETCH_HEAD', 'CHERRY_PICK_HEAD', 'REBASE_HEAD']);

export class VcsActivity {
  private readonly watchers = new Map<string, fs.FSWatcher[]>();
  private readonly lastActivity = new Map<string, number>();

  constructor(private readonly log: (message: string) => void, private readonly now: () => number = Date.now) {}

  /** Starts watching `repo`'s git dir (once per git dir). */
  watch(repo: Repository): void {
    if (this.watchers.has(repo.gitDir)) return;
    const watchers: fs.FSWatcher[] = [];
    this.watchers.set(repo.gitDir, watchers);
    const add = (dir: string, accept: (name: string) => boolean) => {
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (name && accept(name.toString())) this.lastActivity.set(repo.gitDir, this.now());
        });
        watcher.on('error', () => watcher.close());
        watchers.push(watcher);
      } catch (err) {
        this.log(`Could not watch ${dir} for git activity (${describeError(err)}); git operations are recognised by content only.`);
      }
    };
    add(repo.gitDir, (name) => WATCHED_NAMES.has(name));
    const refs = path.join(repo.gitDir, 'refs');
    if (fs.existsSync(refs)) add(refs, (name) => name === 'stash' || name.startsWith('stash'));
  }

  /** True while git is (or was moments ago) writing in `repo`. */
  isActive(repo: Repository | undefined): boolean {
    if (!repo) return false;
    const last = this.lastActivity.get(repo.gitDir);
    return last !== undefined && this.now() - last <= VCS_WINDOW_MS;
  }

  /** True when `text` is exactly what HEAD or the index holds for the file: git put it there. */
  matchesGit(repo: Repository | undefined, absPath: string, text: string): boolean {
    if (!repo) return false;
    return fileAtRevision(repo, 'HEAD', absPath) === text || stagedFile(repo, absPath) === text;
  }

  dispose(): void {
    for (const list of this.watchers.values()) for (const w of list) w.close();
    this.watchers.clear();
  }
}
