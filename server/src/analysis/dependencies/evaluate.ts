/**
 * The verdict on every package a file names: never looked up (local), known missing, known to
 * exist (with typosquat, risk and deprecation findings), not decidable (offline, registry
 * trouble: "could not verify"), or pending while a lookup is under way. Facts come from the
 * environment only; each undecided lookup is reported to it once per run.
 */
import type { DependencyEnvironment } from './environment';
import { extractReferences, type ExtractedReference, type ExtractionInput } from './extract';
import { deprecationFor, riskReasons } from './risk';
import { targetOf, type Target } from './targets';
import { findConfusion, suggestionsFor } from './typosquat';
import type { CheckedReference, Confusion, PackageFacts, Verdict } from './types';

export interface EvaluatedReference extends CheckedReference {
  ref: ExtractedReference;
  /** Python import mapped to another distribution name (`yaml` → PyYAML). */
  importedAs?: string;
}

export function evaluateFile(input: Omit<ExtractionInput, 'withShellTree'>, env: DependencyEnvironment): EvaluatedReference[] {
  const references = extractReferences({ ...input, withShellTree: env.withShellTree });
  const reported = new Set<string>();
  return references.map((ref) => {
    const target = targetOf(ref, input.filePath, env);
    if (target.kind === 'local') return { ref, lookupName: ref.name, verdict: { kind: 'local', why: target.why } };
    const verdict = verdictFor(ref, target, env, reported);
    return { ref, lookupName: target.name, verdict, ...(target.importedAs ? { importedAs: target.importedAs } : {}) };
  });
}

function verdictFor(ref: ExtractedReference, target: Extract<Target, { kind: 'package' }>, env: DependencyEnvironment, reported: Set<string>): Verdict {
  const { lookup } = target;
  const popularity = ref.ecosystem === 'go' ? undefined : env.data.popularity[ref.ecosystem];
  const popular = popularity?.get(target.name);
  const confusion = popularity && !target.privateScope ? findConfusion(target.name, popularity) : undefined;
  const registryFacts = lookup ? env.facts.get(lookup) : undefined;
  const registry = lookup?.registries[0]?.label ?? 'the registry';
  const local: PackageFacts | undefined = target.known
    ?? (popular ? { status: 'exists', registry, source: 'popular', checkedAt: env.now(), ...(popular.monthlyDownloads ? { monthlyDownloads: popular.monthlyDownloads } : {}) } : undefined);
  const askRegistry = () => {
    if (!lookup || !env.online) return;
    const key = `${lookup.ecosystem} ${lookup.name}`;
    if (!reported.has(key)) {
      reported.add(key);
      env.undecided?.(lookup);
    }
  };

  if (registryFacts?.status === 'exists') return existing({ ...registryFacts, ...(popular?.monthlyDownloads ? { monthlyDownloads: popular.monthlyDownloads } : {}) }, ref, confusion, !!popular, env);
  if (registryFacts?.status === 'missing') {
    // A lockfile or an installed copy beats a registry that says otherwise (a registry without the package's mirror, a renamed index).
    if (local) return existing(local, ref, confusion, !!popular, env);
    if (ref.unsearchableSource) return { kind: 'unverified', facts: registryFacts, reason: `it is not on ${registryFacts.registry}, but it may come from ${ref.unsearchableSource}, which AI Guard does not search`, ...(confusion ? { confusion } : {}) };
    return { kind: 'missing', facts: registryFacts, suggestions: popularity ? suggestionsFor(target.name, popularity) : [] };
  }
  if (local) {
    askRegistry(); // for deprecations and risk signals
    return existing(local, ref, confusion, !!popular, env);
  }
  if (target.unlookable) return { kind: 'unverified', reason: target.unlookable, ...(confusion ? { confusion } : {}) };
  if (registryFacts?.status === 'unverified') return { kind: 'unverified', facts: registryFacts, reason: registryFacts.reason ?? 'the registry did not answer', ...(confusion ? { confusion } : {}) };
  if (!env.online || !lookup) return { kind: 'unverified', reason: 'AI Guard is offline and the name is in no lockfile, installed package or popularity list', ...(confusion ? { confusion } : {}) };
  askRegistry();
  return { kind: 'pending', lookup, ...(confusion ? { confusion } : {}) };
}

function existing(facts: PackageFacts, ref: ExtractedReference, confusion: Confusion | undefined, popular: boolean, env: DependencyEnvironment): Verdict {
  const risks = popular || facts.source !== 'registry' ? [] : riskReasons(facts, env.now());
  const deprecation = deprecationFor(facts, ref.versionSpec);
  return { kind: 'exists', facts, risks, ...(confusion ? { confusion } : {}), ...(deprecation ? { deprecation } : {}) };
}
