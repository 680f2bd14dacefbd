/**
 * Installing the gate as a pre-commit hook: where it goes (hooks folder, core.hooksPath, husky),
 * what happens to a hook that is already there (kept and extended, or chained), idempotence, and —
 * through real `git commit`s — that git really runs both the old hook and the gate.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHAINED_SUFFIX, HookInstallError, installPreCommitHook } from '../../server/src/analysis/gitHooks';
import { commit, commitSubjects, git, isolateGitConfig, makeGitRepo } from '../helpers/gitRepo';
import { DIST } from '../helpers/paths';
import { makeTempDir, writeTree } from '../helpers/tempTree';

isolateGitConfig();
const CLI = path.join(DIST, 'cli.js');
const BEGIN = '# >>> AI Guard pre-commit gate >>>';
const EVAL = 'export function run(userInput) {\n  return eval(userInput);\n}\n';
const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function repo(files: Record<string, string> = { 'README.md': '# app\n' }): string {
  const dir = makeGitRepo('ai-guard-hooks-', files);
  dirs.push(dir);
  return dir;
}

function isExecutable(file: string): boolean {
  return (fs.statSync(file).mode & 0o111) === 0o111;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Stages a file with a js-dynamic-eval finding, so a commit is blocked exactly when the gate runs. */
function stageEval(dir: string): void {
  writeTree(dir, { 'src/run.js': EVAL });
  git(dir, 'add', 'src/run.js');
}

/** Commits a staged finding through the hooks and expects the gate to have stopped it with its file:line. */
async function expectGateBlocks(dir: string): Promise<void> {
  stageEval(dir);
  const blocked = await commit(dir, 'eval');
  assert.equal(blocked.status, 1, blocked.stderr);
  assert.match(blocked.stderr, /^src\/run\.js:2 {2}js-dynamic-eval {2}/m);
}

/** Writes `.git/hooks/pre-commit` as a repository already had it; returns its path. */
function existingHook(dir: string, content: string, mode = 0o755): string {
  const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
  writeTree(dir, { '.git/hooks/pre-commit': content });
  fs.chmodSync(hook, mode);
  return hook;
}

describe('a repository without hooks', () => {
  test('gets an executable pre-commit hook; installing again changes nothing', () => {
    const dir = repo();
    const first = installPreCommitHook(dir, CLI);
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    assert.deepEqual([first.action, first.hookPath], ['created', hook]);
    assert.match(first.message, /Installed the AI Guard pre-commit gate in \.git\/hooks\/pre-commit\./);
    assert.ok(isExecutable(hook));
    const content = fs.readFileSync(hook, 'utf8');
    assert.match(content, /^#!\/bin\/sh\n/);
    assert.match(content, /if command -v ai-guard >\/dev\/null 2>&1; then\n {2}ai-guard gate --staged \|\| exit \$\?/);
    assert.ok(content.includes(`node '${CLI}' gate --staged || exit $?`));

    const second = installPreCommitHook(dir, CLI);
    assert.equal(second.action, 'already-installed');
    assert.equal(fs.readFileSync(hook, 'utf8'), content);
  });

  test('installing from another CLI location refreshes the block instead of adding a second one', () => {
    const dir = repo();
    installPreCommitHook(dir, '/opt/old/ai-guard/dist/cli.js');
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.action, 'updated');
    const content = fs.readFileSync(result.hookPath, 'utf8');
    assert.equal(occurrences(content, BEGIN), 1);
    assert.ok(content.includes(CLI));
    assert.ok(!content.includes('/opt/old/'));
  });

  test('the installed hook blocks a commit with a finding and lets a clean one through', async () => {
    const dir = repo();
    installPreCommitHook(dir, CLI);
    await expectGateBlocks(dir);
    writeTree(dir, { 'src/run.js': 'export const answer = 42;\n' });
    git(dir, 'add', 'src/run.js');
    const passed = await commit(dir, 'clean');
    assert.equal(passed.status, 0, passed.stderr);
    assert.deepEqual(commitSubjects(dir), ['clean', 'initial']);
  });

  test('when neither ai-guard nor the CLI can be found, the hook blocks and says how to reinstall', async () => {
    const dir = repo();
    const gone = makeTempDir('ai-guard-gone-');
    dirs.push(gone);
    installPreCommitHook(dir, path.join(gone, 'dist', 'cli.js'));
    writeTree(dir, { 'notes.txt': 'hello\n' });
    git(dir, 'add', 'notes.txt');
    const blocked = await commit(dir, 'notes');
    assert.equal(blocked.status, 1);
    assert.match(blocked.stderr, /the pre-commit gate cannot run: "ai-guard" is not on PATH/);
    assert.match(blocked.stderr, /Reinstall it with "npx ai-guard install-hook"/);
  });

  test('a folder outside any repository is refused with a clear error', () => {
    const outside = makeTempDir('ai-guard-nogit-');
    dirs.push(outside);
    assert.throws(() => installPreCommitHook(outside, CLI), (err: unknown) => err instanceof HookInstallError && /is not inside a git repository/.test(err.message));
  });
});

describe('core.hooksPath and husky', () => {
  test('core.hooksPath is honoured relative to the work-tree root, also when installing from a subfolder', async () => {
    const dir = repo({ 'src/keep.js': 'export const a = 1;\n' });
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const result = installPreCommitHook(path.join(dir, 'src'), CLI);
    assert.deepEqual([result.action, result.hookPath], ['created', path.join(dir, '.githooks', 'pre-commit')]);
    assert.ok(!fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-commit')));
    await expectGateBlocks(dir);
  });

  test('husky v9 (core.hooksPath = .husky/_): the gate is appended to .husky/pre-commit, once', () => {
    const dir = repo({ '.husky/pre-commit': 'npx lint-staged\n', '.husky/_/h': '#!/usr/bin/env sh\n' });
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    const result = installPreCommitHook(dir, CLI);
    const file = path.join(dir, '.husky', 'pre-commit');
    assert.deepEqual([result.action, result.hookPath], ['appended', file]);
    assert.doesNotMatch(result.message, /husky is not active/);
    const content = fs.readFileSync(file, 'utf8');
    assert.ok(content.startsWith('npx lint-staged\n# >>> AI Guard pre-commit gate >>>\n'), content);
    assert.ok(!fs.existsSync(path.join(dir, '.husky', '_', 'pre-commit')));
    assert.equal(installPreCommitHook(dir, CLI).action, 'already-installed');
    assert.equal(occurrences(fs.readFileSync(file, 'utf8'), BEGIN), 1);
  });

  test('husky present but not set up in this clone: .husky/pre-commit is still the place, with a note', () => {
    const dir = repo({ '.husky/pre-commit': 'npm test\n' });
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.hookPath, path.join(dir, '.husky', 'pre-commit'));
    assert.match(result.message, /husky is not active in this clone yet .* run "npx husky"/);
    assert.ok(!fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-commit')));
  });

  test('core.hooksPath = .husky (husky 4–8) without a pre-commit yet: one is created and git runs it', async () => {
    const dir = repo();
    git(dir, 'config', 'core.hooksPath', '.husky');
    const result = installPreCommitHook(dir, CLI);
    assert.deepEqual([result.action, result.hookPath], ['created', path.join(dir, '.husky', 'pre-commit')]);
    await expectGateBlocks(dir);
  });
});

describe('an existing pre-commit hook', () => {
  test('a shell hook keeps its content, gets the gate appended, and both run', async () => {
    const dir = repo();
    const original = '#!/bin/sh\n# team checks\necho "team hook ran" > team-hook-ran.txt\n';
    const hook = existingHook(dir, original);
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.action, 'appended');
    const content = fs.readFileSync(hook, 'utf8');
    assert.ok(content.startsWith(original));
    assert.equal(installPreCommitHook(dir, CLI).action, 'already-installed');
    assert.equal(occurrences(fs.readFileSync(hook, 'utf8'), BEGIN), 1);

    await expectGateBlocks(dir);
    assert.ok(fs.existsSync(path.join(dir, 'team-hook-ran.txt')), 'the original hook ran');
  });

  test('a shell hook that ends in exec gets the gate before that line, so the gate still runs', async () => {
    const dir = repo();
    const hook = existingHook(dir, '#!/bin/sh\necho checking\nexec true\n');
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.action, 'appended');
    assert.match(result.message, /before its line 3 \("exec true"\)/);
    const content = fs.readFileSync(hook, 'utf8');
    assert.ok(content.indexOf(BEGIN) < content.indexOf('exec true'));
    await expectGateBlocks(dir);
  });

  test('a hook in another language is moved aside and chained: it runs first, then the gate', async () => {
    const dir = repo();
    const original = "#!/usr/bin/env node\nrequire('fs').writeFileSync('node-hook-ran.txt', 'yes');\n";
    const hook = existingHook(dir, original);
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.action, 'chained');
    assert.match(result.message, /existing pre-commit hook \(node\) was moved to \.git\/hooks\/pre-commit\.ai-guard-chained and still runs first/);
    assert.equal(fs.readFileSync(hook + CHAINED_SUFFIX, 'utf8'), original);
    assert.ok(isExecutable(hook) && isExecutable(hook + CHAINED_SUFFIX));
    assert.equal(installPreCommitHook(dir, CLI).action, 'already-installed');

    await expectGateBlocks(dir);
    assert.ok(fs.existsSync(path.join(dir, 'node-hook-ran.txt')), 'the chained hook ran');
  });

  test('a chained hook that fails still stops the commit, before the gate runs', async () => {
    const dir = repo();
    existingHook(dir, "#!/usr/bin/env node\nconsole.error('lint failed');\nprocess.exit(3);\n");
    installPreCommitHook(dir, CLI);
    writeTree(dir, { 'notes.txt': 'clean\n' });
    git(dir, 'add', 'notes.txt');
    const blocked = await commit(dir, 'notes');
    assert.equal(blocked.status, 1);
    assert.match(blocked.stderr, /lint failed/);
    assert.doesNotMatch(blocked.stderr, /AI Guard gate/);
  });

  test('a hook git ignored (not executable) is chained but stays inactive', async () => {
    const dir = repo();
    existingHook(dir, '#!/bin/sh\necho disabled > disabled-hook-ran.txt\nexit 1\n', 0o644);
    const result = installPreCommitHook(dir, CLI);
    assert.equal(result.action, 'chained');
    assert.match(result.message, /stays inactive, as before, because it is not executable/);
    writeTree(dir, { 'notes.txt': 'clean\n' });
    git(dir, 'add', 'notes.txt');
    const passed = await commit(dir, 'notes');
    assert.equal(passed.status, 0, passed.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'disabled-hook-ran.txt')));
  });

  test('an existing pre-commit.ai-guard-chained is never overwritten', () => {
    const dir = repo();
    const hook = existingHook(dir, '#!/usr/bin/env python3\nprint(1)\n');
    writeTree(dir, { '.git/hooks/pre-commit.ai-guard-chained': '#!/bin/sh\n' });
    assert.throws(() => installPreCommitHook(dir, CLI), (err: unknown) => err instanceof HookInstallError && /already exists, so the current \.git\/hooks\/pre-commit cannot be moved there/.test(err.message));
    assert.equal(fs.readFileSync(hook, 'utf8'), '#!/usr/bin/env python3\nprint(1)\n');
  });
});
