/**
 * Wires the LSP connection to the engine: document sync, per-resource settings, `.aiguard.json`,
 * diagnostics, code actions, the workspace scan and AI regions (regionService for open documents,
 * agentEdits for files written on disk, regionRequests, aiChangesScan, vcsActivity for git). The
 * pieces live in lsp/; this file only connects them.
 *
 * Environment: `AI_GUARD_RULES_DIR` points the server at another rules folder (used by the protocol
 * tests to load a deliberately broken rule set). Rules are data plus named built-in checks, so no
 * code is loaded from there.
 */
import * as path from 'node:path';
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, MessageType, ShowMessageNotification, TextDocumentSyncKind,
  type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { Engine, type EngineLocations } from './analysis/engine';
import { commentPrefixForPath } from './analysis/languages';
import { defaultWasmDir } from './analysis/parser';
import { formatRuleLoadError } from './analysis/rules/ruleTypes';
import { codeActionsFor } from './lsp/codeActions';
import { DiagnosticFactory } from './lsp/diagnostics';
import { DocumentStore } from './lsp/documents';
import { ClosedFiles } from './lsp/agentEdits';
import { scanAiChanges } from './lsp/aiChangesScan';
import {
  SCAN_AI_CHANGES_METHOD, SCAN_WORKSPACE_METHOD, TEXT_BEFORE_OPEN_NOTIFICATION,
  type InitializationOptions, type ScanAiChangesParams, type ScanWorkspaceParams, type TextBeforeOpenParams,
} from './lsp/protocol';
import { registerRegionRequests } from './lsp/regionRequests';
import { RegionService } from './lsp/regionService';
import { RegionStores } from './lsp/regionStores';
import { VcsActivity } from './lsp/vcsActivity';
import { SETTINGS_SECTION, SettingsCache } from './lsp/settings';
import { DocumentValidator, type Logger } from './lsp/validator';
import { fsPathOf, Workspace } from './lsp/workspace';
import { WorkspaceScanner } from './lsp/workspaceScan';

export interface ServerLocations {
  /** Folder of the server bundle (dist/); rules and docs sit next to it in the extension. */
  bundleDir: string;
  /** The bundle itself, which also runs the scan worker. */
  bundleFile: string;
}

export function startServer(connection: Connection, locations: ServerLocations): void {
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  // window/showMessage (a notification): nothing here waits for the person to click anything.
  const show = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });
  // A bug in one handler must cost one result, not the server: log it and carry on.
  process.on('unhandledRejection', (reason) => log.error(`Unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  const engineLocations: EngineLocations = {
    rulesDir: process.env.AI_GUARD_RULES_DIR || path.join(locations.bundleDir, '..', 'rules'),
    wasmDir: defaultWasmDir(locations.bundleDir),
  };
  const diagnostics = new DiagnosticFactory(path.join(locations.bundleDir, '..', 'docs', 'rules'));
  const publish = (uri: string, version: number | undefined, items: Diagnostic[]) => void connection.sendDiagnostics({ uri, version, diagnostics: items });

  let engine: Promise<Engine | undefined> | undefined;
  const getEngine = () => (engine ??= createEngine(engineLocations, show, log));

  let pullConfiguration = false;
  let pushedSettings: unknown;
  const settings = new SettingsCache(
    (scopeUri) => (pullConfiguration ? connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }) : Promise.resolve(pushedSettings)),
    (m) => log.warn(m),
  );

  const workspace = new Workspace({
    onConfigErrors: (file, errors) => {
      log.warn(errors.join('\n'));
      show(MessageType.Warning, `AI Guard: ${file} has problems; the defaults are used for those parts. ${errors.join(' ')}`);
    },
    log: (m) => log.info(m),
  });
  // A region-state warning (e.g. a corrupt regions.json moved aside) is shown once per text.
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    log.warn(message);
    if (warned.has(message)) return;
    warned.add(message);
    show(MessageType.Warning, message);
  };
  const stores = new RegionStores(warnOnce, (m) => log.info(m));
  const vcs = new VcsActivity((m) => log.info(m));
  const documents = new DocumentStore({
    onDidChangeContent: (doc) => {
      regionService.contentChanged(doc);
      validator.schedule(doc.uri);
    },
    onDidClose: (doc) => {
      regionService.closed(doc);
      validator.forget(doc.uri);
      settings.forget(doc.uri);
    },
    onListenerError: (doc, err) => log.error(`A content-change listener failed on ${doc.uri}: ${(err as Error)?.stack ?? String(err)}`),
  });
  const inform = (m: string) => show(MessageType.Info, m);
  const regionService = new RegionService({ connection, workspace, stores, vcs, settings: (uri) => settings.get(uri), engine: getEngine, log }, documents);
  const closedFiles = new ClosedFiles({
    connection, workspace, stores, vcs, diagnostics, recentRemovals: regionService.recentRemovals,
    settings: (uri) => settings.get(uri), engine: getEngine, isOpen: (filePath) => regionService.isOpen(filePath) !== undefined, log,
  });
  regionService.onClosed = (filePath, text) => closedFiles.remember(filePath, text);
  const validator = new DocumentValidator(
    { engine: getEngine, settings: (uri) => settings.get(uri), publish, inform, log, regions: regionService },
    documents, workspace, diagnostics,
  );
  const revalidate = (uri: string) => validator.revalidate(uri);
  const scanner = new WorkspaceScanner({
    connection, workspace, diagnostics, engineLocations, workerScript: locations.bundleFile,
    settings: (uri) => settings.get(uri), isOpen: (uri) => documents.get(uri) !== undefined, publish,
    warn: (m) => show(MessageType.Warning, m), log,
  });
  let dynamicConfigurationChange = false;
  let folderChangeEvents = false;
  let dynamicFileWatching = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    pullConfiguration = capabilities.workspace?.configuration === true;
    dynamicConfigurationChange = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderChangeEvents = capabilities.workspace?.workspaceFolders === true;
    dynamicFileWatching = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    stores.storagePath = (params.initializationOptions as InitializationOptions | undefined)?.storagePath || undefined;
    // Editors without a notion of trust open only what their user chose to open.
    workspace.isTrusted = (params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted !== false;
    workspace.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'AI Guard' },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfigurationChange) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    // Agents write files directly; every file event is needed to see them, whatever the client watches itself.
    if (dynamicFileWatching) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    if (folderChangeEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        workspace.changeFolders(event.added, event.removed);
        validator.revalidateAll();
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    pushedSettings = (params.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
    settings.clear();
    validator.revalidateAll();
  });

  let agentQueue: Promise<unknown> = Promise.resolve();
  connection.onDidChangeWatchedFiles((params) => {
    let affectsAnalysis = false;
    for (const change of params.changes) affectsAnalysis = workspace.fileChanged(change.uri) || affectsAnalysis;
    if (affectsAnalysis) validator.revalidateAll();
    // One file at a time, in order: an agent writing a file twice must be diffed write by write.
    agentQueue = params.changes
      .filter((change) => change.type !== FileChangeType.Deleted)
      .reduce((queue, change) => queue.then(() => {
        const filePath = fsPathOf(change.uri);
        return filePath ? closedFiles.diskChanged(filePath) : undefined;
      }).catch((err) => log.error(`Handling the disk change of ${change.uri} failed: ${(err as Error)?.stack ?? String(err)}`)), agentQueue);
  });

  // Before the didOpen it belongs to (notifications are handled in order).
  connection.onNotification(TEXT_BEFORE_OPEN_NOTIFICATION, (params: TextBeforeOpenParams) => regionService.textBeforeOpen(params.uri, params.text));
  documents.listen(connection);

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const diagnosticsVersion = validator.diagnosticsVersion(doc.uri) ?? doc.version;
    const commentPrefix = commentPrefixForPath(fsPathOf(doc.uri) ?? doc.uri, doc.fileKind);
    return codeActionsFor(params, { uri: doc.uri, diagnosticsVersion, commentPrefix });
  });

  registerRegionRequests({
    connection, service: regionService, closed: closedFiles, stores, revalidate, cliPath: path.join(locations.bundleDir, 'cli.js'),
    folders: () => workspace.allFolders().map((f) => f.path), log,
  });
  connection.onRequest(SCAN_AI_CHANGES_METHOD, (params: ScanAiChangesParams | undefined, token) =>
    scanAiChanges({ connection, workspace, stores, service: regionService, closed: closedFiles, settings: (uri) => settings.get(uri), revalidate, log }, params ?? {}, token));
  connection.onRequest(SCAN_WORKSPACE_METHOD, (params: ScanWorkspaceParams | undefined, token) => scanner.scan(params ?? {}, token));

  connection.onShutdown(async () => {
    scanner.dispose();
    vcs.dispose();
    await stores.flush();
    for (const doc of documents.all()) doc.dropSyntax();
  });

  connection.listen();
}

async function createEngine(locations: EngineLocations, show: (type: MessageType, message: string) => void, log: Logger): Promise<Engine | undefined> {
  const started = Date.now();
  try {
    const engine = await Engine.create(locations);
    log.info(`Loaded ${engine.ruleSet.rules.length} rules from ${locations.rulesDir} in ${Date.now() - started} ms.`);
    if (engine.ruleErrors.length > 0) {
      const lines = engine.ruleErrors.map(formatRuleLoadError);
      for (const line of lines) log.error(`Rule not loaded: ${line}`);
      show(MessageType.Error, `AI Guard could not load ${lines.length} rule file(s); the other rules still work. ${lines.join('; ')}`);
    }
    return engine;
  } catch (err) {
    log.error(`The analysis engine could not start: ${(err as Error)?.stack ?? String(err)}`);
    show(MessageType.Error, `AI Guard could not start its analysis engine: ${(err as Error).message} No documents are checked; see the AI Guard log.`);
    return undefined;
  }
}
