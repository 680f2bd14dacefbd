/**
 * The pre-commit gate (`ai-guard gate --staged`), protocol-free so the server can run it too. It
 * judges what will be committed — the index, never the work tree — and only the lines the commit
 * adds, so untouched old code never blocks a commit. A staged file is stopped when
 *  (a) the policy requires verification and an added line lies in an unreviewed AI region (regions
 *      saved by the editor, found again in the staged text by their content), or
 *  (b) a finding at or above the policy's level lies on an added line outside verified regions and
 *      is not silenced by an `ai-guard-ignore` comment that gives a reason (` -- why`) and does not
 *      itself sit in unreviewed AI code.
 * The policy is the file's `.aiguard.json` `gate` (nearest folder up to the repository root).
 *
 * Region state that exists but cannot be fully used (unreadable, corrupt, newer schema, malformed
 * entries) fails closed when the policy requires verification: the commit is stopped with the reason
 * (see `stateProblems`), because letting unreviewed AI code through unnoticed is the one outcome the
 * gate exists to prevent. A corrupt file is moved aside by RegionStore, so the next attempt is
 * checked as if the editor had never run (findings only) — the person has seen why by then; the
 * other cases stop every commit until the file is fixed, deleted or AI Guard updated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GatePolicy } from './config';
import type { DependencyRunner } from './dependencies/frontDoor';
import type { Engine } from './engine';
import { DEFAULT_MAX_BYTES, decodeText, isLikelyMinified, mayBeTextFile, MINIFIED_REASON } from './files';
import { isAgentFile } from './content/agentFiles';
import { relativeToRepo, stagedAddedLines, stagedBlob, type LineRange, type Repository } from './git';
import { grammarForPath } from './languages';
import { countLines, linesOfRange, spansOfLines, subtractLines, touchesLines } from './lineScope';
import type { GrammarId } from './languages';
import { findConfigFolder, folderSetups, type FolderSetup } from './scanner';
import { findSuppressions, type Suppression } from './suppression';
import { atLeast, type Finding, type OffsetSpan, type Severity } from './types';
import { reanchorRegions, RegionStore } from './regions/regionStore';
import { AI_SUPPRESSION_RULE_ID, honouredSuppressions, suppressionFindings } from './regions/suppressionGuard';
import { lineOf, lineStarts } from './regions/text';
import type { Region } from './regions/types';

/** The id gate problems about unreviewed AI code carry where findings carry a rule id. */
export const UNVERIFIED_REGION_ID = 'ai-region-unverified';

/** Where the editor keeps a repository's AI regions; the gate reads them from there. */
export function regionStorePath(repo: Repository): string {
  return path.join(repo.gitDir, 'ai-guard', 'regions.json');
}

export interface GateProblem {
  /** Absolute path. */
  path: string;
  /** Repository-relative, `/` separators. */
  file: string;
  /** 1-based, inclusive, in the staged text. */
  line: number;
  endLine: number;
  /** A rule id, or `ai-region-unverified`. */
  id: string;
  severity: Severity;
  message: string;
  /** Why a suppression comment next to the finding did not count, as a sentence. */
  note?: string;
  region?: Pick<Region, 'id' | 'origin' | 'createdAt'>;
}

export interface GateResult {
  /** Sorted by file, then line. */
  problems: GateProblem[];
  /** Staged files with added lines whose staged text was checked. */
  filesChecked: number;
  addedLinesChecked: number;
  /** Staged files with added lines that could not be checked (binary, not UTF-8, too big, minified). */
  skipped: { path: string; file: string; reason: string }[];
  /** Sentences worth showing that do not stop the commit (configuration problems, partly unusable region state). */
  warnings: string[];
  /** Sentences that stop the commit because the gate could not do its job (region state unusable, index unreadable). */
  stateProblems: string[];
}

export interface GateOptions {
  repo: Repository;
  /** Called only when a staged file needs its findings checked, so a commit of other files never loads grammars. */
  engine: () => Promise<Engine>;
  /** Defaults to `regionStorePath(repo)`. */
  regionsFile?: string;
  /**
   * Dependency checks (registry lookups of the packages staged imports and manifests name). Their
   * workspace knowledge (lockfiles, .npmrc) comes from the work tree; the text judged is the staged one.
   */
  dependencies?: DependencyRunner;
  maxBytes?: number;
}

interface FileToCheck { path: string; file: string; added: LineRange[]; setup: FolderSetup; policy: GatePolicy }

export async function runStagedGate(options: GateOptions): Promise<GateResult> {
  const { repo } = options;
  const result: GateResult = { problems: [], filesChecked: 0, addedLinesChecked: 0, skipped: [], warnings: [], stateProblems: [] };
  const setupFor = folderSetups({
    onConfigError: (error) => {
      if (!result.warnings.includes(error)) result.warnings.push(error);
    },
  });
  const files: FileToCheck[] = [...stagedAddedLines(repo)]
    .filter(([, added]) => added.length > 0)
    .map(([abs, added]) => {
      const setup = setupFor(findConfigFolder(abs, repo.root));
      return { path: abs, file: relativeToRepo(repo, abs), added, setup, policy: setup.config.gate };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (files.length === 0) return result;

  const store = await openRegions(options.regionsFile ?? regionStorePath(repo), files.some((f) => f.policy.requireVerified), result);
  let engine: Engine | undefined;
  for (const entry of files) {
    const blob = stagedBlob(repo, entry.path);
    if (blob === undefined) {
      result.stateProblems.push(`AI Guard could not read the staged version of ${entry.file} from the index, so it could not be checked. Run "git status" to see what is wrong.`);
      continue;
    }
    const decoded = decodeText(blob);
    if (!decoded.ok) {
      result.skipped.push({ path: entry.path, file: entry.file, reason: decoded.reason });
      continue;
    }
    const text = decoded.text;
    const starts = lineStarts(text);
    const regions = store ? reanchorRegions(store.regionsOf(entry.file), text).regions.map((r) => ({ region: r, lines: regionLines(starts, r.span) })) : [];
    const unreviewed = regions.filter((r) => r.region.status !== 'verified');
    if (entry.policy.requireVerified) {
      for (const { region, lines } of unreviewed) {
        if (touchesLines(lines.start, lines.end, entry.added)) result.problems.push(regionProblem(entry, region, lines));
      }
    }

    // Every text file is checked: code with its grammar's rules, and all of them with the text rules
    // (hidden Unicode, prompt injection, …) of their kind.
    const grammar = grammarForPath(entry.path);
    const { filter, runOptions } = entry.setup;
    if (mayBeTextFile(entry.path) && !filter.isExcluded(entry.path)) {
      const tooBig = blob.length > (options.maxBytes ?? DEFAULT_MAX_BYTES);
      if (tooBig || (isLikelyMinified(text) && !isAgentFile(entry.path))) {
        const reason = tooBig ? `The staged file is over the ${Math.round((options.maxBytes ?? DEFAULT_MAX_BYTES) / 1024)} KB scan limit; its findings were not checked.` : MINIFIED_REASON;
        result.skipped.push({ path: entry.path, file: entry.file, reason });
      } else {
        engine ??= await options.engine();
        const unreviewedSpans = unreviewed.map((r) => r.region.span);
        const scanOptions = { ...runOptions, spans: spansOfLines(text, entry.added), honourSuppression: () => false };
        const loaded = engine;
        const scanned = options.dependencies
          ? await options.dependencies.withLookups((dependencies) => loaded.scanText(entry.path, text, { ...scanOptions, dependencies }))
          : engine.scanText(entry.path, text, scanOptions);
        const findings = [
          // Suppressions are decided below, per finding, so the gate can say why one did not count.
          ...scanned,
          ...(runOptions.disabledRules?.has(AI_SUPPRESSION_RULE_ID) || !grammar ? [] : suppressionFindings(text, unreviewedSpans, grammar)
            .map((f) => ({ ...f, severity: runOptions.severityOverrides?.get(f.ruleId) ?? f.severity }))),
        ];
        const judged = judgeFindings(findings, text, entry, regions.filter((r) => r.region.status === 'verified').map((r) => r.lines), unreviewedSpans, grammar);
        result.problems.push(...judged);
      }
    }
    result.filesChecked++;
    result.addedLinesChecked += countLines(entry.added);
  }
  result.problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || Number(b.id === UNVERIFIED_REGION_ID) - Number(a.id === UNVERIFIED_REGION_ID));
  return result;
}

/**
 * The saved regions. Every problem RegionStore reports (unreadable, written by a newer version,
 * corrupt, some regions malformed) means regions may be missing, so it is a state problem when some
 * staged file's policy requires verification, and a warning otherwise (the readable part is used).
 */
async function openRegions(file: string, required: boolean, result: GateResult): Promise<RegionStore | undefined> {
  const { store, warnings } = await RegionStore.open(file);
  if (warnings.length === 0 || !required) {
    result.warnings.push(...warnings);
    return store;
  }
  const next = fs.existsSync(file)
    ? `Fix or delete ${file} (AI Guard in VS Code writes it afresh), or update AI Guard if a newer version wrote it, then commit again.`
    : 'Run "AI Guard: Scan AI Changes" in VS Code to find the AI code of your uncommitted changes again and review it; committing again checks the staged lines for findings only.';
  result.stateProblems.push(`${warnings.join(' ')} The gate stopped this commit because it cannot tell which staged lines are unreviewed AI code. ${next}`);
  return undefined;
}

/** 1-based lines of a span, given the text's `lineStarts`. */
function regionLines(starts: readonly number[], span: OffsetSpan): LineRange {
  return { start: lineOf(starts, span.startIndex) + 1, end: lineOf(starts, Math.max(span.startIndex, span.endIndex - 1)) + 1 };
}

const ORIGIN_TEXT: Record<Region['origin'], string> = {
  'completion/paste': 'inserted in the editor by a completion or paste',
  agent: 'written to disk by an AI agent',
};

function regionProblem(entry: FileToCheck, region: Region, lines: LineRange): GateProblem {
  const when = region.createdAt.slice(0, 16).replace('T', ' ');
  return {
    path: entry.path,
    file: entry.file,
    line: lines.start,
    endLine: lines.end,
    id: UNVERIFIED_REGION_ID,
    severity: 'error',
    message: `Unreviewed AI code (${region.origin}: ${ORIGIN_TEXT[region.origin]} on ${when} UTC), lines ${lines.start}-${lines.end}; review it and mark it verified.`,
    region: { id: region.id, origin: region.origin, createdAt: region.createdAt },
  };
}

/** Findings that stop the commit: at or above the policy level, on added lines outside verified regions, not silenced with a reason. */
function judgeFindings(
  findings: readonly Finding[], text: string, entry: FileToCheck, verifiedLines: readonly LineRange[],
  unreviewedSpans: readonly OffsetSpan[], grammar: GrammarId | undefined,
): GateProblem[] {
  const checkedLines = subtractLines(entry.added, verifiedLines);
  const all = findSuppressions(text);
  const honoured = new Set(honouredSuppressions(all, text, unreviewedSpans, grammar));
  const out: GateProblem[] = [];
  for (const finding of findings) {
    if (!atLeast(finding.severity, entry.policy.failOn)) continue;
    const { first, last } = linesOfRange(finding.range);
    if (!touchesLines(first + 1, last + 1, checkedLines)) continue;
    const applicable = all.filter((s) => s.appliesTo === finding.range.start.line && s.ruleIds.includes(finding.ruleId));
    if (applicable.some((s) => honoured.has(s) && s.reason)) continue;
    out.push({
      path: entry.path,
      file: entry.file,
      line: first + 1,
      endLine: last + 1,
      id: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      ...(applicable.length > 0 ? { note: whyNotHonoured(applicable, honoured) } : {}),
    });
  }
  return out;
}

function whyNotHonoured(applicable: readonly Suppression[], honoured: ReadonlySet<Suppression>): string {
  if (applicable.some((s) => !honoured.has(s))) {
    return 'Its ai-guard-ignore comment sits in unreviewed AI code and counts only once that region is verified.';
  }
  return 'Its ai-guard-ignore comment gives no reason; the gate accepts it with one: "-- <why this is safe>".';
}
