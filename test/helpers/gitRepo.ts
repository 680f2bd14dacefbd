/**
 * Temporary git repositories for the gate, hook and `scan --diff` tests: isolated from the
 * machine's global and system git configuration (no global hooks, no identity), with `ai-guard`
 * removed from PATH so an installed hook always falls back to `node <cli.js>` — the build under test.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, writeTree } from './tempTree';
import { NO_INTERNET } from './network';

const emptyConfigDir = makeTempDir('ai-guard-gitconfig-');
const EMPTY_GLOBAL_CONFIG = path.join(emptyConfigDir, 'gitconfig');
fs.writeFileSync(EMPTY_GLOBAL_CONFIG, '');
process.on('exit', () => fs.rmSync(emptyConfigDir, { recursive: true, force: true }));

function pathWithoutAiGuard(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !fs.existsSync(path.join(dir, 'ai-guard')));
  return [path.dirname(process.execPath), ...dirs].join(path.delimiter);
}

/** The environment every git command of these tests runs with (the hooks it starts inherit it). */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  ...NO_INTERNET, // the pre-commit gate's registry lookups stay on this machine
  GIT_CONFIG_GLOBAL: EMPTY_GLOBAL_CONFIG,
  GIT_CONFIG_NOSYSTEM: '1',
  PATH: pathWithoutAiGuard(),
  NO_COLOR: '1',
};
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete GIT_ENV[name];

/**
 * The code under test runs git with `process.env`: point it at the same isolated configuration.
 * Call once at the top of a test file (each test file runs in its own process).
 */
export function isolateGitConfig(): void {
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: EMPTY_GLOBAL_CONFIG, GIT_CONFIG_NOSYSTEM: '1' });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Run { status: number | null; stdout: string; stderr: string }

/** Runs a command to completion without blocking the event loop; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = GIT_ENV): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `git commit` through the repository's hooks, as a person would run it. */
export function commit(cwd: string, message: string, ...extra: string[]): Promise<Run> {
  return run('git', ['commit', '-m', message, ...extra], cwd);
}

/**
 * A new repository on branch `main` with a local identity; `files` are committed as the first
 * commit when given (hooks are not installed yet, so nothing checks it).
 */
export function makeGitRepo(prefix: string, files?: Record<string, string>): string {
  const dir = makeTempDir(prefix);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'Dev');
  if (files) {
    writeTree(dir, files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

/** The subjects of the commits on HEAD, newest first. */
export function commitSubjects(cwd: string): string[] {
  return git(cwd, 'log', '--format=%s').trim().split('\n');
}
