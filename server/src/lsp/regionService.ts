/**
 * AI regions of open documents. Each open file gets a `DocumentRegions`, fed with all content
 * changes of one didChange notification together (collected from the per-change seam), re-anchored
 * from the region store when it opens, and saved back after changes. The validator asks this
 * service what to run the rules on (`aiGuard.scope`) and reports its findings back, which go to the
 * client as `aiGuard/regionsChanged`.
 *
 * Order matters and settings and the store arrive asynchronously, so every document has a promise
 * chain: open (load settings and store, re-anchor), then each notification's changes in turn. The
 * validator awaits the chain before it analyses, and analyses only when the regions describe the
 * very text it sees.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { Engine } from '../analysis/engine';
import { fileAtRevision } from '../analysis/git';
import type { GrammarId } from '../analysis/languages';
import { addedSpansOfText } from '../analysis/lineScope';
import { DocumentRegions, reanchorRegions, RecentRemovals, type CopySource, type OffsetSpan, type StoredRegion } from '../analysis/regions';
import type { RunOptions } from '../analysis/runner';
import type { Finding, TextChange } from '../analysis/types';
import type { DocumentStore, TrackedDocument } from './documents';
import { REGIONS_CHANGED_NOTIFICATION, type RegionActionResult, type RegionsChangedParams } from './protocol';
import { excludedFromDetection, fileRegions, guardFindings, scopedRunOptions } from './regionScope';
import type { FileLocation, RegionStores } from './regionStores';
import type { DocumentSettings } from './settings';
import type { Logger } from './logger';
import type { VcsActivity } from './vcsActivity';
import { fsPathOf, type Workspace } from './workspace';
import { describeError, fireAndForget } from '../analysis/errors';

interface OpenState {
  doc: TrackedDocument;
  location?: FileLocation;
  /** Undefined while loading, and for files that never get regions (excluded). */
  regions?: DocumentRegions;
  chain: Promise<void>;
  collected: TextChange[];
  /** HEAD text for `changedLines` (null: not in HEAD), read once per open. */
  headText?: string | null;
  findings: Finding[];
}

export interface RegionServiceHost {
  connection: Connection;
  workspace: Workspace;
  stores: RegionStores;
  vcs: VcsActivity;
  settings(uri: string): Promise<DocumentSettings>;
  engine(): Promise<Engine | undefined>;
  log: Logger;
}

export class RegionService {
  private readonly open = new Map<string, OpenState>();
  /** One per server: a block cut in one file and pasted in another is a move, not new code. */
  readonly recentRemovals = new RecentRemovals();
  /** Texts documents had before edits the server did not see (TEXT_BEFORE_OPEN_NOTIFICATION), until their didOpen. */
  private readonly textsBeforeOpen = new Map<string, string>();
  /** Set by the closed-file side: remembers texts of closed documents as "last known content". */
  onClosed: (filePath: string, text: string) => void = () => undefined;

  constructor(private readonly host: RegionServiceHost, documents: DocumentStore) {
    documents.onContentChange((doc, change) => this.open.get(doc.uri)?.doc === doc && this.open.get(doc.uri)?.collected.push(change));
  }

  /** True when the file at `filePath` is open in the editor (its changes arrive as didChange). */
  isOpen(filePath: string): boolean {
    for (const state of this.open.values()) if (state.location?.filePath === filePath) return true;
    return false;
  }

  /** The client's text of `uri` before edits made while no server ran; used by the coming didOpen. */
  textBeforeOpen(uri: string, text: string): void {
    this.textsBeforeOpen.set(uri, text);
  }

  /** DocumentStore's onDidChangeContent: an open (new document object) or a change notification. */
  contentChanged(doc: TrackedDocument): void {
    const state = this.open.get(doc.uri);
    if (state?.doc === doc) {
      const changes = state.collected.splice(0);
      const vcsActive = this.host.vcs.isActive(state.location?.repo);
      state.chain = state.chain.then(() => this.apply(state, changes, vcsActive)).catch((err) => this.failed(doc.uri, err));
      return;
    }
    this.opened(doc);
  }

  closed(doc: TrackedDocument): void {
    const state = this.open.get(doc.uri);
    if (state?.doc !== doc) return;
    this.open.delete(doc.uri);
    if (state.location) {
      this.onClosed(state.location.filePath, doc.text);
      fireAndForget(state.chain.then(() => this.persist(state)), (m) => this.host.log.error(m), `Saving the AI regions of ${state.location.key}`);
    }
  }

  /** Resolves once the document's regions have taken every change received so far. */
  ready(uri: string): Promise<void> {
    return this.open.get(uri)?.chain ?? Promise.resolve();
  }

  /**
   * Run options for the validator, plus the guard findings; 'stale' when the regions do not
   * describe `doc.text` yet (a newer change is on its way, with its own validation).
   */
  scope(doc: TrackedDocument, settings: DocumentSettings, grammar: GrammarId | undefined, base: RunOptions, engine: Engine | undefined): { options: RunOptions; extra: Finding[] } | 'stale' {
    const state = this.open.get(doc.uri);
    const regions = state?.regions;
    if (regions && regions.text !== doc.text) return 'stale';
    const list = regions?.regions ?? [];
    const added = settings.scope === 'changedLines' && state ? this.addedSinceHead(state) : [];
    const options = scopedRunOptions(base, settings.scope, doc.text, list, grammar, added);
    const extra = guardFindings(state?.location?.filePath ?? doc.uri, doc.text, list, grammar, base, engine);
    return { options, extra };
  }

  /** The validator published `findings` for `doc`: tell the client about its regions. */
  published(doc: TrackedDocument, findings: Finding[]): void {
    const state = this.open.get(doc.uri);
    if (!state) return;
    state.findings = findings;
    const regions = state.regions && state.regions.text === doc.text ? state.regions.regions : [];
    const params: RegionsChangedParams = fileRegions(doc.uri, state.location?.filePath ?? fsPathOf(doc.uri), doc.text, regions, findings);
    fireAndForget(this.host.connection.sendNotification(REGIONS_CHANGED_NOTIFICATION, params), (m) => this.host.log.error(m), `Sending the AI regions of ${doc.uri}`);
  }

  /** Regions and last findings of every open document with regions. */
  openFiles(): Array<{ uri: string; filePath?: string; text: string; regions: DocumentRegions; findings: Finding[] }> {
    return [...this.open.values()]
      .filter((s): s is OpenState & { regions: DocumentRegions } => s.regions !== undefined)
      .map((s) => ({ uri: s.doc.uri, filePath: s.location?.filePath, text: s.regions.text, regions: s.regions, findings: s.findings }));
  }

  /**
   * Runs `action` on an open document's regions after its pending changes, then saves; undefined
   * when the document is not open (the closed-file side handles it).
   */
  async act(uri: string, action: (regions: DocumentRegions) => RegionActionResult): Promise<RegionActionResult | undefined> {
    const state = this.open.get(uri);
    if (!state) return undefined;
    await state.chain;
    if (!state.regions) return { changed: 0, error: 'AI Guard does not track regions in this file (it is excluded from AI detection).' };
    const result = action(state.regions);
    if (result.changed > 0) this.persist(state);
    return result;
  }

  private opened(doc: TrackedDocument): void {
    const filePath = fsPathOf(doc.uri);
    const text = doc.text;
    const location = filePath ? this.host.stores.locate(filePath) : undefined;
    if (location?.repo) this.host.vcs.watch(location.repo);
    const state: OpenState = { doc, location, chain: Promise.resolve(), collected: [], findings: [] };
    this.open.set(doc.uri, state);
    const before = this.textsBeforeOpen.get(doc.uri);
    this.textsBeforeOpen.delete(doc.uri);
    const vcsActive = this.host.vcs.isActive(location?.repo);
    state.chain = (async () => {
      const settings = await this.host.settings(doc.uri);
      if (location && excludedFromDetection(location.filePath, settings, this.host.workspace, location.repo?.root)) return;
      const options = { settings: settings.detection, recentRemovals: this.recentRemovals, otherDocuments: () => this.copySources(doc.uri) };
      // Regions are anchored in the text the server last knew (or the client saw before the server
      // ran), and the edits since then are replayed as one change, as an agent's write would be.
      const known = before ?? text;
      let saved: StoredRegion[] = [];
      if (location) {
        const store = await this.host.stores.storeOf(location);
        saved = store.regionsOf(location.key);
      }
      const anchored = reanchorRegions(saved, known);
      state.regions = new DocumentRegions(known, { ...options, regions: anchored.regions });
      if (anchored.dropped.length > 0) this.host.log.info(`${anchored.dropped.length} saved AI region(s) of ${location?.key ?? doc.uri} are gone from the file and were dropped.`);
      if (known !== text) this.unseenEdits(state, text, vcsActive);
      if (saved.length > 0 || state.regions.regions.length > 0) this.persist(state);
    })().catch((err) => this.failed(doc.uri, err));
  }

  /** Texts of the open documents other than `uri`, which a paste into `uri` may have been copied from. */
  private *copySources(uri: string): Iterable<CopySource> {
    for (const [other, state] of this.open) {
      if (other === uri) continue;
      // Excluded files (no regions) count too: code copied out of a dependency is not AI text.
      yield state.regions ? { text: state.regions.text, unreviewedSpans: state.regions.unreviewedSpans() } : { text: state.doc.text, unreviewedSpans: [] };
    }
  }

  /** The document changed in the editor while no server saw it: its inserted hunks count as pastes. */
  private unseenEdits(state: OpenState, text: string, vcsActive: boolean): void {
    const regions = state.regions!;
    const { location } = state;
    const isVcsOperation = vcsActive || (location !== undefined && this.host.vcs.matchesGit(location.repo, location.filePath, text));
    const outcome = regions.changedOnDisk(text, { isVcsOperation }, 'completion/paste');
    const name = location?.key ?? state.doc.uri;
    if (outcome.added.length > 0) {
      this.host.log.info(`AI region(s) in ${name} from edits made before the server saw the file: ${outcome.added.map((r) => r.id).join(', ')}.`);
    }
  }

  private async apply(state: OpenState, changes: TextChange[], vcsActive: boolean): Promise<void> {
    const regions = state.regions;
    if (!regions || changes.length === 0) return;
    regions.settings = (await this.host.settings(state.doc.uri)).detection;
    const outcome = regions.applyEdit(changes, { isVcsOperation: vcsActive });
    const { location } = state;
    if (outcome.added.length > 0 && location && this.host.vcs.matchesGit(location.repo, location.filePath, regions.text)) {
      // The editor reloaded a file git rewrote (checkout, restore) before the git-dir watch fired.
      for (const region of outcome.added) regions.forget(region.id);
      this.host.log.info(`Change in ${location.key} restores its git version; no AI region.`);
    } else if (outcome.added.length > 0) {
      this.host.log.info(`AI region(s) in ${location?.key ?? state.doc.uri}: ${outcome.added.map((r) => `${r.id} (${r.origin})`).join(', ')}.`);
    }
    if (regions.regions.length > 0 || outcome.removed.length > 0 || outcome.undoRedo) this.persist(state);
  }

  private persist(state: OpenState): void {
    const { location, regions } = state;
    if (!location?.storeFile || !regions) return;
    const saved = this.host.stores.storeOf(location).then((store) => {
      store.setFromTracker(location.key, regions.tracker, regions.text);
      this.host.stores.scheduleSave(location);
    });
    fireAndForget(saved, (m) => this.host.log.error(m), `Saving the AI regions of ${location.key}`);
  }

  /** Spans of lines added since HEAD (the whole text for a file git does not have at HEAD). */
  private addedSinceHead(state: OpenState): OffsetSpan[] {
    const { location } = state;
    if (!location?.repo) return [];
    if (state.headText === undefined) state.headText = fileAtRevision(location.repo, 'HEAD', location.filePath) ?? null;
    return addedSpansOfText(state.headText ?? undefined, state.doc.text);
  }

  private failed(uri: string, err: unknown): void {
    this.host.log.error(`AI region tracking failed for ${uri}: ${describeError(err, 'stack')}`);
  }
}
