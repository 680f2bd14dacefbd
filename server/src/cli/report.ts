/**
 * What a scan produced, in the shape every output format starts from: findings with display paths
 * and the text of their line, skipped files, configuration and rule problems.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { LoadedRule } from '../analysis/rules/ruleTypes';
import type { Finding, Severity, TextRange } from '../analysis/types';

export interface ReportFinding {
  /** Path relative to the report root with `/` separators; absolute when the file lies outside it. */
  file: string;
  finding: Finding;
  /** The finding's first line, for fingerprints and context. */
  lineText: string;
}

export interface ReportSkip { file: string; reason: string }

export interface Report {
  /** The folder paths are shown relative to (the working directory). */
  root: string;
  toolVersion: string;
  /** Every rule that loaded, in load order (SARIF's rule indexes refer to this order). */
  rules: LoadedRule[];
  /** Sorted by file, then position. */
  findings: ReportFinding[];
  skipped: ReportSkip[];
  configErrors: string[];
  ruleErrors: string[];
  filesScanned: number;
}

export const TOOL_NAME = 'AI Guard';
export const INFORMATION_URI = 'https://github.com/ai-guard/ai-guard';

export function displayPath(root: string, absPath: string): string {
  const rel = path.relative(root, absPath);
  if (rel === '') return path.basename(absPath).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return absPath.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

export function isOutsideRoot(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:\//.test(file);
}

export function severityCounts(findings: readonly ReportFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.finding.severity]++;
  return counts;
}

export function filesWithFindings(findings: readonly ReportFinding[]): number {
  return new Set(findings.map((f) => f.file)).size;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A finding's identity across commits: the rule and its line's text with whitespace collapsed, so
 * the result survives code moving up or down and re-indentation. `:n` counts identical lines of
 * the same file and rule, as GitHub's own line hashes do.
 */
export function lineFingerprints(findings: readonly ReportFinding[]): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const normalised = f.lineText.trim().replace(/\s+/g, ' ');
    const hash = createHash('sha256').update(`${f.finding.ruleId}\n${normalised}`).digest('hex').slice(0, 32);
    const key = `${f.file}\n${hash}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    return `${hash}:${n}`;
  });
}

/** 1-based line and column, as people and SARIF count them. */
export function oneBased(range: TextRange): { line: number; column: number; endLine: number; endColumn: number } {
  const { start, end } = range;
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
