/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning and other SARIF viewers read it. Every
 * loaded rule is described (docs as help, CWE tags, security-severity), results point at files
 * relative to %SRCROOT% (the working directory) with 1-based regions, and skipped files and
 * configuration problems become tool notifications instead of silently missing results.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { LoadedRule, RuleExample } from '../analysis/rules/ruleTypes';
import type { Fix, Severity, TextRange } from '../analysis/types';
import { INFORMATION_URI, TOOL_NAME, displayPath, isOutsideRoot, lineFingerprints, oneBased, type Report } from './report';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub ranks alerts by this score: ≥7 high, ≥4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

/** Categories about maintenance rather than attack surface: no `security` tag or score. */
const NON_SECURITY_CATEGORIES = new Set(['license', 'deprecated-api']);

export function formatSarif(report: Report): string {
  const ruleIndex = new Map(report.rules.map((rule, i) => [rule.id, i]));
  const fingerprints = lineFingerprints(report.findings);
  const results: Sarif.Result[] = report.findings.map((f, i) => {
    const index = ruleIndex.get(f.finding.ruleId);
    const result: Sarif.Result = {
      ruleId: f.finding.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[f.finding.severity],
      message: { text: f.finding.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(f.finding.range) } }],
      partialFingerprints: { 'aiGuardLineHash/v1': fingerprints[i] },
    };
    if (f.finding.fixes?.length) result.fixes = f.finding.fixes.map((fix) => sarifFix(fix, f.file));
    if (f.finding.related?.length) {
      result.relatedLocations = f.finding.related.map((r, id) => ({
        id,
        physicalLocation: { artifactLocation: artifactLocation(r.filePath ? displayPath(report.root, r.filePath) : f.file), region: region(r.range) },
        message: { text: r.message },
      }));
    }
    return result;
  });

  const executionNotifications: Sarif.Notification[] = [
    ...report.configErrors.map((text): Sarif.Notification => ({ level: 'warning', message: { text } })),
    ...report.skipped.map((s): Sarif.Notification => ({
      level: 'note',
      message: { text: s.reason },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.file) } }],
    })),
  ];
  const configurationNotifications: Sarif.Notification[] = report.ruleErrors.map((text) => ({ level: 'error', message: { text } }));

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          version: report.toolVersion,
          semanticVersion: report.toolVersion,
          informationUri: INFORMATION_URI,
          rules: report.rules.map(describeRule),
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: executionNotifications,
        toolConfigurationNotifications: configurationNotifications,
      }],
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.root.endsWith('/') ? report.root : `${report.root}/`).href } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(rule: LoadedRule): Sarif.ReportingDescriptor {
  const security = !NON_SECURITY_CATEGORIES.has(rule.category);
  const tags = [...(security ? ['security'] : []), ...rule.cwe.map((n) => `external/cwe/cwe-${n}`)];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: firstParagraph(rule.docs) },
    help: { text: rule.docs.trim(), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      category: rule.category,
      precision: 'high',
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

const FENCE: Record<string, string> = { javascript: 'js', typescript: 'ts', python: 'python', go: 'go' };

function helpMarkdown(rule: LoadedRule): string {
  const example = (e: string | RuleExample) => {
    const code = typeof e === 'string' ? e : e.code;
    const language = (typeof e === 'string' ? undefined : e.language) ?? rule.languages[0];
    return `\`\`\`${FENCE[language] ?? ''}\n${code.trimEnd()}\n\`\`\``;
  };
  const cwe = rule.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join(', ');
  return [
    `**${rule.title}**`,
    rule.docs.trim(),
    ...(cwe ? [`References: ${cwe}`] : []),
    '#### Reported',
    ...rule.examples.bad.map(example),
    '#### Not reported',
    ...rule.examples.good.map(example),
  ].join('\n\n');
}

/** Report paths are already relative to the report root, which is %SRCROOT%. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (isOutsideRoot(file)) return { uri: pathToFileURL(file).href };
  return { uri: encodeURI(file).replace(/[?#]/g, encodeURIComponent), uriBaseId: SRCROOT };
}

function region(range: TextRange): Sarif.Region {
  const { line, column, endLine, endColumn } = oneBased(range);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

function sarifFix(fix: Fix, file: string): Sarif.Fix {
  return {
    description: { text: fix.title },
    artifactChanges: [{
      artifactLocation: artifactLocation(file),
      replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
    }],
  };
}

function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
}

function pascalCase(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
