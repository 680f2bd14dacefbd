/**
 * `--format json`: a stable shape for scripts. `version` changes only when a field changes meaning
 * or disappears; new fields may appear at any time.
 *
 * {
 *   "version": 1,
 *   "tool": { "name": "AI Guard", "version": "0.1.0" },
 *   "findings": [{
 *     "file": "src/app.js",                 // relative to the working directory, "/" separators
 *     "line": 3, "column": 10,              // 1-based; columns count UTF-16 code units
 *     "endLine": 3, "endColumn": 28,        // 1-based, exclusive end column
 *     "ruleId": "js-dynamic-eval", "title": "…",
 *     "severity": "error" | "warning" | "info",
 *     "category": "injection", "cwe": [95],
 *     "message": "…",
 *     "fix": null | { "title": "…", "edits": [{ "line", "column", "endLine", "endColumn", "newText" }] }
 *   }],
 *   "skipped": [{ "file": "dist/app.min.js", "reason": "…" }],
 *   "configErrors": ["…"],                  // problems in .aiguard.json (defaults were used)
 *   "ruleErrors": ["…"],                    // rule files that did not load (the other rules ran)
 *   "summary": { "findings", "errors", "warnings", "infos", "filesScanned", "filesWithFindings", "skipped" }
 * }
 */
import type { Fix } from '../analysis/types';
import { filesWithFindings, severityCounts, TOOL_NAME, oneBased, type Report } from './report';

export const JSON_REPORT_VERSION = 1;

export function formatJson(report: Report): string {
  const counts = severityCounts(report.findings);
  const body = {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL_NAME, version: report.toolVersion },
    findings: report.findings.map(({ file, finding }) => ({
      file,
      ...oneBased(finding.range),
      ruleId: finding.ruleId,
      title: finding.title,
      severity: finding.severity,
      category: finding.category,
      cwe: finding.cwe,
      message: finding.message,
      // `fix` (the preferred fix) is kept for scripts written against version 1; `fixes` lists all.
      fix: finding.fixes?.length ? jsonFix(finding.fixes[0]) : null,
      fixes: (finding.fixes ?? []).map(jsonFix),
      related: (finding.related ?? []).map((r) => ({ ...(r.filePath ? { file: r.filePath } : {}), ...oneBased(r.range), message: r.message })),
    })),
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    configErrors: report.configErrors,
    ruleErrors: report.ruleErrors,
    summary: {
      findings: report.findings.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      filesScanned: report.filesScanned,
      filesWithFindings: filesWithFindings(report.findings),
      skipped: report.skipped.length,
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function jsonFix(fix: Fix) {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({
      line: e.range.start.line + 1,
      column: e.range.start.character + 1,
      endLine: e.range.end.line + 1,
      endColumn: e.range.end.character + 1,
      newText: e.newText,
    })),
  };
}
