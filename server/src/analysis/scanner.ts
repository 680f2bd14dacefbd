/**
 * Scanning files on disk: the CLI's `scan`, the gate and the server's "scan workspace" all go
 * through here, so they read, skip, configure and filter files the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, loadProjectConfig, type ProjectConfig } from './config';
import type { Engine } from './engine';
import { DEFAULT_MAX_BYTES, isDirectory, readSourceFile, walkSourceFiles } from './files';
import { PathFilter } from './pathFilter';
import { spansOfLines, type LineScope } from './lineScope';
import type { RunOptions } from './runner';
import type { Finding, Severity } from './types';
import { describeError } from './errors';

export interface FileScanResult { path: string; findings: Finding[] }
export interface SkippedFile { path: string; reason: string }
export type FileScanOutcome = FileScanResult | { path: string; skipped: string };

export interface ScanSummary {
  /** Every file scanned, in walk order, including those without findings (so callers can clear old results). */
  files: FileScanResult[];
  skipped: SkippedFile[];
  filesScanned: number;
  /** Problems in `.aiguard.json` files, as sentences; the defaults were used for the broken parts. */
  configErrors: string[];
  /** True when `isCancelled` stopped the scan before every file was seen. */
  cancelled: boolean;
}

export interface ScanPathsOptions {
  /** Relative `paths` are resolved against it; also the config folder of last resort. */
  cwd: string;
  /** Globs excluded on top of `.gitignore` and each folder's `.aiguard.json` `ignore`. */
  extraIgnores?: string[];
  maxBytes?: number;
  onProgress?: (done: number, path: string) => void;
  isCancelled?: () => boolean;
  /** Sees each scanned file's text while it is still in memory (e.g. to fingerprint finding lines). */
  onFileScanned?: (result: FileScanResult, text: string) => void;
  /** Adjusts each folder's `.aiguard.json` before use (the editor layers its settings on top, or drops the file in an untrusted workspace). */
  adjustConfig?: (config: ProjectConfig, folder: string) => ProjectConfig;
  /** Report only findings on these lines of a file (`scan --diff`); the whole file when undefined or `all`. */
  lineScope?: (absPath: string) => LineScope | undefined;
}

/** The engine options a project configuration asks for: rules switched off, severities changed. */
export function runOptionsFor(config: ProjectConfig): RunOptions {
  const disabledRules = new Set<string>();
  const severityOverrides = new Map<string, Severity>();
  for (const [id, setting] of Object.entries(config.rules)) {
    if (setting === 'off') disabledRules.add(id);
    else severityOverrides.set(id, setting);
  }
  return { disabledRules, severityOverrides, lowerSeverityInTests: config.lowerSeverityInTests };
}

export function isSkipped(outcome: FileScanOutcome): outcome is { path: string; skipped: string } {
  return 'skipped' in outcome;
}

export function scanFile(engine: Engine, absPath: string, config: ProjectConfig, options: { maxBytes?: number } = {}): FileScanOutcome {
  return scanWithText(engine, absPath, runOptionsFor(config), options.maxBytes ?? DEFAULT_MAX_BYTES).outcome;
}

function scanWithText(engine: Engine, absPath: string, runOptions: RunOptions, maxBytes: number, scope?: LineScope): { outcome: FileScanOutcome; text?: string } {
  const read = readSourceFile(absPath, maxBytes);
  if (!read.ok) return { outcome: { path: absPath, skipped: read.reason } };
  try {
    const options = scope && scope !== 'all' ? { ...runOptions, spans: spansOfLines(read.text, scope) } : runOptions;
    return { outcome: { path: absPath, findings: engine.scanText(absPath, read.text, options) }, text: read.text };
  } catch (err) {
    // A parser or check failure on one file must not end a scan of the others.
    return { outcome: { path: absPath, skipped: `AI Guard failed while analysing this file (${describeError(err)}). Please report it with the file if you can.` } };
  }
}

/**
 * Where the configuration for `target` lives: the nearest folder at or above it holding
 * `.aiguard.json`, searched up to the repository root; else the repository root; else `cwd` when
 * the target is inside it, else the target's own folder (so ignore globs stay relative to a
 * folder that contains the target).
 */
export function findConfigFolder(target: string, cwd: string): string {
  let dir = isDirectory(target) ? target : path.dirname(target);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE_NAME))) return dir;
    if (fs.existsSync(path.join(dir, '.git'))) return dir; // .git may be a folder or, in worktrees, a file
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const rel = path.relative(cwd, target);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return cwd;
  return isDirectory(target) ? target : path.dirname(target);
}

export interface FolderSetup { config: ProjectConfig; filter: PathFilter; runOptions: RunOptions }

/**
 * Each config folder's configuration, path filter and engine options, loaded once. Configuration
 * problems go to `onConfigError` when a folder is first set up.
 */
export function folderSetups(options: Pick<ScanPathsOptions, 'extraIgnores' | 'adjustConfig'> & { onConfigError: (error: string) => void }): (folder: string) => FolderSetup {
  const folders = new Map<string, FolderSetup>();
  return (folder) => {
    let setup = folders.get(folder);
    if (!setup) {
      const loaded = loadProjectConfig(folder);
      loaded.errors.forEach(options.onConfigError);
      const config = options.adjustConfig?.(loaded.config, folder) ?? loaded.config;
      const globs = [...config.ignore, ...(options.extraIgnores ?? [])];
      setup = { config, filter: new PathFilter(folder, globs), runOptions: runOptionsFor(config) };
      folders.set(folder, setup);
    }
    return setup;
  };
}

export function scanPaths(engine: Engine, paths: string[], options: ScanPathsOptions): ScanSummary {
  const summary: ScanSummary = { files: [], skipped: [], filesScanned: 0, configErrors: [], cancelled: false };
  const seen = new Set<string>();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const setupFor = folderSetups({
    ...options,
    onConfigError: (error) => {
      if (!summary.configErrors.includes(error)) summary.configErrors.push(error);
    },
  });

  for (const given of paths) {
    const target = path.resolve(options.cwd, given);
    if (!fs.existsSync(target)) {
      summary.skipped.push({ path: target, reason: 'The path does not exist.' });
      continue;
    }
    const { filter, runOptions } = setupFor(findConfigFolder(target, options.cwd));
    const onSkip = (file: string, reason: string) => summary.skipped.push({ path: file, reason });
    for (const file of walkSourceFiles(target, filter, onSkip)) {
      if (options.isCancelled?.()) {
        summary.cancelled = true;
        return summary;
      }
      if (seen.has(file)) continue; // overlapping arguments such as `src src/app.ts`
      seen.add(file);
      const { outcome, text } = scanWithText(engine, file, runOptions, maxBytes, options.lineScope?.(file));
      if (isSkipped(outcome)) {
        summary.skipped.push({ path: file, reason: outcome.skipped });
      } else {
        summary.files.push(outcome);
        summary.filesScanned++;
        if (text !== undefined) options.onFileScanned?.(outcome, text);
      }
      options.onProgress?.(seen.size, file);
    }
  }
  return summary;
}
