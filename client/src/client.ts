/**
 * The language client, started lazily: the server process is spawned when the first supported
 * document is open (or a command needs it), not when the extension activates. All analysis lives
 * in the server; the client forwards documents, settings and `.aiguard.json` changes, and keeps the
 * server's health for the status bar: starting from the moment it starts the server until the server
 * reports ready or degraded (aiGuard/serverStatus), stopped when it could not start or crashed too
 * often. A client that stopped that way is never handed out again: the next start builds a new one.
 */
import * as vscode from 'vscode';
import {
  CloseAction, LanguageClient, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { describeError, fireAndForget } from '../../server/src/analysis/errors';
import { SERVER_STATUS_NOTIFICATION, type InitializationOptions, type ServerStatusParams, type StatusReason } from '../../server/src/lsp/protocol';
import type { Config } from './config';
import { DOCUMENT_SELECTOR } from './documentSelector';
import { UnseenEdits } from './unseenEdits';

/**
 * Tests only: another server script (the extension-host suite points it at servers that crash), read
 * when a client is built. Unset in normal use.
 */
const SERVER_MODULE_OVERRIDE = 'AI_GUARD_SERVER_MODULE';

/** `idle`: no server was asked for yet (it starts with the first supported document). */
export type ServerHealthState = 'idle' | 'starting' | 'ready' | 'degraded' | 'stopped';

export interface ServerHealthStatus {
  health: ServerHealthState;
  /** Why it is degraded or stopped; the server's own reasons, or the client's. */
  reasons: StatusReason[];
}

export class AiGuardClient implements vscode.Disposable {
  private starting: Promise<LanguageClient> | undefined;
  /** The client `starting` belongs to, to tell its events from those of one replaced since. */
  private current: LanguageClient | undefined;
  private status: ServerHealthStatus = { health: 'idle', reasons: [] };
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly startedEmitter = new vscode.EventEmitter<LanguageClient>();
  private readonly statusEmitter = new vscode.EventEmitter<ServerHealthStatus>();
  private readonly unseen = new UnseenEdits((doc) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0);
  /** One watcher for every client built: agents write files on disk, and each write can become an AI region. */
  private readonly fileWatcher = vscode.workspace.createFileSystemWatcher('**/*');

  /** Fires each time a server has started (again, after a restart), so features can re-attach to it. */
  readonly onDidStart = this.startedEmitter.event;
  /** Fires when the server's health changes (status bar, the extension's API). */
  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    readonly log: vscode.LogOutputChannel,
  ) {}

  get serverStatus(): ServerHealthStatus {
    return this.status;
  }

  /** Starts the server once a supported document is open and AI Guard is enabled; waits otherwise. */
  startWhenNeeded(): void {
    const maybeStart = () => {
      if (this.starting || !this.config.enabledAnywhere()) return;
      if (vscode.workspace.textDocuments.some((doc) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0)) {
        this.start().catch((err: unknown) => this.log.error(`The AI Guard server did not start: ${describeError(err)}`));
      }
    };
    this.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart), this.config.onDidChange(maybeStart));
    maybeStart();
  }

  /** The running client, starting it if needed (a new one when the last could not start or gave up). */
  start(): Promise<LanguageClient> {
    if (!this.starting) {
      const client = this.create();
      this.current = client;
      this.setStatus('starting', []);
      const starting = client.start().then(
        () => {
          this.unseen.serverRunning();
          this.startedEmitter.fire(client);
          return client;
        },
        (err: unknown) => {
          this.gaveUp(client, `The AI Guard server did not start (${describeError(err)}). See "AI Guard: Show Log", then run "AI Guard: Restart Server".`, { wasRunning: false });
          throw err;
        },
      );
      this.starting = starting;
    }
    return this.starting;
  }

  get started(): boolean {
    return this.starting !== undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    this.current = undefined;
    if (starting) {
      this.unseen.serverStopping();
      this.setStatus('idle', []);
    }
    // Wait for a start in progress, so a stop during start-up does not leave a server behind.
    const client = await starting?.catch(() => undefined);
    if (client?.needsStop()) await client.stop();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.startedEmitter.dispose();
    fireAndForget(this.stop().finally(() => this.fileWatcher.dispose()), (m) => this.log.error(m), 'Stopping the AI Guard server');
    this.statusEmitter.dispose();
    this.unseen.dispose();
  }

  private setStatus(health: ServerHealthState, reasons: StatusReason[]): void {
    this.status = { health, reasons };
    this.statusEmitter.fire(this.status);
  }

  /** `client` could not start, or crashed too often: the next start builds a new client. */
  private gaveUp(client: LanguageClient, message: string, { wasRunning }: { wasRunning: boolean }): void {
    if (this.current !== client) return;
    this.current = undefined;
    this.starting = undefined;
    // Edits made from now on reach no server; one that never ran has been watching them all along.
    if (wasRunning) this.unseen.serverStopping();
    // The library has cleaned `client` up itself (start failed, or it chose not to restart).
    this.setStatus('stopped', [{ source: 'client', message }]);
  }

  /**
   * A server that dies while starting is not restarted (it would only die again); one that crashes
   * later is restarted a few times, as the library does by default, and given up on after that.
   */
  private errorHandler(client: () => LanguageClient): ErrorHandler {
    let fallback: ErrorHandler | undefined;
    const byDefault = () => (fallback ??= client().createDefaultErrorHandler(4));
    return {
      error: (error, message, count) => byDefault().error(error, message, count),
      closed: async (): Promise<CloseHandlerResult> => {
        const lc = client();
        if (lc.state !== State.Running) {
          return { action: CloseAction.DoNotRestart, message: 'The AI Guard server stopped while starting.', handled: true };
        }
        const result = await byDefault().closed();
        if (result.action === CloseAction.DoNotRestart) {
          this.gaveUp(lc, 'The AI Guard server crashed repeatedly and was not restarted. See "AI Guard: Show Log", then run "AI Guard: Restart Server".', { wasRunning: true });
        } else if (this.current === lc) {
          this.setStatus('starting', []);
        }
        return result;
      },
    };
  }

  private create(): LanguageClient {
    const module = process.env[SERVER_MODULE_OVERRIDE] || this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = {
      workspaceTrusted: vscode.workspace.isTrusted,
      storagePath: this.context.storageUri?.fsPath,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: {
        // Every file: agents write files on disk, and their inserted hunks become AI regions. The server
        // filters (ignored paths, .git internals) and also sees .gitignore and .aiguard.json changes here.
        fileEvents: [this.fileWatcher],
      },
      outputChannel: this.log,
      initializationOptions,
      errorHandler: this.errorHandler(() => client),
      middleware: {
        didOpen: async (doc, next) => {
          await this.unseen.beforeOpen(doc, (method, params) => client.sendNotification(method, params));
          return next(doc);
        },
      },
    };
    const client = new LanguageClient('aiGuard', 'AI Guard', serverOptions, clientOptions);
    // Registered before start, so the first status cannot arrive before anyone listens.
    client.onNotification(SERVER_STATUS_NOTIFICATION, (params: ServerStatusParams) => {
      if (this.current === client) this.setStatus(params.health, params.reasons);
    });
    return client;
  }
}
