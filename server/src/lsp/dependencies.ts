/**
 * The dependency checks in the editor: one DependencyChecks per server (created with the engine),
 * an environment for every validation run, and — after the run's diagnostics are published — the
 * lookups it could not decide, fetched in the background and followed by one more run of that
 * document. Static diagnostics never wait for a registry. Lookups are off when the document's
 * `aiGuard.dependencies.online` is false or the workspace is untrusted. Registry trouble is logged
 * once per change of state and shown in the status bar as a `registry` reason (degraded) until it answers again.
 */
import * as path from 'node:path';
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { DependencyChecks, isProjectKnowledgeFile, registryCacheFile } from '../analysis/dependencies/frontDoor';
import { describePackageAt } from '../analysis/dependencies/hover';
import type { PackageLookup } from '../analysis/dependencies/types';
import type { Engine } from '../analysis/engine';
import { findRepository } from '../analysis/git';
import { fileKindForPath, ruleLanguageOf } from '../analysis/languages';
import { SyntaxDocument } from '../analysis/parser';
import { LineIndex } from '../analysis/positions';
import type { RunOptions } from '../analysis/runner';
import type { TrackedDocument } from './documents';
import type { DocumentSettings } from './settings';
import type { Logger } from './logger';
import type { ServerStatus } from './serverStatus';
import { fsPathOf, type Workspace } from './workspace';
import { fireAndForget } from '../analysis/errors';

export interface DependencyRun {
  /** Merge into the run's options. */
  options: Pick<RunOptions, 'dependencies'>;
  /** After publishing: fetch what the run could not decide, then `again()` (the document's next run). */
  finish(again: () => Promise<unknown>): void;
}

/** What the validator and the closed-file side ask of the dependency checks. */
export interface DependencyHooks {
  /** The dependency part of one run of a document. */
  begin(engine: Engine, settings: DocumentSettings): DependencyRun;
}

export interface EditorDependenciesHost {
  engine(): Promise<Engine | undefined>;
  workspace: Workspace;
  /** The extension's storage folder (registry cache of folders outside git). */
  storagePath(): string | undefined;
  log: Logger;
  /** The server's health in the status bar: unreachable registries are reported as `registry` reasons. */
  status?: Pick<ServerStatus, 'report'>;
}

export class EditorDependencies implements DependencyHooks {
  private checks?: DependencyChecks;
  private proxy: { proxy?: string; strictSSL?: boolean } = {};
  private readonly troubled = new Map<string, string>();

  constructor(private readonly host: EditorDependenciesHost) {}

  /** The run of one document: undefined before the engine exists. */
  begin(engine: Engine, settings: DocumentSettings): DependencyRun {
    const checks = this.checksFor(engine);
    const online = settings.dependencies.online && this.host.workspace.isTrusted;
    const asked: PackageLookup[] = [];
    checks.configureHttpIfChanged(settings.dependencies.timeoutMs, this.proxy);
    return {
      options: { dependencies: checks.environment((lookup) => asked.push(lookup), online) },
      finish: (again) => {
        if (asked.length === 0 || !online) return;
        fireAndForget(checks.resolve(asked).then(() => again()), (m) => this.host.log.error(m), 'Checking packages on their registries');
      },
    };
  }

  /** VS Code's `http.proxy` / `http.proxyStrictSSL` (pulled by the server with the `http` section). */
  setProxy(settings: unknown): void {
    const http = (settings ?? {}) as { proxy?: unknown; proxyStrictSSL?: unknown };
    this.proxy = {
      ...(typeof http.proxy === 'string' && http.proxy.trim() ? { proxy: http.proxy.trim() } : {}),
      ...(typeof http.proxyStrictSSL === 'boolean' ? { strictSSL: http.proxyStrictSSL } : {}),
    };
  }

  /** A file changed on disk: project knowledge derived from it is dropped. */
  fileChanged(uri: string): void {
    const filePath = fsPathOf(uri);
    if (this.checks && filePath && isProjectKnowledgeFile(filePath)) this.checks.fileChanged(filePath);
  }

  /** An open document's text (undefined: closed) stands in for its file, so an unsaved package.json counts. */
  documentText(uri: string, text: string | undefined): void {
    const filePath = fsPathOf(uri);
    if (!this.checks || !filePath || !isProjectKnowledgeFile(filePath)) return;
    this.checks.files.overlay(filePath, text);
    this.checks.fileChanged(filePath);
  }

  foldersChanged(): void {
    this.checks?.setRoots(this.host.workspace.allFolders().map((f) => f.path));
  }

  async hover(params: HoverParams, doc: TrackedDocument | undefined, engine: Engine | undefined, settings: DocumentSettings): Promise<Hover | null> {
    if (!doc || !engine) return null;
    const filePath = fsPathOf(doc.uri) ?? doc.uri;
    const checks = this.checksFor(engine);
    const lines = new LineIndex(doc.text);
    const grammar = doc.grammar;
    const temporary = grammar && doc.syntax?.grammar !== grammar ? new SyntaxDocument(engine.grammars, grammar, doc.text) : undefined;
    try {
      const tree = temporary?.tree ?? doc.syntax?.tree;
      const content = describePackageAt({
        filePath, text: doc.text, kind: grammar ? ruleLanguageOf(grammar) : fileKindForPath(filePath), offset: lines.offsetAt(params.position),
        ...(grammar && tree ? { syntax: { tree, grammar } } : {}),
        env: checks.environment(undefined, settings.dependencies.online && this.host.workspace.isTrusted),
      });
      return content ? { contents: { kind: 'markdown', value: content.markdown }, range: lines.rangeOf(content.span) } : null;
    } finally {
      temporary?.dispose();
    }
  }

  dispose(): Promise<void> {
    return this.checks?.dispose() ?? Promise.resolve();
  }

  private checksFor(engine: Engine): DependencyChecks {
    if (!this.checks) {
      const folders = this.host.workspace.allFolders().map((f) => f.path);
      const repo = folders.map((f) => findRepository(f)).find((r) => r !== undefined);
      const cacheFile = registryCacheFile(repo, this.host.storagePath());
      this.checks = new DependencyChecks({
        engine, roots: folders, cacheFile,
        // Per document: the environment of each run says whether it may look up (setting, trust).
        online: () => this.host.workspace.isTrusted,
        log: (m) => this.host.log.warn(m),
        onRegistryStatus: (registry, trouble) => this.registryStatus(registry, trouble),
      });
      this.host.log.info(`Dependency checks: registry answers are cached in ${cacheFile ? path.normalize(cacheFile) : 'memory only (no git repository or storage folder)'}.`);
    }
    return this.checks;
  }

  private registryStatus(registry: string, trouble: string | undefined): void {
    const before = this.troubled.get(registry);
    if (trouble === before) return;
    if (trouble) {
      this.troubled.set(registry, trouble);
      this.host.log.warn(`Registry ${registry} is unreachable or misbehaving: ${trouble}. Packages it should confirm are shown as "could not verify" and looked up again later.`);
    } else if (before) {
      this.troubled.delete(registry);
      this.host.log.info(`Registry ${registry} answers again.`);
    }
    this.host.status?.report('registry', [...this.troubled].map(([name, why]) => `Registry ${name} unreachable (${why}); its packages show "could not verify" and are looked up again later.`));
  }
}
