/**
 * Runs the rules that apply to one file, optionally only over some spans (AI regions, changed
 * lines): query rules over its syntax tree, with the query cursor restricted to each span so
 * untouched parts of a big file are not visited; text rules (no query) over its whole text. Both
 * kinds end as findings of one shape, filtered by the same suppressions.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { DependencyEnvironment } from './dependencies/environment';
import { checkOf, textCheckOf, type CheckReport, type TextCheckReport } from './checks';
import { fileKindForPath, ruleLanguageOf, type FileKind, type GrammarId } from './languages';
import { LineIndex } from './positions';
import type { RuleSet } from './rules/ruleSet';
import { DEFAULT_MESSAGE_ID, messageTemplate, type LoadedRule, type TextRule } from './rules/ruleTypes';
import { findSuppressions, isSuppressed } from './suppression';
import type { Finding, Fix, OffsetSpan, Severity, TextEdit } from './types';
import { isTestPath } from './testFiles';

export interface ScanTarget {
  text: string;
  filePath: string;
  /** The syntax tree and its grammar, for files we parse; absent for other text files. */
  tree?: Tree;
  grammar?: GrammarId;
  /** What the file is, for text rules; from the grammar or the path when absent. */
  kind?: FileKind;
  /** Line starts of `text`, when the caller keeps one already. */
  lines?: LineIndex;
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
  /** What the dependency checks know and may ask; without it they report nothing. */
  dependencies?: DependencyEnvironment;
  /**
   * Text rules read the whole file, whatever `spans` says (query rules still keep to `spans`): agent
   * instruction files and MCP configs, which an agent reads whole whoever wrote which line.
   */
  wholeFileTextRules?: boolean;
}

/** Everything the rules of one run share: the target, its line index, the options. */
interface RunContext {
  target: ScanTarget;
  lines: LineIndex;
  options: RunOptions;
  lowerSeverity: boolean;
  findings: Map<string, Finding>;
  grammars: RuleSet['grammars'];
}

export function runRules(target: ScanTarget, ruleSet: RuleSet, options: RunOptions = {}): Finding[] {
  const kind = target.kind ?? (target.grammar ? ruleLanguageOf(target.grammar) : fileKindForPath(target.filePath));
  const textRules = ruleSet.textRulesFor(kind).filter((rule) => !options.disabledRules?.has(rule.id));
  const compiled = target.tree && target.grammar
    ? ruleSet.forGrammar(target.grammar).filter(({ rule, mayMatch }) => !options.disabledRules?.has(rule.id) && (!mayMatch || mayMatch(target.text)))
    : [];
  if (compiled.length === 0 && textRules.length === 0) return [];
  const run: RunContext = {
    target,
    lines: target.lines ?? new LineIndex(target.text),
    options,
    lowerSeverity: (options.lowerSeverityInTests ?? true) && isTestPath(target.filePath),
    findings: new Map(),
    grammars: ruleSet.grammars,
  };
  if (compiled.length > 0 && target.tree && target.grammar) runQueryRules(run, target.tree, target.grammar, compiled);
  for (const rule of textRules) runTextRule(run, rule, kind);

  const suppressions = findSuppressions(target.text);
  const honour = options.honourSuppression ?? (() => true);
  return [...run.findings.values()]
    .filter((f) => !(isSuppressed(suppressions, f.ruleId, f.range.start.line) && honour(f.range.start.line - 1)))
    .sort((a, b) => a.span.startIndex - b.span.startIndex || a.ruleId.localeCompare(b.ruleId));
}

function inScope(options: RunOptions, span: OffsetSpan): boolean {
  return !options.spans || options.spans.some((s) => span.startIndex < s.endIndex && span.endIndex > s.startIndex);
}

function severityFor(run: RunContext, rule: LoadedRule): Severity {
  const severity = run.options.severityOverrides?.get(rule.id) ?? rule.severity;
  return run.lowerSeverity ? lowered(severity) : severity;
}

function runQueryRules(run: RunContext, tree: Tree, grammar: GrammarId, compiled: ReturnType<RuleSet['forGrammar']>): void {
  const { target, options, findings } = run;
  const root = tree.rootNode;
  const spans = options.spans ?? [{ startIndex: 0, endIndex: Math.max(root.endIndex, target.text.length) }];
  for (const span of spans) {
    for (const { rule, query } of compiled) {
      // Node offsets are UTF-16 code units, but the query cursor's range is in bytes of the UTF-16
      // input web-tree-sitter parses, i.e. two per code unit (verified by a unit test).
      for (const match of query.matches(root, { startIndex: span.startIndex * 2, endIndex: span.endIndex * 2 })) {
        const captures: Record<string, Node> = {};
        for (const capture of match.captures) captures[capture.name] ??= capture.node;
        const matchNode = captures.match;
        if (!matchNode) continue;
        const report = evaluateCheck(rule, matchNode, captures, grammar, target.filePath);
        if (!report) continue;
        const node = report.node ?? matchNode;
        if (!inScope(options, node)) continue;
        const key = `${rule.id}:${node.startIndex}:${node.endIndex}`;
        if (findings.has(key)) continue;
        findings.set(key, buildFinding(run, rule, node, captures, report));
      }
    }
  }
}

function runTextRule(run: RunContext, rule: TextRule, kind: FileKind): void {
  const check = textCheckOf(rule.id);
  if (!check) return;
  const { target, lines, options } = run;
  const syntax = target.tree && target.grammar ? { tree: target.tree, grammar: target.grammar } : undefined;
  const spans = options.wholeFileTextRules ? undefined : options.spans;
  const withShellTree = <T>(command: string, use: (tree: Tree) => T) => run.grammars.withShellTree(command, use);
  const reports = check({ filePath: target.filePath, text: target.text, kind, lines, syntax, spans, withShellTree, dependencies: options.dependencies });
  for (const report of reports) {
    if (spans && !inScope(options, report.span)) continue;
    const key = `${rule.id}:${report.span.startIndex}:${report.span.endIndex}`;
    if (!run.findings.has(key)) run.findings.set(key, textFinding(run, rule, report));
  }
}

function textFinding(run: RunContext, rule: TextRule, report: TextCheckReport): Finding {
  const { lines } = run;
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    message: fillTemplate(messageTemplate(rule, report.messageId), report.vars ?? {}),
    messageId: report.messageId ?? DEFAULT_MESSAGE_ID,
    severity: severityFor(run, rule),
    category: rule.category,
    cwe: rule.cwe,
    range: lines.rangeOf(report.span),
    span: { ...report.span },
  };
  if (report.fixes?.length) {
    finding.fixes = report.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText })),
      ...(fix.otherFiles?.length ? { otherFiles: fix.otherFiles } : {}),
    }));
  }
  if (report.related?.length) {
    finding.related = report.related.map((r) => ('span' in r ? { range: lines.rangeOf(r.span), message: r.message } : { filePath: r.filePath, range: r.range, message: r.message }));
  }
  return finding;
}

function evaluateCheck(rule: LoadedRule, match: Node, captures: Record<string, Node>, grammar: GrammarId, filePath: string): CheckReport | undefined {
  const check = checkOf(rule.id);
  if (!check) return {};
  const outcome = check({ match, captures, grammar, filePath });
  if (!outcome) return undefined;
  return outcome === true ? {} : outcome;
}

function buildFinding(run: RunContext, rule: LoadedRule, node: Node, captures: Record<string, Node>, report: CheckReport): Finding {
  const { lines } = run;
  const vars = { ...Object.fromEntries(Object.entries(captures).map(([k, n]) => [k, n.text])), ...report.vars };
  const span = spanOf(node);
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    message: fillTemplate(messageTemplate(rule, report.messageId), vars),
    messageId: report.messageId ?? DEFAULT_MESSAGE_ID,
    severity: severityFor(run, rule),
    category: rule.category,
    cwe: rule.cwe,
    range: lines.rangeOf(span),
    span,
  };
  if (rule.fix && report.fixApplies !== false) {
    const targetNode = report.fixNode ?? captures[rule.fix.target ?? 'match'] ?? node;
    finding.fixes = [buildFix(run, rule.fix.title, spanOf(targetNode), fillTemplate(rule.fix.replace, vars), rule.fix.ensureImport)];
  }
  return finding;
}

function buildFix(run: RunContext, title: string, span: OffsetSpan, newText: string, ensureImport: string | undefined): Fix {
  const { lines, target } = run;
  const edits: TextEdit[] = [{ range: lines.rangeOf(span), newText }];
  if (ensureImport && target.tree && !target.text.split(/\r\n|\r|\n/).some((line) => line.trim() === ensureImport)) {
    const at = lines.lineStart(importInsertionLine(target.tree.rootNode, lines));
    edits.unshift({ range: lines.rangeOf({ startIndex: at, endIndex: at }), newText: `${ensureImport}\n` });
  }
  return { title, edits };
}

const IMPORT_NODE_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'import_declaration']);

/** The (zero-based) line after the last top-level import, after a leading docstring/comment block otherwise. */
function importInsertionLine(root: Node, lines: LineIndex): number {
  let line = 0;
  for (const child of root.children) {
    if (!child) continue;
    if (IMPORT_NODE_TYPES.has(child.type)) line = lines.lineAt(child.endIndex) + 1;
    else if (line === 0 && (child.type === 'comment' || isDocstring(child))) line = lines.lineAt(child.endIndex) + 1;
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

function spanOf(node: Node): OffsetSpan {
  return { startIndex: node.startIndex, endIndex: node.endIndex };
}

function lowered(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : 'info';
}
