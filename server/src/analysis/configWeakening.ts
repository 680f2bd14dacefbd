/**
 * Guarding the guard, part two: AI-written text in `.aiguard.json` that weakens the policy. An
 * assistant asked to "make the warnings go away" can edit the configuration instead of the code, so
 * such an edit is a finding of its own until a person has reviewed it.
 *
 * Pseudo-rule `ai-config-weakened` (error, category config), reported on the part of an unreviewed
 * AI region in `.aiguard.json` that:
 * - switches a rule off (`"rules": { "<id>": "off" }`);
 * - lowers a rule's severity below the rule's own (`"error"` rule set to `"warning"`/`"info"`; for a
 *   rule id the engine does not know, any value but `"error"` counts as lowering);
 * - adds an `ignore` glob (files the scan then never sees);
 * - sets `gate.requireVerified` to false, or raises `gate.failOn` above the default `warning`.
 * Strengthening edits (a rule raised to `error`, `failOn: "info"`) are not reported. The sibling
 * pseudo-rule `ai-suppression-in-ai-code` (regions/suppressionGuard) covers suppression comments.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { OffsetSpan } from './regions';
import { lineOf, lineStarts, spansIntersect } from './regions/text';
import type { Finding, Severity } from './types';
import { SEVERITY_ORDER } from './types';

export const CONFIG_WEAKENED_RULE_ID = 'ai-config-weakened';

const DEFAULT_FAIL_ON: Severity = 'warning';

/**
 * Findings for weakening settings in `text` (a `.aiguard.json`) that lie inside `unreviewedSpans`.
 * `ruleSeverity` gives a known rule's own severity.
 */
export function configWeakeningFindings(text: string, unreviewedSpans: readonly OffsetSpan[], ruleSeverity: (id: string) => Severity | undefined): Finding[] {
  if (unreviewedSpans.length === 0) return [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const starts = lineStarts(text);
  const findings: Finding[] = [];
  const inRegion = (node: JsonNode) => unreviewedSpans.some((s) => spansIntersect(s, { startIndex: node.offset, endIndex: node.offset + node.length }));
  const report = (node: JsonNode, what: string) => {
    const property = node.parent?.type === 'property' ? node.parent : node;
    const span = { startIndex: property.offset, endIndex: property.offset + property.length };
    const startLine = lineOf(starts, span.startIndex);
    const endLine = lineOf(starts, span.endIndex);
    findings.push({
      ruleId: CONFIG_WEAKENED_RULE_ID,
      title: 'AI-written change weakens the AI Guard configuration',
      message: `AI-written text in .aiguard.json ${what}. Policy changes need a person's decision: revert it, or mark the region verified if you meant it.`,
      severity: 'error',
      category: 'config',
      cwe: [],
      range: {
        start: { line: startLine, character: span.startIndex - starts[startLine] },
        end: { line: endLine, character: span.endIndex - starts[endLine] },
      },
      span,
    });
  };

  const rules = findNodeAtLocation(root, ['rules']);
  for (const property of rules?.type === 'object' ? rules.children ?? [] : []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode || valueNode.type !== 'string' || !inRegion(property)) continue;
    const id = String(keyNode.value);
    const value = String(valueNode.value);
    if (value === 'off') report(valueNode, `switches rule ${id} off`);
    else if (value in SEVERITY_ORDER && SEVERITY_ORDER[value as Severity] < SEVERITY_ORDER[ruleSeverity(id) ?? 'error']) {
      report(valueNode, `lowers rule ${id} to "${value}"`);
    }
  }
  const ignore = findNodeAtLocation(root, ['ignore']);
  for (const glob of ignore?.type === 'array' ? ignore.children ?? [] : []) {
    if (inRegion(glob)) report(glob, `adds the ignore glob ${JSON.stringify(glob.value)}, so files matching it are no longer checked`);
  }
  const requireVerified = findNodeAtLocation(root, ['gate', 'requireVerified']);
  if (requireVerified?.value === false && inRegion(requireVerified)) report(requireVerified, 'lets commits through with unreviewed AI code (gate.requireVerified: false)');
  const failOn = findNodeAtLocation(root, ['gate', 'failOn']);
  if (typeof failOn?.value === 'string' && failOn.value in SEVERITY_ORDER && SEVERITY_ORDER[failOn.value as Severity] > SEVERITY_ORDER[DEFAULT_FAIL_ON] && inRegion(failOn)) {
    report(failOn, `raises gate.failOn to "${failOn.value}", so commits with ${DEFAULT_FAIL_ON} findings pass`);
  }
  return findings;
}

/** True for the project configuration file, wherever it is synced from. */
export function isProjectConfigPath(filePath: string): boolean {
  return /(^|[\\/])\.aiguard\.json$/.test(filePath);
}
