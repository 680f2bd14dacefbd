/**
 * `ai-guard gate --staged` and `ai-guard install-hook`. The gate prints either one OK line or the
 * problems as `path:line  rule-or-reason  message` followed by how to proceed; inside a git hook
 * git shows both streams to the person committing (terminal, VS Code's Git output).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DependencyChecks, registryCacheFile, type DependencyRunner } from '../analysis/dependencies/frontDoor';
import { runStagedGate, UNVERIFIED_REGION_ID, type GateProblem, type GateResult } from '../analysis/gate';
import { findRepository, type Repository } from '../analysis/git';
import { HookInstallError, installPreCommitHook } from '../analysis/gitHooks';
import type { GateCommand, InstallHookCommand } from './args';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, SetupError, UsageError } from './errors';
import { displayPath, plural, TOOL_NAME } from './report';
import { loadEngine, type CliContext } from './scanCommand';

export const GATE_JSON_VERSION = 1;

export async function runGateCommand(command: GateCommand, ctx: CliContext): Promise<number> {
  const repo = repositoryAt(command.repo, ctx, 'The gate checks what is staged for a commit; use "ai-guard scan" for other folders.');
  let result: GateResult;
  try {
    let dependencies: DependencyChecks | undefined;
    const engine = async () => {
      const loaded = (await loadEngine(undefined, ctx)).engine;
      dependencies ??= new DependencyChecks({ engine: loaded, online: () => !command.offline, env: ctx.env, cacheFile: registryCacheFile(repo), roots: [repo.root] });
      return loaded;
    };
    // The dependency checks start with the engine (a commit without files to check loads neither); the gate asks for the engine first.
    const lazyDependencies: DependencyRunner = { withLookups: (scan) => dependencies!.withLookups(scan) };
    try {
      result = await runStagedGate({ repo, engine, dependencies: lazyDependencies });
    } finally {
      await dependencies?.dispose();
    }
  } catch (err) {
    if (err instanceof SetupError || err instanceof UsageError) throw err;
    throw new SetupError(`could not read the staged changes of ${repo.root}: ${firstLine(err)}`);
  }
  for (const warning of result.warnings) ctx.stderr.write(`ai-guard: warning: ${warning}\n`);
  if (command.format === 'json') ctx.stdout.write(formatGateJson(result, ctx));
  else ctx.stdout.write(formatGateText(result, ctx));
  if (result.stateProblems.length > 0) {
    for (const problem of result.stateProblems) ctx.stderr.write(`ai-guard: ${problem}\n`);
    return EXIT_USAGE;
  }
  return result.problems.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

export function runInstallHookCommand(command: InstallHookCommand, ctx: CliContext): number {
  const repo = repositoryAt(command.repo, ctx, 'A pre-commit hook belongs to one: run "git init" first, or pass --repo DIR.');
  try {
    const result = installPreCommitHook(repo, path.join(ctx.bundleDir, 'cli.js'));
    ctx.stdout.write(`${result.message}\n`);
    return EXIT_CLEAN;
  } catch (err) {
    if (err instanceof HookInstallError) throw new SetupError(err.message);
    throw new SetupError(`could not install the pre-commit hook: ${firstLine(err)}`);
  }
}

function repositoryAt(given: string | undefined, ctx: CliContext, why: string): Repository {
  const dir = path.resolve(ctx.cwd, given ?? '.');
  if (given !== undefined && !fs.existsSync(dir)) throw new UsageError(`--repo ${given} does not exist.`);
  const repo = findRepository(dir);
  if (!repo) throw new SetupError(`${given ?? 'the working directory'} is not inside a git repository. ${why}`);
  return repo;
}

export function formatGateText(result: GateResult, ctx: Pick<CliContext, 'cwd'>): string {
  const out: string[] = [];
  const checked = `${plural(result.filesChecked, 'file')}, ${plural(result.addedLinesChecked, 'added line')} checked`;
  for (const skip of result.skipped) out.push(`Not checked: ${displayPath(ctx.cwd, skip.path)}: ${skip.reason}`);
  if (result.problems.length === 0) {
    if (result.stateProblems.length === 0) out.push(`AI Guard gate: OK — ${checked}.`);
    return out.length > 0 ? `${out.join('\n')}\n` : '';
  }
  out.push(`AI Guard blocked this commit: ${plural(result.problems.length, 'problem')} on staged lines (${checked}).`, '');
  const rows = result.problems.map((p) => [`${displayPath(ctx.cwd, p.path)}:${p.line}`, p.id, p.note ? `${p.message} ${p.note}` : p.message]);
  const widths = [0, 1].map((col) => Math.max(...rows.map((row) => row[col].length)));
  for (const row of rows) out.push(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  out.push('', howToProceed(result.problems));
  return `${out.join('\n')}\n`;
}

function howToProceed(problems: readonly GateProblem[]): string {
  const steps: string[] = [];
  if (problems.some((p) => p.id === UNVERIFIED_REGION_ID)) {
    steps.push('review each AI region in VS Code and run "AI Guard: Mark Region Verified" (or "Not AI-generated" if it is yours)');
  }
  if (problems.some((p) => p.id !== UNVERIFIED_REGION_ID)) {
    steps.push('fix each finding, or where it is safe add "ai-guard-ignore-next-line <rule> -- <reason>" in a comment above it');
  }
  return `To commit: ${steps.join('; and ')}, then stage and commit again. "git commit --no-verify" skips this check, but CI runs the same checks on the pull request, so your team lead will see it there.`;
}

export function formatGateJson(result: GateResult, ctx: Pick<CliContext, 'cwd' | 'toolVersion'>): string {
  const body = {
    version: GATE_JSON_VERSION,
    tool: { name: TOOL_NAME, version: ctx.toolVersion },
    result: result.stateProblems.length > 0 ? 'error' : result.problems.length > 0 ? 'blocked' : 'passed',
    problems: result.problems.map((p) => ({
      file: displayPath(ctx.cwd, p.path),
      line: p.line,
      endLine: p.endLine,
      id: p.id,
      severity: p.severity,
      message: p.message,
      note: p.note ?? null,
      region: p.region ?? null,
    })),
    skipped: result.skipped.map((s) => ({ file: displayPath(ctx.cwd, s.path), reason: s.reason })),
    warnings: result.warnings,
    stateProblems: result.stateProblems,
    summary: { files: result.filesChecked, addedLines: result.addedLinesChecked, problems: result.problems.length },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: unknown; message?: unknown };
  const text = typeof e.stderr === 'string' && e.stderr.trim() ? e.stderr : String(e.message ?? err);
  return text.trim().split('\n')[0];
}
