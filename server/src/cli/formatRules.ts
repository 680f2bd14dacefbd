/** `ai-guard rules`: the loaded rules as an aligned table or as JSON. */
import { plural } from './report';
import type { LoadedRule } from '../analysis/rules/ruleTypes';

export function formatRulesText(rules: readonly LoadedRule[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => [r.id, r.severity, r.category, r.cwe.map((n) => `CWE-${n}`).join(',') || '-', r.title]);
  const table = [['RULE', 'SEVERITY', 'CATEGORY', 'CWE', 'TITLE'], ...rows];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const lines = table.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]))).join('  '));
  return `${lines.join('\n')}\n\n${plural(rules.length, 'rule')}.\n`;
}

export function formatRulesJson(rules: readonly LoadedRule[]): string {
  const body = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({ id: r.id, title: r.title, severity: r.severity, category: r.category, cwe: r.cwe, languages: r.languages, fixable: Boolean(r.fix) }));
  return `${JSON.stringify(body, null, 2)}\n`;
}
