/**
 * Findings as LSP diagnostics: source `ai-guard`, code = rule id, and a link to the rule's docs so
 * a person can always ask "why". `data` carries what the code actions need, so a quick fix does not
 * have to re-run the analysis.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../analysis/types';
import { DIAGNOSTIC_SOURCE } from './protocol';

export interface DiagnosticData {
  ruleId: string;
  /** The finding's quick fixes, the preferred one first. */
  fixes?: Fix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Builds diagnostics whose docs links point into `docsDir` (docs/rules/<id>.md of the extension). */
export class DiagnosticFactory {
  private readonly hrefs = new Map<string, string>();

  constructor(private readonly docsDir: string) {}

  /** `uri`: the document the finding is in (related locations without a file of their own point there). */
  toDiagnostic(finding: Finding, uri: string): Diagnostic {
    const data: DiagnosticData = { ruleId: finding.ruleId, ...(finding.fixes?.length ? { fixes: finding.fixes } : {}) };
    const diagnostic: Diagnostic = {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.ruleId,
      codeDescription: { href: this.docsHref(finding.ruleId) },
      message: finding.message,
      data,
    };
    if (finding.related?.length) {
      diagnostic.relatedInformation = finding.related.map((r): DiagnosticRelatedInformation => ({
        location: { uri: r.filePath ? pathToFileURL(r.filePath).href : uri, range: r.range },
        message: r.message,
      }));
    }
    return diagnostic;
  }

  private docsHref(ruleId: string): string {
    let href = this.hrefs.get(ruleId);
    if (!href) {
      href = pathToFileURL(path.join(this.docsDir, `${ruleId}.md`)).href;
      this.hrefs.set(ruleId, href);
    }
    return href;
  }
}

/** The data of one of our own diagnostics, or undefined for anybody else's. */
export function aiGuardData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && typeof data.ruleId === 'string') return data as DiagnosticData;
  // A client that drops `data` still sends the code, which is the rule id.
  return typeof diagnostic.code === 'string' ? { ruleId: diagnostic.code } : undefined;
}
