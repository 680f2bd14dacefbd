/**
 * Dependency environments for tests and rule examples: a workspace in memory (or on disk), registry
 * answers given as data, and a record of every lookup the checks asked for.
 */
import * as path from 'node:path';
import type { Engine } from '../../server/src/analysis/engine';
import type { DependencyEnvironment, FactsSource } from '../../server/src/analysis/dependencies/environment';
import { normalizePypiName } from '../../server/src/analysis/dependencies/names';
import { MemoryFileSource, type FileSource } from '../../server/src/analysis/dependencies/project/fileSource';
import { ProjectIndex } from '../../server/src/analysis/dependencies/project/projectIndex';
import type { PackageFacts, PackageLookup } from '../../server/src/analysis/dependencies/types';
import type { ExampleRegistryAnswer, RuleExample } from '../../server/src/analysis/rules/ruleTypes';

export const EXAMPLE_ROOT = path.resolve('/ai-guard-example');
const DAY = 24 * 60 * 60 * 1000;
const LABELS = { npm: 'npm', pypi: 'PyPI', go: 'proxy.golang.org' } as const;

export function factsOfAnswer(ecosystem: 'npm' | 'pypi' | 'go', name: string, answer: ExampleRegistryAnswer, now: number): PackageFacts {
  const registry = LABELS[ecosystem];
  if (answer === 'missing' || answer === 'gone') return { status: 'missing', registry, source: 'registry', checkedAt: now, httpStatus: answer === 'gone' ? 410 : 404 };
  if (answer === 'timeout') return { status: 'unverified', registry, source: 'registry', checkedAt: now, reason: `${registry} did not answer within 3 s` };
  if (answer === 'server-error') return { status: 'unverified', registry, source: 'registry', checkedAt: now, reason: `${registry} answered HTTP 500` };
  const count = typeof answer.versions === 'number' ? answer.versions : answer.versions?.length ?? 20;
  const versions = Array.isArray(answer.versions) ? answer.versions : Array.from({ length: count }, (_, i) => `${i + 1}.0.0`);
  const facts: PackageFacts = {
    status: 'exists', registry, source: 'registry', checkedAt: now,
    latest: answer.latest ?? versions[versions.length - 1], versions,
    firstPublished: new Date(now - (answer.publishedDaysAgo ?? 1000) * DAY).toISOString(),
    latestPublished: new Date(now - (answer.latestHoursAgo ?? 24 * 30) * 60 * 60 * 1000).toISOString(),
    ...(ecosystem === 'go' ? { module: name } : {}),
  };
  if (answer.repository !== '') facts.repository = answer.repository ?? `https://github.com/example/${name.split('/').pop()}`;
  if (answer.deprecated !== undefined) facts.deprecated = answer.deprecated;
  if (answer.deprecatedVersions) facts.deprecatedVersions = answer.deprecatedVersions;
  if (answer.installScripts) facts.installScripts = answer.installScripts;
  return facts;
}

/** A facts source over answers by ecosystem and name (PyPI names normalised; Go answers match a module candidate). */
export function answersSource(registry: RuleExample['registry'], now: number): FactsSource {
  return {
    get(lookup: PackageLookup) {
      const answers = registry?.[lookup.ecosystem];
      if (!answers) return undefined;
      const names = lookup.ecosystem === 'go' ? lookup.candidates ?? [lookup.name] : [lookup.name];
      for (const wanted of names) {
        for (const [name, answer] of Object.entries(answers)) {
          const same = lookup.ecosystem === 'pypi' ? normalizePypiName(name) === normalizePypiName(wanted) : name === wanted;
          if (same) return factsOfAnswer(lookup.ecosystem, name, answer, now);
        }
      }
      return undefined;
    },
  };
}

export interface TestEnvironment extends DependencyEnvironment {
  /** Every lookup the checks reported as undecided. */
  asked: PackageLookup[];
}

export function testEnvironment(engine: Engine, options: { files?: FileSource; facts?: FactsSource; online?: boolean; now?: number; roots?: string[]; env?: Record<string, string> } = {}): TestEnvironment {
  const asked: PackageLookup[] = [];
  const now = options.now ?? Date.now();
  const files = options.files ?? new MemoryFileSource(EXAMPLE_ROOT);
  return {
    data: engine.dependencyData,
    project: new ProjectIndex({ files, machine: { env: options.env ?? {}, home: path.join(EXAMPLE_ROOT, '.home') }, roots: options.roots ?? [EXAMPLE_ROOT] }),
    facts: options.facts ?? { get: () => undefined },
    online: options.online ?? true,
    now: () => now,
    withShellTree: (command, use) => engine.grammars.withShellTree(command, use),
    asked,
    undecided: (lookup) => asked.push(lookup),
  };
}

/** The environment a rule example describes: its workspace files, its registry answers, online unless it says offline. */
export function exampleEnvironment(engine: Engine, example: string | RuleExample, file: string, code: string): TestEnvironment {
  const spec: Partial<RuleExample> = typeof example === 'string' ? {} : example;
  const now = Date.now();
  const files = new MemoryFileSource(EXAMPLE_ROOT, { ...(spec.files ?? {}), [file]: code });
  return testEnvironment(engine, { files, facts: answersSource(spec.registry, now), online: spec.offline !== true, now });
}
