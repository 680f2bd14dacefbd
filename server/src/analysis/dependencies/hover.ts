/**
 * What AI Guard knows about the package under the cursor, as Markdown for a hover: the registry,
 * latest version, first publish date, monthly downloads where known, the repository, and why the
 * package is or is not flagged. Built from the same verdict the rules report; a hover never sends
 * a request.
 */
import type { Tree } from 'web-tree-sitter';
import type { FileKind, GrammarId } from '../languages';
import type { OffsetSpan } from '../types';
import type { DependencyEnvironment } from './environment';
import { evaluateFile, type EvaluatedReference } from './evaluate';
import type { PackageFacts } from './types';

export interface HoverInput {
  filePath: string;
  text: string;
  kind: FileKind;
  syntax?: { tree: Tree; grammar: GrammarId };
  offset: number;
  env: DependencyEnvironment;
}

export function describePackageAt(input: HoverInput): { markdown: string; span: OffsetSpan } | undefined {
  const { offset, env } = input;
  const quiet: DependencyEnvironment = { ...env, undecided: undefined };
  const checked = evaluateFile({ ...input, spans: [{ startIndex: offset, endIndex: offset }] }, quiet)
    .find((c) => c.ref.span.startIndex <= offset && offset <= c.ref.span.endIndex);
  return checked ? { markdown: describe(checked), span: checked.ref.span } : undefined;
}

const SOURCE_TEXT: Record<PackageFacts['source'], string> = {
  registry: 'the registry',
  lockfile: 'the project\'s lockfile',
  installed: 'an installed copy',
  popular: 'AI Guard\'s popularity list',
};

export function describe(checked: EvaluatedReference): string {
  const { verdict, lookupName, ref } = checked;
  const title = `**\`${lookupName}\`**${checked.importedAs ? ` (provides \`import ${checked.importedAs}\`)` : ''}`;
  if (verdict.kind === 'local') return `${title}\n\nAI Guard: not looked up — ${verdict.why}.`;
  const facts = verdict.kind === 'pending' ? undefined : verdict.facts;
  const registry = verdict.kind === 'pending' ? verdict.lookup.registries[0]?.label : facts?.registry;
  const lines = [`${title} · ${ecosystemName(ref.ecosystem)}${registry ? ` · ${registry}` : ''}`, ''];
  lines.push(`AI Guard: ${why(checked)}`);
  if (facts) {
    const rows: Array<[string, string | undefined]> = [
      ['Latest version', facts.latest],
      ['First published', facts.firstPublished?.slice(0, 10)],
      ['Latest release', facts.latestPublished?.slice(0, 10)],
      ['Versions', facts.versions ? String(facts.versions.length) : undefined],
      ['Monthly downloads', facts.monthlyDownloads ? compact(facts.monthlyDownloads) : undefined],
      ['Repository', facts.repository],
      ['Module', facts.module && facts.module !== lookupName ? facts.module : undefined],
      ['Known from', `${SOURCE_TEXT[facts.source]}, ${new Date(facts.checkedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
    ];
    const shown = rows.filter((r): r is [string, string] => r[1] !== undefined);
    if (shown.length > 0) lines.push('', '| | |', '|---|---|', ...shown.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`));
  }
  return lines.join('\n');
}

function why(checked: EvaluatedReference): string {
  const { verdict } = checked;
  switch (verdict.kind) {
    case 'local':
      return `not looked up — ${verdict.why}.`;
    case 'pending':
      return `being checked on ${verdict.lookup.registries[0]?.label ?? 'its registry'}${verdict.confusion ? `; the name looks like \`${verdict.confusion.target}\` (${verdict.confusion.how})` : ''}.`;
    case 'missing':
      return `**flagged** — it does not exist on ${verdict.facts.registry} (HTTP ${verdict.facts.httpStatus ?? 404}), so it is likely hallucinated${verdict.suggestions.length ? `; did you mean ${verdict.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '.'}`;
    case 'unverified':
      return `could not verify it — ${verdict.reason}${verdict.confusion ? `; the name looks like the popular \`${verdict.confusion.target}\` (${verdict.confusion.how})` : ''}.`;
    case 'exists': {
      const flags: string[] = [];
      if (verdict.confusion) flags.push(`looks like a typosquat of \`${verdict.confusion.target}\` (${verdict.confusion.how})`);
      if (verdict.risks.length) flags.push(`risky: ${verdict.risks.join('; ')}`);
      if (verdict.deprecation) flags.push(`deprecated${verdict.deprecation.version ? ` (${verdict.deprecation.version})` : ''}: ${verdict.deprecation.text}`);
      if (flags.length) return `**flagged** — ${flags.join('; ')}.`;
      return `not flagged — it exists (known from ${SOURCE_TEXT[verdict.facts.source]})${verdict.facts.source === 'popular' || verdict.facts.monthlyDownloads ? ' and is one of the most downloaded packages' : ''}, and nothing about it looks risky.`;
    }
  }
}

function ecosystemName(ecosystem: EvaluatedReference['ref']['ecosystem']): string {
  return ecosystem === 'npm' ? 'npm package' : ecosystem === 'pypi' ? 'PyPI distribution' : 'Go module';
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} million`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} thousand`;
  return String(n);
}
