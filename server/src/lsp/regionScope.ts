/**
 * Shared pieces of region wiring: which files never get regions, what the rules run on for a given
 * `aiGuard.scope`, the two pseudo-rules that guard the guard, and the protocol shape of regions.
 */
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { configWeakeningFindings, isProjectConfigPath } from '../analysis/configWeakening';
import { isAgentFile } from '../analysis/content/agentFiles';
import type { Engine } from '../analysis/engine';
import type { GrammarId } from '../analysis/languages';
import { matchesAnyGlob } from '../analysis/pathFilter';
import { findSuppressionComments, suppressionFindings, type OffsetSpan, type Region } from '../analysis/regions';
import { spansIntersect } from '../analysis/regions/text';
import type { RunOptions } from '../analysis/runner';
import type { Finding } from '../analysis/types';
import type { FileRegions, RegionFindingInfo, RegionInfo } from './protocol';
import type { DocumentSettings } from './settings';
import type { Workspace } from './workspace';

/**
 * True when `filePath` must never get regions: `aiGuard.detection.exclude` globs, the built-in
 * exclusions and .gitignore (relative to its workspace folder, else its repository root).
 */
export function excludedFromDetection(filePath: string, settings: DocumentSettings, workspace: Workspace, repoRoot: string | undefined): boolean {
  const folder = workspace.folderOf(filePath);
  const root = folder?.path ?? repoRoot ?? path.dirname(filePath);
  const rel = path.relative(root, filePath);
  if (matchesAnyGlob(rel, settings.detection.exclude)) return true;
  const filter = workspace.pathFilter(folder ?? { uri: '', name: '', path: root }, []);
  return filter.isExcluded(filePath);
}

export function unreviewedSpans(regions: readonly Region[]): OffsetSpan[] {
  return regions.filter((r) => r.status === 'unreviewed').map((r) => r.span);
}

/**
 * What the rules run on and which `ai-guard-ignore` comments they honour, for a document with
 * `regions`: in `aiRegions` the region spans (verified ones too — verification records review, it
 * does not hide findings); in `changedLines` also `addedSpans`; in `wholeFile` everything.
 * An `ai-guard-ignore` comment inside an unreviewed region is not honoured.
 */
export function scopedRunOptions(
  base: RunOptions, scope: DocumentSettings['scope'], text: string, regions: readonly Region[], grammar: GrammarId | undefined, addedSpans: readonly OffsetSpan[] = [],
): RunOptions {
  const blocked = new Set(
    findSuppressionComments(text, { language: grammar, within: unreviewedSpans(regions) }).filter((c) => c.kind === 'ai-guard-ignore').map((c) => c.line),
  );
  // The runner asks about the line above a finding (next-line comments); `-line` comments sit on the finding's own line.
  const honourSuppression = blocked.size === 0 ? undefined : (line: number) => !blocked.has(line) && !blocked.has(line + 1);
  const options: RunOptions = { ...base, honourSuppression };
  if (scope === 'aiRegions') options.spans = regions.map((r) => r.span);
  else if (scope === 'changedLines') options.spans = [...regions.map((r) => r.span), ...addedSpans];
  return options;
}

/**
 * Agent instruction files and MCP configs are read whole by the agent, so their text rules run on
 * the whole file whatever `aiGuard.scope` says (a line pulled from git or written by a tool steers
 * the agent as much as one typed in an AI region); other files keep the scope they were given.
 */
export function withAgentFileScope(options: RunOptions, filePath: string): RunOptions {
  return isAgentFile(filePath) ? { ...options, wholeFileTextRules: true } : options;
}

/**
 * The pseudo-rule findings: `ai-suppression-in-ai-code` for suppression comments in unreviewed
 * regions and, in `.aiguard.json`, `ai-config-weakened` — with the configuration's rule switches
 * and severities applied like any other rule's.
 */
export function guardFindings(filePath: string, text: string, regions: readonly Region[], grammar: GrammarId | undefined, options: RunOptions, engine: Engine | undefined): Finding[] {
  const spans = unreviewedSpans(regions);
  if (spans.length === 0) return [];
  const found = isProjectConfigPath(filePath)
    ? configWeakeningFindings(text, spans, (id) => engine?.ruleSet.rules.find((r) => r.id === id)?.severity)
    : grammar ? suppressionFindings(text, spans, grammar) : [];
  return found
    .filter((f) => !options.disabledRules?.has(f.ruleId))
    .map((f) => ({ ...f, severity: options.severityOverrides?.get(f.ruleId) ?? f.severity }));
}

/** A file's regions in protocol form, plus all its findings when it is an agent file (checked whole). */
export function fileRegions(uri: string, filePath: string | undefined, text: string, regions: readonly Region[], findings: readonly Finding[]): FileRegions {
  const info: FileRegions = { uri, regions: regionInfos(uri, text, regions, findings) };
  if (filePath && isAgentFile(filePath) && findings.length > 0) info.agentFindings = findings.map(findingInfo);
  return info;
}

function findingInfo(f: Finding): RegionFindingInfo {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range };
}

/** Regions in protocol form, each with the findings that intersect it. */
export function regionInfos(uri: string, text: string, regions: readonly Region[], findings: readonly Finding[]): RegionInfo[] {
  const doc = TextDocument.create(uri, 'plaintext', 0, text);
  return regions.map((region) => ({
    id: region.id,
    range: { start: doc.positionAt(region.span.startIndex), end: doc.positionAt(region.span.endIndex) },
    origin: region.origin,
    status: region.status,
    createdAt: region.createdAt,
    ...(region.verifiedAt ? { verifiedAt: region.verifiedAt } : {}),
    ...(region.note ? { note: region.note } : {}),
    findings: findings.filter((f) => spansIntersect(f.span, region.span)).map(findingInfo),
  }));
}
