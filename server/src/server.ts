/**
 * Wires the LSP connection to the engine: document sync, per-resource settings, `.aiguard.json`,
 * diagnostics, code actions, the workspace scan and AI regions (regionService for open documents,
 * closedFiles for files written on disk, regionRequests, aiChangesScan, vcsActivity for git). The
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
import { describeError, fireAndForget } from './analysis/errors';
import { commentPrefixForPath } from './analysis/languages';
import { defaultWasmDir } from './analysis/parser';
import { formatRuleLoadError } from './analysis/rules/ruleTypes';
import { codeActionsFor } from './lsp/codeActions';
import { EditorDependencies } from './lsp/dependencies';
import { DiagnosticFactory } from './lsp/diagnostics';
import { DocumentStore } from './lsp/documents';
import { ClosedFiles } from './lsp/closedFiles';
import { scanAiChanges } from './lsp/aiChangesScan';
import {
  SCAN_AI_CHANGES_METHOD, SCAN_WORKSPACE_METHOD, SERVER_STATUS_NOTIFICATION, TEXT_BEFORE_OPEN_NOTIFICATION,
  type InitializationOptions, type ScanAiChangesParams, type ScanWorkspaceParams, type TextBeforeOpenParams,
} from './lsp/protocol';
import { registerRegionRequests } from './lsp/regionRequests';
import { RegionService } from './lsp/regionService';
import { RegionStores } from './lsp/regionStores';
import { ServerStatus } from './lsp/serverStatus';
import { VcsActivity } from './lsp/vcsActivity';
import { SETTINGS_SECTION, SettingsCache } from './lsp/settings';
import { connectionLogger, type Logger } from './lsp/logger';
import { DocumentValidator } from './lsp/validator';
import { fsPathOf, Workspace } from './lsp/workspace';
import { WorkspaceScanner } from './lsp/workspaceScan';

export interface ServerLocations {
  /** Folder of the server bundle (dist/); rules and docs sit next to it in the extension. */
  bundleDir: string;
  /** The bundle itself, which also runs the scan worker. */
  bundleFile: string;
}

export function startServer(connection: Connection, locations: ServerLocations): void {
  const log = connectionLogger(connection);
  // window/showMessage (a notification): nothing here waits for the person to click anything.
  const show = (type: MessageType, message: string) =>
    fireAndForget(connection.sendNotification(ShowMessageNotification.type, { type, message }), (m) => log.error(m), 'Showing a message');
  // A bug in one handler must cost one result, not the server: log it and carry on.
  process.on('unhandledRejection', (reason) => log.error(`Unhandled rejection: ${describeError(reason, 'stack')}`));
  const engineLocations: EngineLocations = {
    rulesDir: process.env.AI_GUARD_RULES_DIR || path.join(locations.bundleDir, '..', 'rules'),
    wasmDir: defaultWasmDir(locations.bundleDir),
  };
  const diagnostics = new DiagnosticFactory(path.join(locations.bundleDir, '..', 'docs', 'rules'));
  const publish = (uri: string, version: number | undefined, items: Diagnostic[]) =>
    fireAndForget(connection.sendDiagnostics({ uri, version, diagnostics: items }), (m) => log.error(m), `Publishing the diagnostics of ${uri}`);

  const status = new ServerStatus((params) =>
    fireAndForget(connection.sendNotification(SERVER_STATUS_NOTIFICATION, params), (m) => log.error(m), 'Sending the server status'));
  let engine: Promise<Engine | undefined> | undefined;
  const getEngine = () => (engine ??= createEngine(engineLocations, show, log, status));

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
  const dependencies = new EditorDependencies({ engine: getEngine, workspace, storagePath: () => stores.storagePath, log, status });
  const documents = new DocumentStore({
    onDidChangeContent: (doc) => {
      dependencies.documentText(doc.uri, doc.text);
      regionService.contentChanged(doc);
      validator.schedule(doc.uri);
    },
    onDidClose: (doc) => {
      dependencies.documentText(doc.uri, undefined);
      regionService.closed(doc);
      validator.forget(doc.uri);
      settings.forget(doc.uri);
    },
    onListenerError: (doc, err) => log.error(`A content-change listener failed on ${doc.uri}: ${describeError(err, 'stack')}`),
  });
  const inform = (m: string) => show(MessageType.Info, m);
  const regionService = new RegionService({ connection, workspace, stores, vcs, settings: (uri) => settings.get(uri), engine: getEngine, log }, documents);
  const closedFiles = new ClosedFiles({
    connection, workspace, stores, vcs, diagnostics, recentRemovals: regionService.recentRemovals,
    settings: (uri) => settings.get(uri), engine: getEngine, isOpen: (filePath) => regionService.isOpen(filePath), log, dependencies,
  });
  regionService.onClosed = (filePath, text) => closedFiles.remember(filePath, text);
  const validator = new DocumentValidator(
    { engine: getEngine, settings: (uri) => settings.get(uri), publish, inform, log, regions: regionService, dependencies },
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
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'AI Guard' },
    };
  });

  // VS Code's http.proxy / http.proxyStrictSSL, for registry lookups.
  const pullProxySettings = () => {
    if (pullConfiguration) fireAndForget(connection.workspace.getConfiguration('http').then((http) => dependencies.setProxy(http)), (m) => log.warn(m), 'Reading VS Code\'s proxy settings');
  };

  connection.onInitialized(() => {
    // Load rules and grammars now rather than with the first document, so the client hears soon
    // that the server is ready (or what is wrong) even when it was started for a command.
    fireAndForget(getEngine(), (m) => log.error(m), 'Starting the analysis engine');
    pullProxySettings();
    if (dynamicConfigurationChange) fireAndForget(connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }), (m) => log.warn(m), 'Registering for settings changes');
    // Agents write files directly; every file event is needed to see them, whatever the client watches itself.
    if (dynamicFileWatching) fireAndForget(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }), (m) => log.warn(m), 'Registering for file changes');
    if (folderChangeEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        workspace.changeFolders(event.added, event.removed);
        dependencies.foldersChanged();
        validator.revalidateAll();
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    pushedSettings = (params.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
    if (pullConfiguration) pullProxySettings();
    else dependencies.setProxy((params.settings as Record<string, unknown> | null)?.http);
    settings.clear();
    validator.revalidateAll();
  });

  let agentQueue: Promise<unknown> = Promise.resolve();
  connection.onDidChangeWatchedFiles((params) => {
    let affectsAnalysis = false;
    for (const change of params.changes) {
      affectsAnalysis = workspace.fileChanged(change.uri) || affectsAnalysis;
      dependencies.fileChanged(change.uri);
    }
    if (affectsAnalysis) validator.revalidateAll();
    // One file at a time, in order: an agent writing a file twice must be diffed write by write.
    agentQueue = params.changes
      .filter((change) => change.type !== FileChangeType.Deleted)
      .reduce((queue, change) => queue.then(() => {
        const filePath = fsPathOf(change.uri);
        return filePath ? closedFiles.diskChanged(filePath) : undefined;
      }).catch((err) => log.error(`Handling the disk change of ${change.uri} failed: ${describeError(err, 'stack')}`)), agentQueue);
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

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const [engine, docSettings] = await Promise.all([getEngine(), settings.get(doc.uri)]);
    return docSettings.enable ? dependencies.hover(params, doc, engine, docSettings) : null;
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
    await Promise.all([stores.flush(), dependencies.dispose()]);
    for (const doc of documents.all()) doc.dropSyntax();
  });

  connection.listen();
}

/** Loads grammars and rules; what went wrong is shown, logged and reported to `status` (the status bar). */
async function createEngine(locations: EngineLocations, show: (type: MessageType, message: string) => void, log: Logger, status: ServerStatus): Promise<Engine | undefined> {
  const started = Date.now();
  try {
    const engine = await Engine.create(locations);
    log.info(`Loaded ${engine.ruleSet.rules.length} rules from ${locations.rulesDir} in ${Date.now() - started} ms.`);
    const lines = engine.ruleErrors.map(formatRuleLoadError);
    if (lines.length > 0) {
      for (const line of lines) log.error(`Rule not loaded: ${line}`);
      show(MessageType.Error, `AI Guard could not load ${lines.length} rule file(s); the other rules still work. ${lines.join('; ')}`);
    }
    status.report('rules', lines.map((line) => `Rule not loaded: ${line}`));
    return engine;
  } catch (err) {
    log.error(`The analysis engine could not start: ${describeError(err, 'stack')}`);
    show(MessageType.Error, `AI Guard could not start its analysis engine: ${describeError(err)} No documents are checked; see the AI Guard log.`);
    status.report('engine', [`The analysis engine could not start (${describeError(err)}); no documents are checked.`]);
    return undefined;
  } finally {
    status.markStarted();
  }
}
