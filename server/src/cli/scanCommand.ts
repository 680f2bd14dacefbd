/**
 * `ai-guard scan` and `ai-guard rules`: load the engine next to the bundle (or from --rules-dir),
 * scan, format, write, and decide the exit code. Problems the user must see go to standard error;
 * the report alone goes to standard output (or --output), so it can be piped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../analysis/engine';
import { isDirectory, mayBeTextFile } from '../analysis/files';
import { defaultWasmDir } from '../analysis/parser';
import { formatRuleLoadError } from '../analysis/rules/ruleTypes';
import { findRepository } from '../analysis/git';
import { diffScope, UnknownRefError, type LineScope } from '../analysis/lineScope';
import { DependencyChecks, registryCacheFile } from '../analysis/dependencies/frontDoor';
import type { PackageLookup } from '../analysis/dependencies/types';
import { scanPaths, type ScanPathsOptions, type ScanSummary } from '../analysis/scanner';
import { atLeast, type Finding } from '../analysis/types';
import type { RulesCommand, ScanCommand } from './args';
import { EXIT_CLEAN, EXIT_FINDINGS, SetupError, UsageError } from './errors';
import { formatJson } from './formatJson';
import { formatRulesJson, formatRulesText } from './formatRules';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { displayPath, plural, type Report, type ReportFinding } from './report';
import { describeError } from '../analysis/errors';

export interface CliContext {
  cwd: string;
  /** Folder of the running bundle (dist/); the rules and grammars ship next to it. */
  bundleDir: string;
  toolVersion: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export async function loadEngine(rulesDirOption: string | undefined, ctx: CliContext): Promise<{ engine: Engine; ruleErrors: string[] }> {
  const rulesDir = rulesDirOption ? path.resolve(ctx.cwd, rulesDirOption) : path.join(ctx.bundleDir, '..', 'rules');
  if (rulesDirOption && !isDirectory(rulesDir)) throw new UsageError(`--rules-dir ${rulesDirOption} is not a folder.`);
  let engine: Engine;
  try {
    engine = await Engine.create({ rulesDir, wasmDir: defaultWasmDir(ctx.bundleDir) });
  } catch (err) {
    throw new SetupError(`could not start the analysis engine: ${describeError(err)}`);
  }
  const ruleErrors = engine.ruleErrors.map(formatRuleLoadError);
  for (const error of ruleErrors) ctx.stderr.write(`ai-guard: rule not loaded: ${error}\n`);
  if (engine.ruleSet.rules.length === 0) {
    throw new SetupError(`no usable rules were found in ${rulesDir}, so nothing could be checked${ruleErrors.length ? '; fix the rule errors above' : ''}.`);
  }
  return { engine, ruleErrors };
}

export async function runRulesCommand(command: RulesCommand, ctx: CliContext): Promise<number> {
  const { engine } = await loadEngine(command.rulesDir, ctx);
  const rules = engine.ruleSet.rules;
  ctx.stdout.write(command.format === 'json' ? formatRulesJson(rules) : formatRulesText(rules));
  return EXIT_CLEAN;
}

export async function runScanCommand(command: ScanCommand, ctx: CliContext): Promise<number> {
  for (const given of command.paths) {
    if (!fs.existsSync(path.resolve(ctx.cwd, given))) throw new UsageError(`${given} does not exist.`);
  }
  const scope = command.diff === undefined ? undefined : changedSince(command.diff, command.paths, ctx, command.quiet);
  const { engine, ruleErrors } = await loadEngine(command.rulesDir, ctx);
  const progress = progressLine(ctx, command.quiet);
  const lineTexts = new Map<Finding, string>();
  const dependencies = new DependencyChecks({
    engine, online: () => !command.offline, env: ctx.env,
    cacheFile: registryCacheFile(findRepository(ctx.cwd)),
    log: (m) => command.quiet || ctx.stderr.write(`ai-guard: ${m}\n`),
  });
  const options: ScanPathsOptions = {
    cwd: ctx.cwd,
    lineScope: scope && ((file) => scope.get(file)),
    onProgress: progress.update,
    onFileScanned: (result, text) => {
      if (result.findings.length === 0) return;
      const lines = text.split('\n');
      for (const f of result.findings) lineTexts.set(f, (lines[f.range.start.line] ?? '').replace(/\r$/, ''));
    },
  };
  const summary = await scanWithLookups(engine, scope ? [...scope.keys()] : command.paths, options, dependencies, (count) => {
    if (!command.quiet) ctx.stderr.write(`ai-guard: looking up ${plural(count, 'package name')} on their registries…\n`);
  });
  await dependencies.dispose();
  progress.clear();
  for (const error of summary.configErrors) ctx.stderr.write(`ai-guard: warning: ${error}\n`);

  const findings: ReportFinding[] = summary.files.flatMap((file) =>
    file.findings.map((finding) => ({ file: displayPath(ctx.cwd, file.path), finding, lineText: lineTexts.get(finding) ?? '' })));
  findings.sort((a, b) => compareStrings(a.file, b.file) || a.finding.span.startIndex - b.finding.span.startIndex || compareStrings(a.finding.ruleId, b.finding.ruleId));
  const report: Report = {
    root: ctx.cwd,
    toolVersion: ctx.toolVersion,
    rules: engine.ruleSet.rules,
    findings,
    skipped: summary.skipped.map((s) => ({ file: displayPath(ctx.cwd, s.path), reason: s.reason })),
    configErrors: summary.configErrors,
    ruleErrors,
    filesScanned: summary.filesScanned,
  };

  const toFile = command.output !== undefined;
  const color = command.format === 'text' && !toFile && ctx.stdout.isTTY === true && !ctx.env.NO_COLOR;
  const rendered = command.format === 'json' ? formatJson(report)
    : command.format === 'sarif' ? formatSarif(report)
    : formatText(report, { color, quiet: command.quiet });
  if (command.output !== undefined) {
    writeReport(path.resolve(ctx.cwd, command.output), rendered);
    if (!command.quiet) ctx.stderr.write(`ai-guard: wrote ${plural(findings.length, 'finding')} to ${command.output}\n`);
  } else {
    ctx.stdout.write(rendered);
  }

  if (command.failOn === 'none') return EXIT_CLEAN;
  const threshold = command.failOn;
  return findings.some((f) => atLeast(f.finding.severity, threshold)) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/**
 * `--diff REF`: the changed text files under `paths` and the lines to report on. Files that are not
 * text (images, archives) are left out here rather than listed as skipped: a pull request touching a logo is normal.
 */
function changedSince(ref: string, paths: readonly string[], ctx: CliContext, quiet: boolean): Map<string, LineScope> {
  const repo = findRepository(path.resolve(ctx.cwd, paths[0]));
  if (!repo) throw new SetupError(`--diff needs a git repository, but ${paths[0] === '.' ? 'the working directory' : paths[0]} is not inside one.`);
  const within = paths.map((p) => path.resolve(ctx.cwd, p));
  const outside = within.find((p) => path.relative(repo.root, p).startsWith('..'));
  if (outside) throw new UsageError(`${outside} is outside the repository ${repo.root}; with --diff, give paths inside it.`);
  let scope;
  try {
    scope = diffScope(repo, ref, within);
  } catch (err) {
    if (err instanceof UnknownRefError) throw new SetupError(`--diff ${err.message}`);
    throw new SetupError(`could not read the changes since ${ref}: ${describeError(err).split('\n')[0]}`);
  }
  const files = new Map([...scope.files].filter(([file]) => mayBeTextFile(file)));
  if (!quiet) ctx.stderr.write(`ai-guard: ${plural(files.size, 'text file')} changed since ${ref} (compared with ${scope.base.slice(0, 12)}).\n`);
  return files;
}

function writeReport(file: string, content: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  } catch (err) {
    throw new SetupError(`could not write the report to ${file}: ${describeError(err)}`);
  }
}

/** A single self-overwriting status line on an interactive standard error; nothing otherwise. */
function progressLine(ctx: CliContext, quiet: boolean): { update: (done: number, file: string) => void; clear: () => void } {
  if (quiet || ctx.stderr.isTTY !== true) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: (done, file) => {
      const now = Date.now();
      if (now - last < 100) return; // redrawing on every file would cost more than scanning it
      last = now;
      shown = true;
      const width = Math.max(20, (ctx.stderr.columns ?? 80) - 1);
      ctx.stderr.write(`\r\x1b[K${`Scanning… ${plural(done, 'file')}  ${displayPath(ctx.cwd, file)}`.slice(0, width)}`);
    },
    clear: () => {
      if (shown) ctx.stderr.write('\r\x1b[K');
    },
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Scans once with what is known, looks up every package name that run could not decide (all files
 * together, coalesced and limited), then scans the files that asked once more with the answers.
 */
async function scanWithLookups(engine: Engine, paths: string[], options: ScanPathsOptions, dependencies: DependencyChecks, onLookups: (count: number) => void): Promise<ScanSummary> {
  const asked = new Map<string, PackageLookup[]>();
  const summary = scanPaths(engine, paths, {
    ...options,
    dependencies: (file) => dependencies.environment((lookup) => {
      const list = asked.get(file) ?? [];
      list.push(lookup);
      asked.set(file, list);
    }),
  });
  if (asked.size === 0) return summary;
  const lookups = [...asked.values()].flat();
  onLookups(new Set(lookups.map((l) => `${l.ecosystem}:${l.name}`)).size);
  await dependencies.resolve(lookups);
  const again = scanPaths(engine, [...asked.keys()], { ...options, onProgress: undefined, dependencies: () => dependencies.environment() });
  const rescanned = new Map(again.files.map((f) => [f.path, f]));
  return { ...summary, files: summary.files.map((f) => rescanned.get(f.path) ?? f) };
}
