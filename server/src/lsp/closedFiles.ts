/**
 * AI regions of files that are not open in the editor: files written on disk by agents (CLI coding
 * agents write directly), and the closed-file side of verify/forget/scan. A changed file is diffed
 * against the last text seen of it (a bounded cache of opened/closed documents and earlier disk
 * reads), else its git HEAD version, else nothing (a new untracked file); inserted hunks over the
 * threshold become `agent` regions, which are scanned and published as diagnostics.
 *
 * Not regions: files excluded from detection, changes while git is busy or that restore the HEAD
 * or index version (VcsActivity), and files open in the editor (their reload arrives as didChange).
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG } from '../analysis/config';
import { isAgentFile } from '../analysis/content/agentFiles';
import { mayBeTextFile, readSourceFile } from '../analysis/files';
import { fileAtRevision } from '../analysis/git';
import { grammarForPath } from '../analysis/languages';
import { DocumentRegions, reanchorRegions, type EditOutcome, type RecentRemovals } from '../analysis/regions';
import { runOptionsFor } from '../analysis/scanner';
import type { Finding } from '../analysis/types';
import type { DependencyHooks, DependencyRun } from './dependencies';
import type { DiagnosticFactory } from './diagnostics';
import { REGIONS_CHANGED_NOTIFICATION, type FileRegions, type RegionActionResult } from './protocol';
import { excludedFromDetection, fileRegions, guardFindings, scopedRunOptions, withAgentFileScope } from './regionScope';
import type { RegionServiceHost } from './regionService';
import type { FileLocation } from './regionStores';
import { effectiveConfig } from './settings';
import { describeError, fireAndForget } from '../analysis/errors';

/** Texts remembered as "last known content"; enough for an agent session touching many files. */
const KNOWN_TEXT_ENTRIES = 500;
const KNOWN_TEXT_MAX_CHARS = 1_000_000;

/** What the open-document side needs, plus diagnostics (closed files publish their own) and its shared state. */
export interface ClosedFilesHost extends RegionServiceHost {
  diagnostics: DiagnosticFactory;
  recentRemovals: RecentRemovals;
  isOpen(filePath: string): boolean;
  dependencies?: DependencyHooks;
}

export class ClosedFiles {
  /** Insertion-ordered, so the oldest entry is evicted first (an LRU by re-insertion). */
  private readonly known = new Map<string, string>();
  /** Findings of the last scan of each closed file with regions, for workspaceRegions. */
  private readonly findings = new Map<string, Finding[]>();
  /** Files whose diagnostics came from here, cleared when their regions are gone. */
  private readonly published = new Set<string>();

  constructor(private readonly host: ClosedFilesHost) {}

  remember(filePath: string, text: string): void {
    this.known.delete(filePath);
    if (text.length > KNOWN_TEXT_MAX_CHARS) return;
    this.known.set(filePath, text);
    if (this.known.size > KNOWN_TEXT_ENTRIES) this.known.delete(this.known.keys().next().value as string);
  }

  /** A file was created or changed on disk (workspace/didChangeWatchedFiles). */
  async diskChanged(filePath: string): Promise<void> {
    if (this.host.isOpen(filePath) || !isCandidate(filePath)) return;
    const uri = pathToFileURL(filePath).href;
    const settings = await this.host.settings(uri);
    const location = this.host.stores.locate(filePath);
    const read = readSourceFile(filePath, settings.maxFileSizeKb * 1024);
    if (!read.ok) return;
    const text = read.text;
    if (excludedFromDetection(filePath, settings, this.host.workspace, location.repo?.root)) {
      this.remember(filePath, text);
      return;
    }
    if (location.repo) this.host.vcs.watch(location.repo);
    const previous = this.known.get(filePath) ?? (location.repo ? fileAtRevision(location.repo, 'HEAD', filePath) : undefined) ?? '';
    this.remember(filePath, text);
    if (previous === text) return;
    const isVcsOperation = this.host.vcs.isActive(location.repo) || this.host.vcs.matchesGit(location.repo, filePath, text);
    const store = await this.host.stores.storeOf(location);
    const saved = store.regionsOf(location.key);
    const regions = new DocumentRegions(previous, {
      settings: settings.detection,
      recentRemovals: this.host.recentRemovals,
      regions: reanchorRegions(saved, previous).regions,
    });
    const outcome: EditOutcome = regions.changedOnDisk(text, { isVcsOperation });
    if (outcome.added.length > 0) this.host.log.info(`Agent edit in ${location.key}: ${outcome.added.length} AI region(s).`);
    else if (isVcsOperation) this.host.log.info(`${location.key} changed by git; no AI region.`);
    // Agent files are checked after every change on disk (git pull, an agent's write, a script),
    // regions or not: the agent reads the whole file whoever wrote it.
    if (saved.length > 0 || regions.regions.length > 0) this.save(location, regions);
    else if (!isAgentFile(filePath)) return;
    await this.scanAndPublish(location, regions);
  }

  /**
   * Loads a closed file's regions (re-anchored in its text on disk), lets `action` change them,
   * saves and re-publishes. Undefined when the file cannot be read.
   */
  async act(filePath: string, action: (regions: DocumentRegions) => RegionActionResult): Promise<RegionActionResult> {
    const loaded = await this.load(filePath);
    if (!loaded) return { changed: 0, error: `AI Guard could not read ${filePath}; its regions are unchanged.` };
    const result = action(loaded.regions);
    if (result.changed > 0) {
      this.save(loaded.location, loaded.regions);
      await this.scanAndPublish(loaded.location, loaded.regions);
    }
    return result;
  }

  /** A closed file's regions as on disk now, or undefined when it cannot be read or is excluded. */
  async load(filePath: string): Promise<{ location: FileLocation; regions: DocumentRegions } | undefined> {
    const settings = await this.host.settings(pathToFileURL(filePath).href);
    const read = readSourceFile(filePath, settings.maxFileSizeKb * 1024);
    if (!read.ok) return undefined;
    const location = this.host.stores.locate(filePath);
    const store = await this.host.stores.storeOf(location);
    const regions = new DocumentRegions(read.text, {
      settings: settings.detection,
      recentRemovals: this.host.recentRemovals,
      regions: reanchorRegions(store.regionsOf(location.key), read.text).regions,
    });
    return { location, regions };
  }

  save(location: FileLocation, regions: DocumentRegions): void {
    const saved = this.host.stores.storeOf(location).then((store) => {
      store.setFromTracker(location.key, regions.tracker, regions.text);
      this.host.stores.scheduleSave(location);
    });
    fireAndForget(saved, (m) => this.host.log.error(m), `Saving the AI regions of ${location.key}`);
  }

  /** Scans a closed file's regions, publishes diagnostics and regionsChanged; returns the findings. */
  async scanAndPublish(location: FileLocation, regions: DocumentRegions): Promise<Finding[]> {
    const uri = pathToFileURL(location.filePath).href;
    const [settings, engine] = await Promise.all([this.host.settings(uri), this.host.engine()]);
    const list = regions.regions;
    let findings: Finding[] = [];
    let dependencies: DependencyRun | undefined;
    const agentFile = isAgentFile(location.filePath);
    if (settings.enable && engine && (list.length > 0 || agentFile)) {
      const folder = this.host.workspace.folderOf(location.filePath);
      const config = effectiveConfig(folder ? this.host.workspace.projectConfig(folder) : DEFAULT_CONFIG, settings);
      const base = runOptionsFor(config);
      const grammar = grammarForPath(location.filePath);
      const scope = settings.scope === 'wholeFile' ? 'wholeFile' : 'aiRegions';
      try {
        dependencies = this.host.dependencies?.begin(engine, settings);
        const options = { ...withAgentFileScope(scopedRunOptions(base, scope, regions.text, list, grammar), location.filePath), ...dependencies?.options };
        findings = [
          ...engine.scanText(location.filePath, regions.text, { ...options, grammar }),
          ...guardFindings(location.filePath, regions.text, list, grammar, base, engine),
        ];
      } catch (err) {
        this.host.log.error(`Scanning the AI regions of ${location.filePath} failed: ${describeError(err, 'stack')}`);
      }
    }
    if (list.length > 0 || (agentFile && findings.length > 0)) this.findings.set(location.filePath, findings);
    else this.findings.delete(location.filePath);
    if (findings.length > 0 || this.published.has(uri)) {
      const diagnostics: Diagnostic[] = findings.map((f) => this.host.diagnostics.toDiagnostic(f, uri));
      fireAndForget(this.host.connection.sendDiagnostics({ uri, diagnostics }), (m) => this.host.log.error(m), `Publishing the diagnostics of ${uri}`);
      if (findings.length > 0) this.published.add(uri);
      else this.published.delete(uri);
    }
    const notified = this.host.connection.sendNotification(REGIONS_CHANGED_NOTIFICATION, fileRegions(uri, location.filePath, regions.text, list, findings));
    fireAndForget(notified, (m) => this.host.log.error(m), `Sending the AI regions of ${uri}`);
    dependencies?.finish(() => this.host.isOpen(location.filePath) ? Promise.resolve() : this.scanAndPublish(location, regions));
    return findings;
  }

  /** Closed agent files whose last check found something (they have no regions to be listed by). */
  agentFilesWithFindings(): string[] {
    return [...this.findings.keys()].filter((file) => isAgentFile(file));
  }

  /** Regions of a closed file in protocol form, with the findings of its last scan. */
  async fileRegions(filePath: string): Promise<FileRegions | undefined> {
    const loaded = await this.load(filePath);
    const findings = this.findings.get(filePath) ?? [];
    if (!loaded || (loaded.regions.regions.length === 0 && !(isAgentFile(filePath) && findings.length > 0))) return undefined;
    return fileRegions(pathToFileURL(filePath).href, filePath, loaded.regions.text, loaded.regions.regions, findings);
  }
}

/** Files AI Guard analyses: every file that may be text (code, Markdown, configuration, `.aiguard.json`). */
export function isCandidate(filePath: string): boolean {
  return mayBeTextFile(filePath);
}
