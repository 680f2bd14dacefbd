/**
 * `ai-guard-ignore-next-line <rule-id>[, <rule-id>…] -- <reason>` on the line above a finding, or
 * `ai-guard-ignore-line …` on the finding's own line, silences that rule there. The marker must
 * sit in a comment (`//`, `#`, `/*` or `<!--`), so a string that mentions it does not count.
 */
export interface Suppression {
  /** Zero-based line of the comment. */
  line: number;
  /** Line whose findings it silences. */
  appliesTo: number;
  ruleIds: string[];
  reason?: string;
}

const MARKER = /(?:\/\/|#|\/\*|<!--)\s*ai-guard-ignore-(next-line|line)\b([^\n]*)/;

export function findSuppressions(text: string): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes('ai-guard-ignore-')) return out;
  const lines = text.split('\n');
  lines.forEach((lineText, line) => {
    const m = MARKER.exec(lineText);
    if (!m) return;
    const rest = m[2].replace(/\s*(\*\/|-->)\s*$/, '');
    const [idsPart, ...reasonParts] = rest.split(/\s--\s?/);
    const ruleIds = idsPart.split(/[\s,]+/).filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
    const reason = reasonParts.join(' -- ').trim() || undefined;
    out.push({ line, appliesTo: m[1] === 'next-line' ? line + 1 : line, ruleIds, reason });
  });
  return out;
}

export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, line: number): boolean {
  return suppressions.some((s) => s.appliesTo === line && s.ruleIds.includes(ruleId));
}

/**
 * The comment a quick fix inserts above `lineText` to silence `ruleId`, indented like that line. An
 * HTML comment (`<!--`, Markdown) is closed on the same line — left open it would hide the rest of
 * the file — and a `-->` in the reason is defused so it cannot close the comment early.
 */
export function suppressionComment(lineText: string, commentPrefix: string, ruleId: string, reason: string): string {
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  if (commentPrefix === '<!--') return `${indent}<!-- ai-guard-ignore-next-line ${ruleId} -- ${reason.replace(/-->/g, '->')} -->\n`;
  return `${indent}${commentPrefix} ai-guard-ignore-next-line ${ruleId} -- ${reason}\n`;
}
