/**
 * Findings as LSP diagnostics: source `ai-guard`, code = rule id, and a link to the rule's docs so
 * a person can always ask "why". `data` carries what the code actions need, so a quick fix does not
 * have to re-run the analysis.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../analysis/types';
import { DIAGNOSTIC_SOURCE } from './protocol';

export interface DiagnosticData {
  ruleId: string;
  fix?: Fix;
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

  toDiagnostic(finding: Finding): Diagnostic {
    const data: DiagnosticData = { ruleId: finding.ruleId, ...(finding.fix ? { fix: finding.fix } : {}) };
    return {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.ruleId,
      codeDescription: { href: this.docsHref(finding.ruleId) },
      message: finding.message,
      data,
    };
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
