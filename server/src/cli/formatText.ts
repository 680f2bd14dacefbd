/**
 * The human-readable report: one line per finding as `path:line:col  severity  rule-id  message`
 * (editors and terminals turn `path:line:col` into a link), grouped by file, then a summary and
 * the files that were skipped and why.
 */
import type { Severity } from '../analysis/types';
import { filesWithFindings, oneBased, plural, severityCounts, type Report, type ReportFinding } from './report';

export interface TextOptions {
  color: boolean;
  /** Findings only: no summary, no skipped list. */
  quiet: boolean;
}

type Style = (text: string) => string;

function styles(color: boolean): Record<'bold' | 'dim' | Severity, Style> {
  const sgr = (open: number, close: number): Style => (color ? (t) => `\x1b[${open}m${t}\x1b[${close}m` : (t) => t);
  return { bold: sgr(1, 22), dim: sgr(2, 22), error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39) };
}

export function formatText(report: Report, options: TextOptions): string {
  const style = styles(options.color);
  const out: string[] = [];
  for (const group of groupByFile(report.findings)) {
    const locations = group.map((f) => {
      const { line, column } = oneBased(f.finding.range);
      return `${f.file}:${line}:${column}`;
    });
    const locationWidth = Math.max(...locations.map((l) => l.length));
    const ruleWidth = Math.max(...group.map((f) => f.finding.ruleId.length));
    group.forEach((f, i) => {
      const severity = f.finding.severity;
      out.push([
        style.bold(locations[i].padEnd(locationWidth)),
        style[severity](severity.padEnd(7)),
        style.dim(f.finding.ruleId.padEnd(ruleWidth)),
        f.finding.message,
      ].join('  '));
    });
    out.push('');
  }
  if (options.quiet) return out.join('\n');

  out.push(summaryLine(report));
  if (report.skipped.length > 0) {
    out.push('', style.bold('Skipped'));
    for (const s of report.skipped) out.push(`  ${s.file}  ${style.dim(s.reason)}`);
  }
  return `${out.join('\n')}\n`;
}

export function summaryLine(report: Report): string {
  const scanned = `${plural(report.filesScanned, 'file')} scanned, ${report.skipped.length} skipped`;
  if (report.findings.length === 0) return `No findings; ${scanned}.`;
  const counts = severityCounts(report.findings);
  const parts = [
    counts.error ? plural(counts.error, 'error') : '',
    counts.warning ? plural(counts.warning, 'warning') : '',
    counts.info ? plural(counts.info, 'info', 'info') : '',
  ].filter(Boolean);
  return `${plural(report.findings.length, 'finding')} (${parts.join(', ')}) in ${plural(filesWithFindings(report.findings), 'file')}; ${scanned}.`;
}

function groupByFile(findings: readonly ReportFinding[]): ReportFinding[][] {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return [...groups.values()];
}
