import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addedLinesSince, changedFiles, fileAtRevision, findRepository, parseAddedLines, stagedAddedLines, stagedFile, stagedFiles } from '../../server/src/analysis/git';

function makeRepo(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-git-')));
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  run('init', '-q', '-b', 'main');
  run('config', 'user.email', 't@example.com');
  run('config', 'user.name', 'Test');
  fs.writeFileSync(path.join(dir, 'a.js'), 'one\ntwo\nthree\n');
  run('add', '.');
  run('commit', '-qm', 'first');
  return dir;
}

test('reads HEAD and index versions and the staged added lines', () => {
  const dir = makeRepo();
  const repo = findRepository(dir)!;
  assert.equal(repo.root, dir);
  assert.equal(repo.gitDir, path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, 'a.js'), 'one\nNEW1\nNEW2\ntwo\nthree\nNEW3\n');
  execFileSync('git', ['add', 'a.js'], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'a.js'), 'changed after staging\n');
  fs.writeFileSync(path.join(dir, 'b.py'), 'x = 1\n');
  assert.equal(fileAtRevision(repo, 'HEAD', path.join(dir, 'a.js')), 'one\ntwo\nthree\n');
  assert.equal(stagedFile(repo, path.join(dir, 'a.js')), 'one\nNEW1\nNEW2\ntwo\nthree\nNEW3\n');
  assert.equal(stagedFile(repo, path.join(dir, 'b.py')), undefined);
  assert.deepEqual(stagedFiles(repo), [path.join(dir, 'a.js')]);
  assert.deepEqual([...stagedAddedLines(repo)], [[path.join(dir, 'a.js'), [{ start: 2, end: 3 }, { start: 6, end: 6 }]]]);
  assert.deepEqual(changedFiles(repo).sort(), [path.join(dir, 'a.js'), path.join(dir, 'b.py')]);
  assert.deepEqual([...addedLinesSince(repo, 'HEAD').keys()], [path.join(dir, 'a.js')]);
});

test('outside a repository there is none', () => {
  assert.equal(findRepository(fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-nogit-'))), undefined);
});

test('parses zero-context hunks, including pure deletions', () => {
  const diff = ['diff --git a/x.js b/x.js', '--- a/x.js', '+++ b/x.js', '@@ -3,0 +4,2 @@', '+a', '+b', '@@ -10,2 +11,0 @@', '-c', '-d', '@@ -20 +20 @@', '-e', '+f'].join('\n');
  assert.deepEqual([...parseAddedLines(diff, '/r')], [['/r/x.js', [{ start: 4, end: 5 }, { start: 20, end: 20 }]]]);
});
