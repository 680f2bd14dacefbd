/**
 * Analyses open documents and publishes their diagnostics. A burst of changes (typing, a paste
 * arriving as several notifications) is coalesced into one run per document with setImmediate,
 * which yields to pending I/O without adding a delay. Each run re-parses incrementally, so a
 * publish follows a change within milliseconds.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG } from '../analysis/config';
import { isAgentFile } from '../analysis/content/agentFiles';
import type { Engine } from '../analysis/engine';
import { isLikelyMinified } from '../analysis/files';
import type { FileKind, GrammarId } from '../analysis/languages';
import { SyntaxDocument } from '../analysis/parser';
import { ALWAYS_EXCLUDED, matchesAnyGlob, PathFilter } from '../analysis/pathFilter';
import { runRules, type RunOptions } from '../analysis/runner';
import { runOptionsFor } from '../analysis/scanner';
import type { Finding } from '../analysis/types';
import type { DependencyHooks, DependencyRun } from './dependencies';
import type { DiagnosticFactory } from './diagnostics';
import type { DocumentStore, TrackedDocument } from './documents';
import { withAgentFileScope } from './regionScope';
import type { Logger } from './logger';
import { effectiveConfig, type DocumentSettings } from './settings';
import { fsPathOf, type Folder, type Workspace } from './workspace';
import { describeError, fireAndForget } from '../analysis/errors';

export interface ValidatorHost {
  /** The engine, or undefined when it could not be created (already reported to the user). */
  engine(): Promise<Engine | undefined>;
  settings(uri: string): Promise<DocumentSettings>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** An information message to the person, e.g. why a document is not checked. */
  inform(message: string): void;
  log: Logger;
  /** AI regions: what to run the rules on, extra findings, and who hears about the result. */
  regions?: RegionHooks;
  /** Dependency checks: facts for the run, and the lookups to fetch after it (then the document is checked again). */
  dependencies?: DependencyHooks;
}

export interface RegionHooks {
  /** Resolves when the document's regions have taken every change received so far. */
  ready(uri: string): Promise<void>;
  /** Run options scoped to the regions plus the guard findings; 'stale' when a newer change is on its way. */
  scope(doc: TrackedDocument, settings: DocumentSettings, grammar: GrammarId | undefined, base: RunOptions, engine: Engine | undefined): { options: RunOptions; extra: Finding[] } | 'stale';
  published(doc: TrackedDocument, findings: Finding[]): void;
}

type Plan =
  /**
   * Analyse: files with a grammar are parsed (query rules + text rules); every other text file
   * (Markdown, JSON, YAML, shell, other languages' source, `.aiguard.json`) gets the text rules of
   * its kind over its text alone, which costs a string scan and no parser.
   */
  | { kind: 'analyse'; grammar?: GrammarId; fileKind: FileKind; filePath: string; runOptions: RunOptions }
  | { kind: 'off' }
  | { kind: 'skip'; why: SkipReason };

interface SkipReason {
  /** Stable per cause, so the person is told once per document and cause. */
  key: string;
  /** The log line. */
  log: string;
  /** Shown to the person; log-only when absent (e.g. files in node_modules opened by go-to-definition). */
  message?: string;
}

interface DocumentState {
  /** Version and settings generation of the last publish: a run for the same pair is redundant. */
  publishedVersion?: number;
  publishedGeneration?: number;
  toldAbout: Set<string>;
  exclusion?: { generation: number; reason: SkipReason | undefined };
}

export class DocumentValidator {
  private readonly pending = new Set<string>();
  private flushQueued = false;
  private readonly states = new Map<string, DocumentState>();
  /** Bumped when settings or configuration files change, so every document is analysed again. */
  private generation = 0;

  constructor(
    private readonly host: ValidatorHost,
    private readonly documents: DocumentStore,
    private readonly workspace: Workspace,
    private readonly diagnostics: DiagnosticFactory,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => fireAndForget(this.flush(), (m) => this.host.log.error(m), 'Checking the changed documents'));
  }

  /** Settings or a configuration file changed: every open document is checked again. */
  revalidateAll(): void {
    this.generation++;
    for (const doc of this.documents.all()) this.schedule(doc.uri);
  }

  /** The document was closed: its diagnostics go away with it. */
  forget(uri: string): void {
    this.states.delete(uri);
    this.pending.delete(uri);
    this.host.publish(uri, undefined, []);
  }

  /** Analyses `uri` again now, even when its version was published already (regions changed). */
  async revalidate(uri: string): Promise<void> {
    const state = this.states.get(uri);
    if (state) state.publishedVersion = undefined;
    await this.validate(uri);
  }

  /** Version of the text the document's current diagnostics describe. */
  diagnosticsVersion(uri: string): number | undefined {
    return this.states.get(uri)?.publishedVersion;
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) await this.validate(uri);
  }

  private async validate(uri: string): Promise<void> {
    // Taken before awaiting the settings: if they change meanwhile, this run is marked as older
    // than the change, so the run that the change scheduled is not skipped as redundant.
    const generation = this.generation;
    const [engine, settings] = await Promise.all([this.host.engine(), this.host.settings(uri), this.host.regions?.ready(uri)]);
    // Everything below is synchronous, so it sees one consistent version of the text.
    const doc = this.documents.get(uri);
    if (!doc) return;
    const state = this.stateOf(uri);
    if (state.publishedVersion === doc.version && state.publishedGeneration === this.generation) return;
    let findings: Finding[] = [];
    let dependencies: DependencyRun | undefined;
    try {
      const plan = this.plan(doc, settings, generation);
      if (plan.kind === 'analyse') {
        const scoped = this.host.regions?.scope(doc, settings, plan.grammar, plan.runOptions, engine) ?? { options: plan.runOptions, extra: [] };
        if (scoped === 'stale') return; // the newer change has scheduled its own run
        dependencies = engine ? this.host.dependencies?.begin(engine, settings) : undefined;
        const found = engine ? this.analyse(doc, engine, { ...plan, runOptions: { ...withAgentFileScope(scoped.options, plan.filePath), ...dependencies?.options } }) : [];
        findings = [...found, ...scoped.extra].sort((a, b) => a.span.startIndex - b.span.startIndex || a.ruleId.localeCompare(b.ruleId));
      } else {
        doc.dropSyntax(); // a skipped document keeps no tree (and no wasm memory)
        if (plan.kind === 'skip') this.tellSkipped(state, doc, plan.why);
      }
    } catch (err) {
      // A failing rule or check costs this document its diagnostics, never the server.
      doc.dropSyntax();
      this.host.log.error(`Analysing ${uri} failed: ${describeError(err, 'stack')}`);
    }
    state.publishedVersion = doc.version;
    state.publishedGeneration = generation;
    this.host.publish(uri, doc.version, findings.map((f) => this.diagnostics.toDiagnostic(f, uri)));
    this.host.regions?.published(doc, findings);
    // Registry answers never hold up the diagnostics above: they come in a later run of this document.
    dependencies?.finish(() => this.revalidate(uri));
  }

  private analyse(doc: TrackedDocument, engine: Engine, plan: Extract<Plan, { kind: 'analyse' }>) {
    const { grammar } = plan;
    if (doc.syntax && doc.syntax.grammar !== grammar) doc.dropSyntax();
    if (!grammar) return runRules({ text: doc.text, filePath: plan.filePath, kind: plan.fileKind }, engine.ruleSet, plan.runOptions);
    doc.syntax ??= new SyntaxDocument(engine.grammars, grammar, doc.text);
    const target = { tree: doc.syntax.tree, text: doc.text, grammar, filePath: plan.filePath };
    return runRules(target, engine.ruleSet, plan.runOptions);
  }

  private plan(doc: TrackedDocument, settings: DocumentSettings, generation: number): Plan {
    if (!settings.enable) return { kind: 'off' };
    const filePath = fsPathOf(doc.uri);
    const grammar = doc.grammar;
    const folder = filePath ? this.workspace.folderOf(filePath) : undefined;
    const project = folder ? this.workspace.projectConfig(folder) : undefined;
    const excluded = filePath ? this.cachedExclusion(doc.uri, generation, filePath, settings, folder, project?.ignore ?? []) : undefined;
    if (excluded) return { kind: 'skip', why: excluded };
    const text = doc.text;
    const name = filePath ? path.basename(filePath) : doc.uri;
    const limit = settings.maxFileSizeKb * 1024;
    const size = Buffer.byteLength(text, 'utf8');
    if (size > limit) {
      const message = `AI Guard does not check ${name}: it is ${Math.ceil(size / 1024)} KB, over the aiGuard.maxFileSizeKb limit of ${settings.maxFileSizeKb} KB. Raise the setting to check it.`;
      return { kind: 'skip', why: { key: 'size', log: `Skipped ${doc.uri}: ${size} bytes is over the ${limit}-byte limit.`, message } };
    }
    // An agent file is read whole by the agent however it is laid out, so it is never skipped as minified.
    if (isLikelyMinified(text) && !(filePath && isAgentFile(filePath))) {
      const message = `AI Guard does not check ${name}: it looks minified or generated (very long lines). Check the source it was built from instead.`;
      return { kind: 'skip', why: { key: 'minified', log: `Skipped ${doc.uri}: it looks minified.`, message } };
    }
    const config = effectiveConfig(project ?? DEFAULT_CONFIG, settings);
    return { kind: 'analyse', grammar, fileKind: doc.fileKind, filePath: filePath ?? doc.uri, runOptions: runOptionsFor(config) };
  }

  /** A document's path never changes and its globs only with the generation: match once per pair. */
  private cachedExclusion(uri: string, generation: number, filePath: string, settings: DocumentSettings, folder: Folder | undefined, projectIgnores: string[]): SkipReason | undefined {
    const state = this.stateOf(uri);
    if (state.exclusion?.generation !== generation) {
      state.exclusion = { generation, reason: this.exclusion(filePath, settings, folder, projectIgnores) };
    }
    return state.exclusion.reason;
  }

  /** Why `filePath` is excluded, naming the glob and where it was configured; undefined when it is not. */
  private exclusion(filePath: string, settings: DocumentSettings, folder: Folder | undefined, projectIgnores: string[]): SkipReason | undefined {
    const root = folder?.path ?? path.parse(filePath).root;
    const rel = path.relative(root, filePath);
    const name = path.basename(filePath);
    const sources: Array<[string[], string]> = [
      [settings.exclude, 'the aiGuard.exclude setting'],
      [projectIgnores, `the "ignore" list of ${folder ? path.join(folder.path, '.aiguard.json') : '.aiguard.json'}`],
    ];
    for (const [globs, where] of sources) {
      const glob = globs.find((g) => matchesAnyGlob(rel, [g]));
      if (glob) {
        return {
          key: `exclude:${glob}`,
          log: `Skipped ${filePath}: it matches "${glob}" in ${where}.`,
          message: `AI Guard does not check ${name}: it matches "${glob}" in ${where}.`,
        };
      }
    }
    // Built-in excludes (node_modules, dist, …) and .gitignore: the person did not ask for these
    // files to be skipped, but opening one is routine, so a log line is enough.
    const filter = folder ? this.workspace.pathFilter(folder, []) : new PathFilter(root, [], false);
    if (filter.isExcluded(filePath)) {
      const builtIn = ALWAYS_EXCLUDED.find((g) => matchesAnyGlob(rel, [g]));
      return { key: 'exclude:implicit', log: `Skipped ${filePath}: it is ${builtIn ? `under a built-in exclusion (${builtIn})` : 'ignored by .gitignore'}.` };
    }
    return undefined;
  }

  private tellSkipped(state: DocumentState, doc: TrackedDocument, why: SkipReason): void {
    if (state.toldAbout.has(why.key)) return;
    state.toldAbout.add(why.key);
    this.host.log.info(why.log);
    if (why.message) this.host.inform(why.message);
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { toldAbout: new Set() };
      this.states.set(uri, state);
    }
    return state;
  }
}
