/**
 * The `ai-guard` commands that read git: `scan --diff REF`, `gate --staged` and `install-hook`, run
 * as a user runs them in temporary repositories isolated from the machine's git config.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { CLEAN_GO, CLEAN_PY, CLEAN_TS, CLI, cli, PARALLEL } from '../helpers/cli';
import { git, makeGitRepo, run as runIn, type Run as GitRun } from '../helpers/gitRepo';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const RULE = 'js-dynamic-eval';
const temp = makeTempDir('ai-guard-cli-git-');
after(() => fs.rmSync(temp, { recursive: true, force: true }));
/** A folder outside any repository. */
const clean = writeTree(path.join(temp, 'clean'), { 'src/util.ts': CLEAN_TS, 'app/main.py': CLEAN_PY, 'cmd/main.go': CLEAN_GO });

const OLD_EVAL = 'export function legacy(code) {\n  return eval(code);\n}\n';
const NEW_EVAL = 'export function fresh(userInput) {\n  return eval(userInput);\n}\n';

const tempRepos: string[] = [];
after(() => tempRepos.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function gitProject(files: Record<string, string>): string {
  const dir = makeGitRepo('ai-guard-cli-git-', files);
  tempRepos.push(dir);
  return dir;
}

function cliIn(dir: string, args: string[]): Promise<GitRun> {
  return runIn(process.execPath, [CLI, ...args], dir);
}

describe('ai-guard scan --diff', { concurrency: PARALLEL }, () => {
  /** old.js keeps its committed eval and gains a new one; new.js and notes.md are untracked; ignored/ and same.js must not appear. */
  function changedProject(): string {
    const dir = gitProject({ '.gitignore': 'ignored/\n', 'src/old.js': OLD_EVAL, 'src/same.js': OLD_EVAL });
    writeTree(dir, { 'src/old.js': OLD_EVAL + NEW_EVAL, 'src/new.js': NEW_EVAL, 'ignored/gen.js': NEW_EVAL, 'notes.md': '# notes\n' });
    return dir;
  }

  test('reports only findings on lines added since the ref, plus untracked files', async () => {
    const dir = changedProject();
    const run = await cliIn(dir, ['scan', '--diff', 'HEAD', '--format', 'json']);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`), [`src/new.js:2 ${RULE}`, `src/old.js:5 ${RULE}`]);
    assert.equal(report.summary.filesScanned, 3, 'notes.md is a changed text file too');
    assert.deepEqual(report.skipped, []);
    assert.match(run.stderr, /^ai-guard: 3 text files changed since HEAD \(compared with [0-9a-f]{12}\)\.$/m);

    const narrowed = await cliIn(dir, ['scan', '--diff', 'HEAD', 'src/old.js', '--format', 'json', '--quiet']);
    assert.deepEqual(JSON.parse(narrowed.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`), ['src/old.js:5']);
  });

  test('SARIF for code scanning carries the same results', async () => {
    const dir = changedProject();
    const run = await cliIn(dir, ['scan', '--diff', 'HEAD', '--format', 'sarif', '--output', 'ai-guard.sarif']);
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'ai-guard.sarif'), 'utf8')) as Sarif.Log;
    const results = log.runs[0].results ?? [];
    assert.deepEqual(results.map((r) => `${r.locations?.[0].physicalLocation?.artifactLocation?.uri}:${r.locations?.[0].physicalLocation?.region?.startLine}`), ['src/new.js:2', 'src/old.js:5']);
  });

  test('counts from where the branch left the ref, so commits made on the ref since then are not "added" here', async () => {
    const dir = gitProject({ 'src/old.js': OLD_EVAL });
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeTree(dir, { 'src/feature.js': 'export const flag = true;\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'feature work');
    git(dir, 'checkout', '-q', 'main');
    writeTree(dir, { 'src/old.js': 'export function legacy() {\n  return null;\n}\n' });
    git(dir, 'commit', '-q', '-am', 'main removes eval');
    git(dir, 'checkout', '-q', 'feature');
    const run = await cliIn(dir, ['scan', '--diff', 'main', '--format', 'json']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.stdout).findings, []);
  });

  test('an unknown ref and a folder outside git are setup errors (2) with a clear message', async () => {
    const dir = changedProject();
    const bad = await cliIn(dir, ['scan', '--diff', 'origin/nope']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^ai-guard: --diff "origin\/nope" is not a commit, branch or tag in .*\. In CI, fetch it first \(actions\/checkout with fetch-depth: 0/);
    const outside = await cli(['scan', '--diff', 'HEAD'], clean);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /^ai-guard: --diff needs a git repository, but the working directory is not inside one\.$/m);
  });
});

describe('ai-guard gate and install-hook', { concurrency: PARALLEL }, () => {
  test('--help lists gate, install-hook and --diff', async () => {
    const run = await cli(['--help'], temp);
    assert.match(run.stdout, /ai-guard gate --staged/);
    assert.match(run.stdout, /ai-guard install-hook/);
    assert.match(run.stdout, /--diff REF/);
  });

  test('gate --staged: exit 0 with a one-line summary, exit 1 with the list', async () => {
    const dir = gitProject({ 'src/app.js': 'export const a = 1;\n' });
    writeTree(dir, { 'src/app.js': 'export const a = 1;\nexport const b = 2;\n' });
    git(dir, 'add', '-A');
    const ok = await cliIn(dir, ['gate', '--staged']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'AI Guard gate: OK — 1 file, 1 added line checked.\n');

    writeTree(dir, { 'src/run.js': NEW_EVAL });
    git(dir, 'add', '-A');
    const blocked = await cliIn(path.join(dir, 'src'), ['gate', '--staged', '--format', 'json']);
    assert.equal(blocked.status, 1, blocked.stderr);
    const body = JSON.parse(blocked.stdout);
    assert.equal(body.result, 'blocked');
    assert.deepEqual(body.problems.map((p: { file: string; line: number; id: string }) => `${p.file}:${p.line} ${p.id}`), [`run.js:2 ${RULE}`]);
    assert.deepEqual(body.summary, { files: 2, addedLines: 4, problems: 1 });
  });

  test('install-hook writes the hook that runs this CLI', async () => {
    const dir = gitProject({ 'README.md': '# x\n' });
    const run = await cliIn(dir, ['install-hook']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'Installed the AI Guard pre-commit gate in .git/hooks/pre-commit.\n');
    assert.ok(fs.readFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), 'utf8').includes(`node '${CLI}' gate --staged`));
    const again = await cliIn(dir, ['install-hook', '--repo', dir]);
    assert.match(again.stdout, /already installed/);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['gate without --staged', ['gate'], /^ai-guard: gate needs --staged: "ai-guard gate --staged" checks the changes staged for the next commit\.$/],
    ['gate with a path', ['gate', '--staged', 'src'], /^ai-guard: gate takes no paths, but got "src"/],
    ['gate with --format sarif', ['gate', '--staged', '--format', 'sarif'], /^ai-guard: --format must be one of text, json, not "sarif"\.$/],
    ['gate with a missing --repo', ['gate', '--staged', '--repo', 'no/such'], /^ai-guard: --repo no\/such does not exist\.$/],
  ];
  for (const [name, args, message] of usage) {
    test(`usage error: ${name}`, async () => {
      const run = await cli(args, clean);
      assert.equal(run.status, 2);
      assert.match(run.stderr.split('\n')[0], message);
      assert.equal(run.stderr.split('\n')[1], 'Run "ai-guard --help" for usage.');
    });
  }

  test('gate and install-hook outside a repository are setup errors (2)', async () => {
    const gate = await cli(['gate', '--staged'], clean);
    assert.equal(gate.status, 2);
    assert.equal(gate.stderr, 'ai-guard: the working directory is not inside a git repository. The gate checks what is staged for a commit; use "ai-guard scan" for other folders.\n');
    const hook = await cli(['install-hook'], clean);
    assert.equal(hook.status, 2);
    assert.match(hook.stderr, /^ai-guard: the working directory is not inside a git repository\. A pre-commit hook belongs to one: run "git init" first, or pass --repo DIR\.$/m);
  });
});
