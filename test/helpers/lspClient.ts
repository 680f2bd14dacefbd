/**
 * A minimal LSP client for protocol tests: spawns `node dist/server.js --stdio`, answers the
 * server's requests (workspace/configuration with test settings, progress creation) and turns
 * notifications into promises. Tests await the next notification instead of sleeping; the only
 * timer is a safety timeout that fails a test which would otherwise hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource, CodeActionRequest, ConfigurationRequest, createProtocolConnection, DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, ProgressType, PublishDiagnosticsNotification,
  RegistrationRequest, ShowMessageNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter, WorkDoneProgressCreateRequest,
  type CodeAction, type Command, type Diagnostic, type FileEvent, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
  type Range, type ShowMessageParams, type TextDocumentContentChangeEvent, type WorkDoneProgressBegin, type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';
import type { InitializationOptions, RegionsChangedParams, ScanWorkspaceResult, ServerStatusParams } from '../../server/src/lsp/protocol';
import { DIST } from './paths';

const SAFETY_TIMEOUT_MS = 60_000;

export interface TestClientOptions {
  /** Workspace folder (absolute path). */
  folder?: string;
  /** The `aiGuard` section returned for every workspace/configuration item. */
  settings?: Record<string, unknown>;
  initializationOptions?: InitializationOptions;
  /** Extra environment for the server process (e.g. AI_GUARD_RULES_DIR). */
  env?: Record<string, string>;
}

type Waiter<T> = { accept: (value: T) => boolean; resolve: (value: T) => void };
type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export class LspTestClient {
  /** Every window/showMessage the server sent, in order. */
  readonly messages: ShowMessageParams[] = [];
  /** Every window/logMessage line, for failure output. */
  readonly logs: string[] = [];
  /** Every publishDiagnostics per URI, in order (to check that nothing was published). */
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  settings: Record<string, unknown>;
  private readonly diagnosticWaiters: Array<Waiter<PublishDiagnosticsParams>> = [];
  private readonly messageWaiters: Array<Waiter<ShowMessageParams>> = [];
  /** Every aiGuard/regionsChanged per URI, in order. */
  private readonly regionNotices = new Map<string, RegionsChangedParams[]>();
  private readonly regionWaiters: Array<Waiter<RegionsChangedParams>> = [];
  /** Every aiGuard/serverStatus, in order. */
  readonly statuses: ServerStatusParams[] = [];
  private readonly statusWaiters: Array<Waiter<ServerStatusParams>> = [];
  private readonly versions = new Map<string, number>();
  private stderr = '';
  /** Rejects when the server process exits; every wait races against it. */
  private readonly exited: Promise<never>;
  private shuttingDown = false;

  private constructor(private readonly process: ChildProcess, private readonly connection: ProtocolConnection, options: TestClientOptions) {
    this.settings = options.settings ?? {};
    process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise<never>((_, reject) => {
      process.once('exit', (code) => {
        if (!this.shuttingDown) reject(new Error(`The server exited unexpectedly (code ${code})\n${this.transcript()}`));
      });
    });
    this.exited.catch(() => undefined); // observed by guard(); unobserved until a test waits
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, [...(this.published.get(params.uri) ?? []), params]);
      this.deliver(this.diagnosticWaiters, params);
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.deliver(this.messageWaiters, params);
    });
    connection.onNotification('aiGuard/regionsChanged', (params: RegionsChangedParams) => {
      this.regionNotices.set(params.uri, [...(this.regionNotices.get(params.uri) ?? []), params]);
      this.deliver(this.regionWaiters, params);
    });
    connection.onNotification('aiGuard/serverStatus', (params: ServerStatusParams) => {
      this.statuses.push(params);
      this.deliver(this.statusWaiters, params);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(RegistrationRequest.type, () => undefined);
  }

  static async start(options: TestClientOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [serverBundle(), '--stdio'], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options);
    connection.listen();
    const folders = options.folder ? [{ uri: pathToFileURL(options.folder).href, name: path.basename(options.folder) }] : null;
    const result: InitializeResult = await client.guard('initialize', connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders?.[0].uri ?? null,
      workspaceFolders: folders,
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } },
      initializationOptions: options.initializationOptions,
    }));
    if (!result.capabilities.textDocumentSync) throw new Error('The server did not announce text document sync');
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the next publishDiagnostics for `uri`. Call before the action that causes it. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return this.wait(this.diagnosticWaiters, (p) => p.uri === uri, `diagnostics for ${uri}`);
  }

  /** Resolves with the next aiGuard/regionsChanged for `uri` that `accept` takes. Call before the action that causes it. */
  nextRegions(uri: string, accept: (p: RegionsChangedParams) => boolean = () => true): Promise<RegionsChangedParams> {
    return this.wait(this.regionWaiters, (p) => p.uri === uri && accept(p), `regionsChanged for ${uri}`);
  }

  /** The first aiGuard/serverStatus (from now, or already received) that `accept` takes. */
  status(accept: (s: ServerStatusParams) => boolean = () => true): Promise<ServerStatusParams> {
    const seen = this.statuses.find(accept);
    return seen ? Promise.resolve(seen) : this.wait(this.statusWaiters, accept, 'an aiGuard/serverStatus');
  }

  /** All aiGuard/regionsChanged notifications for `uri` so far. */
  regionHistory(uri: string): RegionsChangedParams[] {
    return this.regionNotices.get(uri) ?? [];
  }

  /** Sends a request and fails instead of hanging when it is never answered. */
  request<T>(method: string, params: unknown): Promise<T> {
    return this.guard(method, this.connection.sendRequest<T>(method, params));
  }

  /** Resolves with the next window/showMessage that `accept` takes. */
  nextMessage(accept: (m: ShowMessageParams) => boolean = () => true): Promise<ShowMessageParams> {
    return this.wait(this.messageWaiters, accept, 'a window/showMessage');
  }

  /** Sends a notification (AI Guard's own, e.g. aiGuard/textBeforeOpen). */
  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri: string, text: string, languageId = 'javascript'): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** Sends one didChange with these changes (applied in order) and resolves with the diagnostics that follow. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return published;
  }

  /** All diagnostics published for `uri` so far. */
  history(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async close(uri: string): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return published;
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<CodeAction | Command>> {
    const result = await this.guard('textDocument/codeAction', this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } }));
    return result ?? [];
  }

  /** Replaces the test settings and tells the server they changed (pull model: settings null). */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Runs aiGuard/scanWorkspace with a client-created progress token; collects that token's progress. */
  async scanWorkspace(options: { cancelImmediately?: boolean } = {}): Promise<{ result: ScanWorkspaceResult; progress: ProgressValue[] }> {
    const token = `scan-${Date.now()}`;
    const progress: ProgressValue[] = [];
    const ended = new Promise<void>((resolve) => {
      this.connection.onProgress(new ProgressType<ProgressValue>(), token, (value) => {
        progress.push(value);
        if (value.kind === 'end') resolve();
      });
    });
    const cancellation = new CancellationTokenSource();
    const request = this.connection.sendRequest<ScanWorkspaceResult>('aiGuard/scanWorkspace', { workDoneToken: token }, cancellation.token);
    if (options.cancelImmediately) cancellation.cancel();
    const result = await this.guard('aiGuard/scanWorkspace', request);
    await this.guard('the end of scan progress', ended);
    return { result, progress };
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.process.exitCode !== null) {
      this.connection.dispose(); // already gone; the failing test has reported why
      return;
    }
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    await this.guard('shutdown', this.connection.sendRequest(ShutdownRequest.type));
    await this.connection.sendNotification(ExitNotification.type);
    await this.guard('server exit', exited);
    this.connection.dispose();
  }

  /** Server stderr and log, for assertion messages. */
  transcript(): string {
    // Lines are cut short: a crash in a minified bundle prints a source line of megabytes.
    const clip = (text: string) => text.split('\n').map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line)).join('\n');
    return `--- server log ---\n${clip(this.logs.join('\n'))}\n--- stderr ---\n${clip(this.stderr)}`;
  }

  private wait<T>(waiters: Array<Waiter<T>>, accept: (value: T) => boolean, what: string): Promise<T> {
    return this.guard(what, new Promise<T>((resolve) => waiters.push({ accept, resolve })));
  }

  private deliver<T>(waiters: Array<Waiter<T>>, value: T): void {
    const index = waiters.findIndex((w) => w.accept(value));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(value);
  }

  /** Fails instead of hanging when the server never answers. */
  private guard<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}\n${this.transcript()}`)), SAFETY_TIMEOUT_MS);
    });
    const raced = this.shuttingDown ? [promise, timeout] : [promise, timeout, this.exited];
    return Promise.race(raced).finally(() => clearTimeout(timer));
  }
}

/** dist/server.js, or the bundle named by AI_GUARD_SERVER (to test another build, e.g. an unpacked .vsix). */
function serverBundle(): string {
  return process.env.AI_GUARD_SERVER || path.join(DIST, 'server.js');
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
