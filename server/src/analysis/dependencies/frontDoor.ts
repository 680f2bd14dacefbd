/**
 * What every front door (language server, `ai-guard scan`, the gate) needs to run the dependency
 * checks, in one place: the workspace knowledge (a cached file source and project index), the
 * DependencyService with its persistent cache, and the two ways to use them — an environment for a
 * synchronous run that reports what it could not decide (the editor publishes at once and checks
 * again when facts arrive), and `withLookups` for callers that can wait (CLI, gate: run, fetch,
 * run once more).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine } from '../engine';
import type { Repository } from '../git';
import { SETTING_DEFAULTS } from '../settingDefaults';
import { FactsCache } from './cache';
import type { DependencyEnvironment } from './environment';
import { DiskFileSource } from './project/fileSource';
import { ProjectIndex } from './project/projectIndex';
import type { HttpSettings } from './registries/http';
import { DependencyService } from './service';
import type { PackageLookup } from './types';

/** The request deadline of the settings table (aiGuard.dependencies.timeoutMs), for the CLI and gate too. */
export const DEFAULT_TIMEOUT_MS: number = SETTING_DEFAULTS['dependencies.timeoutMs'];

export interface DependencyChecksOptions {
  engine: Engine;
  /** Lookups allowed (settings, `--offline`, workspace trust); read at every use. */
  online: () => boolean;
  /** Where answers persist (`registryCacheFile`); memory only when undefined. */
  cacheFile?: string;
  http?: Partial<HttpSettings>;
  /** Workspace folders: project files are never searched above them. */
  roots?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
  log?: (message: string) => void;
  onRegistryStatus?: (registry: string, trouble: string | undefined) => void;
}

/** The registry cache of a repository: `<git dir>/ai-guard/registry-cache.json`, next to the regions. */
export function registryCacheFile(repo: Repository | undefined, storagePath?: string): string | undefined {
  if (repo) return path.join(repo.gitDir, 'ai-guard', 'registry-cache.json');
  return storagePath ? path.join(storagePath, 'registry-cache.json') : undefined;
}

/** Runs a synchronous scan with dependency facts, fetching what it could not decide and running it once more. */
export interface DependencyRunner {
  withLookups<T>(scan: (env: DependencyEnvironment) => T): Promise<T>;
}

export class DependencyChecks implements DependencyRunner {
  readonly files = new DiskFileSource();
  readonly service: DependencyService;
  private project: ProjectIndex;
  private roots: readonly string[];

  constructor(private readonly options: DependencyChecksOptions) {
    const env = options.env ?? process.env;
    this.roots = options.roots ?? [];
    this.project = this.newProject();
    this.service = new DependencyService({
      cache: new FactsCache(options.cacheFile, options.log),
      http: { timeoutMs: DEFAULT_TIMEOUT_MS, env, ...options.http },
      online: options.online,
      log: options.log,
      onRegistryStatus: options.onRegistryStatus,
    });
  }

  /** An environment for one synchronous run; `undecided` hears each lookup the run could not decide. */
  environment(undecided?: (lookup: PackageLookup) => void, online = this.options.online()): DependencyEnvironment {
    return {
      data: this.options.engine.dependencyData,
      project: this.project,
      facts: this.service,
      online: online && this.options.online(),
      now: () => Date.now(),
      withShellTree: (command, use) => this.options.engine.grammars.withShellTree(command, use),
      ...(undecided ? { undecided } : {}),
    };
  }

  /** Runs `scan`; if it asked for lookups, fetches them (bounded by the HTTP deadline) and runs it once more. */
  async withLookups<T>(scan: (env: DependencyEnvironment) => T): Promise<T> {
    const asked: PackageLookup[] = [];
    const first = scan(this.environment((lookup) => asked.push(lookup)));
    if (asked.length === 0) return first;
    await this.service.resolve(asked);
    return scan(this.environment());
  }

  /** Fetches lookups (the editor calls this after publishing, then checks again). */
  resolve(lookups: readonly PackageLookup[]): Promise<void> {
    return this.service.resolve(lookups);
  }

  /** A project file changed on disk (or in the editor): forget what was derived from it. */
  fileChanged(filePath: string): void {
    this.files.invalidate(filePath);
    this.project.clear();
  }


  setRoots(roots: readonly string[]): void {
    this.roots = roots;
    this.project = this.newProject();
  }

  configureHttp(http: Partial<HttpSettings>): void {
    this.service.configure({ timeoutMs: DEFAULT_TIMEOUT_MS, env: this.options.env ?? process.env, ...this.options.http, ...http });
  }

  private lastHttp = '';

  /** The editor's settings for one run: reconfigures (new connections) only when they changed. */
  configureHttpIfChanged(timeoutMs: number, proxy: { proxy?: string; strictSSL?: boolean }): void {
    const key = JSON.stringify([timeoutMs, proxy]);
    if (key === this.lastHttp) return;
    this.lastHttp = key;
    this.configureHttp({ timeoutMs, ...proxy });
  }

  dispose(): Promise<void> {
    return this.service.dispose();
  }

  private newProject(): ProjectIndex {
    return new ProjectIndex({ files: this.files, machine: { env: this.options.env ?? process.env, home: this.options.home ?? os.homedir() }, roots: this.roots });
  }
}

/** Files whose change alters what the dependency checks know about a project. */
export function isProjectKnowledgeFile(filePath: string): boolean {
  const base = path.basename(filePath);
  return /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|yarn\.lock|bun\.lock|\.npmrc|tsconfig.*\.json|jsconfig\.json|pyproject\.toml|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|uv\.toml|go\.mod|go\.sum|go\.work|.*requirements.*\.(txt|in)|constraints.*\.txt)$/.test(base);
}
