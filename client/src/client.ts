/**
 * The language client, started lazily: the server process is spawned when the first supported
 * document is open (or a command needs it), not when the extension activates. All analysis lives
 * in the server; the client forwards documents, settings and `.aiguard.json` changes.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/lsp/protocol';
import type { Config } from './config';
import { DOCUMENT_SELECTOR } from './documentSelector';
import { UnseenEdits } from './unseenEdits';

export class AiGuardClient implements vscode.Disposable {
  private starting: Promise<LanguageClient> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly startedEmitter = new vscode.EventEmitter<LanguageClient>();
  private readonly unseen = new UnseenEdits((doc) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0);

  /** Fires each time a server has started (again, after a restart), so features can re-attach to it. */
  readonly onDidStart = this.startedEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts the server once a supported document is open and AI Guard is enabled; waits otherwise. */
  startWhenNeeded(): void {
    const maybeStart = () => {
      if (this.starting || !this.config.enabledAnywhere()) return;
      if (vscode.workspace.textDocuments.some((doc) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0)) {
        this.start().catch((err: unknown) => this.log.error(`The AI Guard server did not start: ${String(err)}`));
      }
    };
    this.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart), this.config.onDidChange(maybeStart));
    maybeStart();
  }

  /** The running client, starting it if needed. */
  start(): Promise<LanguageClient> {
    if (!this.starting) {
      const client = this.create();
      const starting = client.start().then(
        () => {
          this.unseen.serverRunning();
          this.startedEmitter.fire(client);
          return client;
        },
        (err: unknown) => {
          if (this.starting === starting) this.starting = undefined; // let the next command try again
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
    if (starting) this.unseen.serverStopping();
    // Wait for a start in progress, so a stop during start-up does not leave a server behind.
    const client = await starting?.catch(() => undefined);
    if (client?.needsStop()) await client.stop();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.startedEmitter.dispose();
    void this.stop();
    this.unseen.dispose();
  }

  private create(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
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
        fileEvents: [vscode.workspace.createFileSystemWatcher('**/*')],
      },
      outputChannel: this.log,
      initializationOptions,
      middleware: {
        didOpen: async (doc, next) => {
          await this.unseen.beforeOpen(doc, (method, params) => client.sendNotification(method, params));
          return next(doc);
        },
      },
    };
    const client = new LanguageClient('aiGuard', 'AI Guard', serverOptions, clientOptions);
    return client;
  }
}
