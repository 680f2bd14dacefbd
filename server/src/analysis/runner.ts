/**
 * Runs the compiled rules of one grammar over a syntax tree, optionally only over some spans
 * (AI regions, changed lines): the query cursor is restricted to each span, so untouched parts of
 * a big file are not visited.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { checkOf, type CheckReport } from './checks';
import type { GrammarId } from './languages';
import type { RuleSet } from './rules/ruleSet';
import type { LoadedRule } from './rules/ruleTypes';
import { findSuppressions, isSuppressed } from './suppression';
import type { Finding, Fix, OffsetSpan, Severity, TextEdit, TextRange } from './types';
import { isTestPath } from './testFiles';

export interface ScanTarget {
  tree: Tree;
  text: string;
  grammar: GrammarId;
  filePath: string;
}

export interface RunOptions {
  /** Only report findings that intersect these spans; whole document when absent. */
  spans?: readonly OffsetSpan[];
  /** Lower severity one step in tests and fixtures (default true). */
  lowerSeverityInTests?: boolean;
  /** Rules switched off by configuration. */
  disabledRules?: ReadonlySet<string>;
  /** Severity set by configuration per rule id; replaces the rule's own before any lowering in tests. */
  severityOverrides?: ReadonlyMap<string, Severity>;
  /** Honour ai-guard-ignore comments (default true); a caller may refuse some, e.g. inside unreviewed AI code. */
  honourSuppression?: (line: number) => boolean;
}

export function runRules(target: ScanTarget, ruleSet: RuleSet, options: RunOptions = {}): Finding[] {
  const compiled = ruleSet
    .forGrammar(target.grammar)
    .filter(({ rule, mayMatch }) => !options.disabledRules?.has(rule.id) && (!mayMatch || mayMatch(target.text)));
  if (compiled.length === 0) return [];
  const root = target.tree.rootNode;
  const spans = options.spans ?? [{ startIndex: 0, endIndex: Math.max(root.endIndex, target.text.length) }];
  const lowerSeverity = (options.lowerSeverityInTests ?? true) && isTestPath(target.filePath);
  const findings = new Map<string, Finding>();

  for (const span of spans) {
    for (const { rule, query } of compiled) {
      // Node offsets are UTF-16 code units, but the query cursor's range is in bytes of the UTF-16
      // input web-tree-sitter parses, i.e. two per code unit (verified by a unit test).
      for (const match of query.matches(root, { startIndex: span.startIndex * 2, endIndex: span.endIndex * 2 })) {
        const captures: Record<string, Node> = {};
        for (const capture of match.captures) captures[capture.name] ??= capture.node;
        const matchNode = captures.match;
        if (!matchNode) continue;
        const report = evaluateCheck(rule, matchNode, captures, target);
        if (!report) continue;
        const node = report.node ?? matchNode;
        if (options.spans && !options.spans.some((s) => node.startIndex < s.endIndex && node.endIndex > s.startIndex)) continue;
        const key = `${rule.id}:${node.startIndex}:${node.endIndex}`;
        if (findings.has(key)) continue;
        const severity = options.severityOverrides?.get(rule.id) ?? rule.severity;
        findings.set(key, buildFinding(rule, node, captures, report, target, lowerSeverity ? lowered(severity) : severity));
      }
    }
  }

  const suppressions = findSuppressions(target.text);
  const honour = options.honourSuppression ?? (() => true);
  return [...findings.values()]
    .filter((f) => !(isSuppressed(suppressions, f.ruleId, f.range.start.line) && honour(f.range.start.line - 1)))
    .sort((a, b) => a.span.startIndex - b.span.startIndex || a.ruleId.localeCompare(b.ruleId));
}

function evaluateCheck(rule: LoadedRule, match: Node, captures: Record<string, Node>, target: ScanTarget): CheckReport | undefined {
  const check = checkOf(rule.id);
  if (!check) return {};
  const outcome = check({ match, captures, grammar: target.grammar, filePath: target.filePath, options: rule.options ?? {} });
  if (!outcome) return undefined;
  return outcome === true ? {} : outcome;
}

function buildFinding(
  rule: LoadedRule, node: Node, captures: Record<string, Node>, report: CheckReport, target: ScanTarget, severity: Severity,
): Finding {
  const vars = { ...Object.fromEntries(Object.entries(captures).map(([k, n]) => [k, n.text])), ...report.vars };
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    message: fillTemplate(rule.message, vars),
    severity,
    category: rule.category,
    cwe: rule.cwe,
    range: rangeOf(node),
    span: { startIndex: node.startIndex, endIndex: node.endIndex },
  };
  if (rule.fix && report.fixApplies !== false) {
    const targetNode = report.fixNode ?? captures[rule.fix.target ?? 'match'] ?? node;
    finding.fix = buildFix(rule.fix.title, rangeOf(targetNode), fillTemplate(rule.fix.replace, vars), rule.fix.ensureImport, target);
  }
  return finding;
}

function buildFix(title: string, range: TextRange, newText: string, ensureImport: string | undefined, target: ScanTarget): Fix {
  const edits: TextEdit[] = [{ range, newText }];
  if (ensureImport && !target.text.split('\n').some((line) => line.trim() === ensureImport)) {
    const line = importInsertionLine(target.tree.rootNode);
    edits.unshift({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${ensureImport}\n` });
  }
  return { title, edits };
}

const IMPORT_NODE_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'import_declaration']);

/** The line after the last top-level import, after a leading docstring/comment block otherwise. */
function importInsertionLine(root: Node): number {
  let line = 0;
  for (const child of root.children) {
    if (!child) continue;
    if (IMPORT_NODE_TYPES.has(child.type)) line = child.endPosition.row + 1;
    else if (line === 0 && (child.type === 'comment' || isDocstring(child))) line = child.endPosition.row + 1;
    else if (child.type !== 'comment') break;
  }
  return line;
}

function isDocstring(node: Node): boolean {
  return node.type === 'expression_statement' && node.firstChild?.type === 'string';
}

export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, name: string) => vars[name] ?? whole);
}

export function rangeOf(node: Node): TextRange {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function lowered(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : 'info';
}
