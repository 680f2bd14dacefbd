/**
 * The dependency rules' text checks. One evaluation per file and run is shared by the five rules
 * (memoised on the run's LineIndex), so extraction, project look-ups and the report of undecided
 * names happen once, whichever rules are enabled.
 */
import type { TextCheck, TextCheckContext, TextCheckReport } from '../checks/checkTypes';
import { LineIndex } from '../positions';
import type { DependencyEnvironment } from './environment';
import { evaluateFile, type EvaluatedReference } from './evaluate';
import { manifestEntries, removeFix, replaceFix } from './fixes';
import type { Verdict } from './types';

const evaluations = new WeakMap<LineIndex, EvaluatedReference[]>();

export function evaluated(ctx: TextCheckContext): EvaluatedReference[] {
  const env = ctx.dependencies;
  if (!env) return [];
  let result = evaluations.get(ctx.lines);
  if (!result) {
    result = evaluateFile({ filePath: ctx.filePath, text: ctx.text, kind: ctx.kind, syntax: ctx.syntax, spans: ctx.spans }, env);
    evaluations.set(ctx.lines, result);
  }
  return result;
}

function* reportsOf<K extends Verdict['kind']>(ctx: TextCheckContext, kind: K, build: (checked: EvaluatedReference & { verdict: Extract<Verdict, { kind: K }> }, env: DependencyEnvironment) => TextCheckReport | undefined): Iterable<TextCheckReport> {
  const env = ctx.dependencies;
  if (!env) return;
  for (const checked of evaluated(ctx)) {
    if (checked.verdict.kind !== kind) continue;
    const report = build(checked as EvaluatedReference & { verdict: Extract<Verdict, { kind: K }> }, env);
    if (report) yield report;
  }
}

function related(checked: EvaluatedReference, ctx: TextCheckContext, env: DependencyEnvironment): TextCheckReport['related'] {
  if (checked.ref.source !== 'import') return undefined;
  const entries = manifestEntries(checked, ctx.filePath, env);
  return entries.length ? entries.map((e) => ({ filePath: e.filePath, range: new LineIndex(e.text).rangeOf(e.reference.span), message: `${checked.lookupName} is declared here` })) : undefined;
}

export const dependencyDoesNotExist: TextCheck = (ctx) => reportsOf(ctx, 'missing', (checked, env) => {
  const { verdict } = checked;
  const fixes = verdict.suggestions.map((s) => replaceFix(checked, s, `Use \`${s}\` instead`, ctx.filePath, env));
  const remove = removeFix(checked, ctx.filePath, env);
  if (remove) fixes.push(remove);
  const vars: Record<string, string> = {
    name: checked.lookupName,
    registry: verdict.facts.registry,
    suggestions: verdict.suggestions.map((s) => `\`${s}\``).join(', '),
    imported: checked.importedAs ? ` (the distribution that \`import ${checked.importedAs}\` needs)` : '',
  };
  return {
    span: checked.ref.span,
    messageId: verdict.suggestions.length ? 'withSuggestions' : 'default',
    vars,
    fixes,
    related: related(checked, ctx, env),
  };
});

export const dependencyTyposquat: TextCheck = (ctx) => {
  const out: TextCheckReport[] = [];
  for (const kind of ['exists', 'pending', 'unverified'] as const) {
    out.push(...reportsOf(ctx, kind, (checked, env) => {
      const confusion = checked.verdict.confusion;
      if (!confusion) return undefined;
      return {
        span: checked.ref.span,
        messageId: checked.verdict.kind === 'exists' ? 'default' : 'unverified',
        vars: { name: checked.lookupName, target: confusion.target, how: confusion.how },
        fixes: [replaceFix(checked, confusion.target, `Switch to \`${confusion.target}\``, ctx.filePath, env)],
        related: related(checked, ctx, env),
      };
    }));
  }
  return out.sort((a, b) => a.span.startIndex - b.span.startIndex);
};

export const dependencySlopsquatRisk: TextCheck = (ctx) => reportsOf(ctx, 'exists', (checked) => {
  const { verdict } = checked;
  if (verdict.risks.length === 0 || verdict.confusion) return undefined;
  return { span: checked.ref.span, vars: { name: checked.lookupName, registry: verdict.facts.registry, reasons: verdict.risks.join('; ') } };
});

export const dependencyDeprecated: TextCheck = (ctx) => reportsOf(ctx, 'exists', (checked) => {
  const { verdict } = checked;
  if (!verdict.deprecation) return undefined;
  const yanked = checked.ref.ecosystem === 'pypi';
  return {
    span: checked.ref.span,
    messageId: yanked ? 'yanked' : 'default',
    vars: {
      name: checked.lookupName,
      version: verdict.deprecation.version ? ` ${verdict.deprecation.version}` : '',
      registry: verdict.facts.registry,
      text: verdict.deprecation.text.replace(/\s+/g, ' ').trim().slice(0, 300),
    },
  };
});

export const dependencyCouldNotVerify: TextCheck = (ctx) => reportsOf(ctx, 'unverified', (checked) => {
  const { verdict } = checked;
  if (verdict.confusion) return undefined; // reported as a typosquat candidate instead
  return { span: checked.ref.span, vars: { name: checked.lookupName, reason: verdict.reason } };
});

export const dependencyChecks: Record<string, TextCheck> = {
  dependencyDoesNotExist,
  dependencyTyposquat,
  dependencySlopsquatRisk,
  dependencyDeprecated,
  dependencyCouldNotVerify,
};
