/**
 * What a front door hands the dependency checks: the shipped data, the workspace's project index,
 * what is known about packages right now (the registry cache), whether lookups are allowed, and a
 * place to report the names the checks could not decide yet. The checks stay synchronous and pure;
 * fetching is the DependencyService's job, and the front door runs the checks again when it has
 * new facts.
 */
import type { WithShellTree } from '../checks/checkTypes';
import type { DependencyData } from './data';
import type { ProjectIndex } from './project/projectIndex';
import type { PackageFacts, PackageLookup } from './types';

export interface FactsSource {
  /** The registry's answer for a lookup, if one is known (and still fresh). */
  get(lookup: PackageLookup): PackageFacts | undefined;
}

export interface DependencyEnvironment {
  data: DependencyData;
  project: ProjectIndex;
  facts: FactsSource;
  /** false: no request at all (setting, `--offline`, untrusted workspace); unknown names are "could not verify". */
  online: boolean;
  /** Milliseconds since the epoch (injected so tests can age packages). */
  now(): number;
  /** Parses shell code for install commands; without it commands are not read. */
  withShellTree?: WithShellTree;
  /** Called for every lookup whose answer is not known yet (online only). */
  undecided?(lookup: PackageLookup): void;
}

/** The key under which a lookup's answer is cached: ecosystem, registries in order, name. */
export function lookupKey(lookup: PackageLookup): string {
  return [lookup.ecosystem, lookup.registries.map((r) => r.url).join('|'), lookup.name].join(' ');
}

/** A facts source that knows nothing (offline runs without a cache). */
export const NO_FACTS: FactsSource = { get: () => undefined };
