/**
 * Running the built `ai-guard` CLI (`node dist/cli.js`) from tests, as a user would: a separate
 * process per run, without blocking, so the tests of a suite can run side by side.
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { NO_INTERNET } from './network';
import { DIST } from './paths';

export const CLI = path.join(DIST, 'cli.js');
/** Each run is a separate process; more at once than there are cores only adds contention. */
export const PARALLEL = Math.max(2, os.availableParallelism());

export interface CliRun { status: number | null; stdout: string; stderr: string }

/** Runs the CLI in `cwd` (NO_COLOR unset, so the default output is what a terminal would get). */
export function cli(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const env = { ...process.env, ...NO_INTERNET, ...extraEnv };
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

export const CLEAN_TS = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
export const CLEAN_PY = 'def add(a, b):\n    return a + b\n';
export const CLEAN_GO = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n';
