/**
 * An end-to-end dependency check in tests: a workspace on disk, the fake registry as the project's
 * registry (npm via .npmrc, PyPI via PIP_INDEX_URL, Go via GOPROXY), a DependencyService, and a
 * scan that — like a front door — runs the checks, fetches what they could not decide, and runs them again.
 */
import * as path from 'node:path';
import { FactsCache } from '../../server/src/analysis/dependencies/cache';
import type { DependencyEnvironment } from '../../server/src/analysis/dependencies/environment';
import { DiskFileSource } from '../../server/src/analysis/dependencies/project/fileSource';
import { ProjectIndex } from '../../server/src/analysis/dependencies/project/projectIndex';
import { DependencyService } from '../../server/src/analysis/dependencies/service';
import type { PackageLookup } from '../../server/src/analysis/dependencies/types';
import type { Engine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/types';
import type { FakeRegistry } from './fakeRegistry';
import { NO_INTERNET } from './network';
import { makeTempDir, writeTree } from './tempTree';

export interface DependencyWorkspace {
  root: string;
  service: DependencyService;
  /** Scans `rel` (its text on disk, or `text`) twice: before and after the lookups its first run asked for. */
  scan(rel: string, text?: string): Promise<Finding[]>;
  /** One synchronous run with what is known now, and the lookups it asked for. */
  scanNow(rel: string, text?: string): { findings: Finding[]; asked: PackageLookup[] };
  dispose(): Promise<void>;
}

export function registryEnv(registry: FakeRegistry): Record<string, string> {
  return { PIP_INDEX_URL: registry.pypiIndex, GOPROXY: registry.goProxy, GOFLAGS: '' };
}

export async function dependencyWorkspace(engine: Engine, registry: FakeRegistry | undefined, files: Record<string, string>, options: { online?: boolean; timeoutMs?: number; now?: () => number } = {}): Promise<DependencyWorkspace> {
  const root = makeTempDir('ai-guard-deps-');
  writeTree(root, { '.git/HEAD': 'ref: refs/heads/main\n', ...(registry ? { '.npmrc': `registry=${registry.npmUrl}\n` } : {}), ...files });
  const online = options.online ?? true;
  const machine = { env: registry ? registryEnv(registry) : { GOPROXY: 'off' }, home: path.join(root, '.home') };
  const service = new DependencyService({
    cache: new FactsCache(undefined), http: { timeoutMs: options.timeoutMs ?? 2000, env: NO_INTERNET }, online: () => online, ...(options.now ? { now: options.now } : {}),
  });
  const fileSource = new DiskFileSource();
  const project = new ProjectIndex({ files: fileSource, machine, roots: [root] });
  const environment = (asked: PackageLookup[]): DependencyEnvironment => ({
    data: engine.dependencyData, project, facts: service, online, now: options.now ?? (() => Date.now()), withShellTree: (command, use) => engine.grammars.withShellTree(command, use),
    undecided: (lookup) => asked.push(lookup),
  });
  const read = (rel: string) => fileSource.read(path.join(root, rel)) ?? '';
  const scanNow = (rel: string, text?: string) => {
    const asked: PackageLookup[] = [];
    const findings = engine.scanText(path.join(root, rel), text ?? read(rel), { dependencies: environment(asked) });
    return { findings, asked };
  };
  return {
    root, service, scanNow,
    async scan(rel, text) {
      const first = scanNow(rel, text);
      if (first.asked.length === 0) return first.findings;
      await service.resolve(first.asked);
      return scanNow(rel, text).findings;
    },
    dispose: () => service.dispose(),
  };
}

