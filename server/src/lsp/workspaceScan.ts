/**
 * `aiGuard/scanWorkspace`: scans every workspace folder on disk in a worker thread, reports
 * work-done progress (the client's token, or one the server creates), honours cancellation from
 * either side, and publishes diagnostics for the files it finds problems in. Open documents are
 * left to live analysis, whose diagnostics describe the unsaved text.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CancellationToken, Connection, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { EngineLocations } from '../analysis/engine';
import type { Finding } from '../analysis/types';
import type { ScanFolderJob, ScanRequest, ScanWorkerData, ScanWorkerMessage } from '../scanWorker';
import type { DiagnosticFactory } from './diagnostics';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from './protocol';
import type { DocumentSettings } from './settings';
import type { Logger } from './logger';
import type { Workspace } from './workspace';
import { describeError, fireAndForget } from '../analysis/errors';

export interface WorkspaceScanHost {
  connection: Connection;
  workspace: Workspace;
  diagnostics: DiagnosticFactory;
  engineLocations: EngineLocations;
  /** The script that starts a scan worker (the server bundle itself). */
  workerScript: string;
  settings(uri: string): Promise<DocumentSettings>;
  isOpen(uri: string): boolean;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  warn(message: string): void;
  log: Logger;
}

/** A client-token reporter, or a server-created one with its own cancel button (`token`). */
type ScanProgress = WorkDoneProgressReporter & { token?: CancellationToken };

/** Progress messages are rate-limited: a report per file would flood the client on large folders. */
const PROGRESS_INTERVAL_MS = 100;

export class WorkspaceScanner {
  /** Files whose diagnostics came from a scan (not from live analysis), to clear them on the next one. */
  private readonly scanPublished = new Set<string>();
  private running: { cancel(): void } | undefined;
  private worker: Worker | undefined;
  private lastId = 0;

  constructor(private readonly host: WorkspaceScanHost) {}

  async scan(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanWorkspaceResult> {
    this.running?.cancel(); // a new scan supersedes an old one
    const progress = await this.progressFor(params);
    const folders: ScanFolderJob[] = await Promise.all(
      this.host.workspace.allFolders().map(async (f) => ({ path: f.path, settings: await this.host.settings(f.uri) })),
    );
    progress.begin('AI Guard: scanning the workspace', undefined, `${folders.length} folder(s)`, true);
    try {
      if (token.isCancellationRequested || progress.token?.isCancellationRequested) {
        return { filesScanned: 0, findings: 0, filesWithFindings: 0, skipped: 0, cancelled: true };
      }
      return await this.runWorker(folders, progress, token);
    } finally {
      progress.done();
    }
  }

  private async progressFor(params: ScanWorkspaceParams): Promise<ScanProgress> {
    const window = this.host.connection.window;
    if (params.workDoneToken !== undefined) return window.attachWorkDoneProgress(params.workDoneToken);
    try {
      return await window.createWorkDoneProgress();
    } catch (err) {
      this.host.log.warn(`Could not create scan progress (${describeError(err)}); scanning without it.`);
      return window.attachWorkDoneProgress(undefined);
    }
  }

  private runWorker(folders: ScanFolderJob[], progress: ScanProgress, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const worker = this.workerThread();
    const request: ScanRequest = { id: ++this.lastId, folders, trusted: this.host.workspace.isTrusted, cancel: new SharedArrayBuffer(4) };
    const cancel = () => Atomics.store(new Int32Array(request.cancel), 0, 1);
    const running = { cancel };
    this.running = running;
    const counts = { findings: 0, filesWithFindings: 0 };
    const scanned = new Set<string>();
    let lastReport = 0;

    return new Promise<ScanWorkspaceResult>((resolve, reject) => {
      const onMessage = (message: ScanWorkerMessage) => {
        if (message.id !== request.id) return;
        switch (message.type) {
          case 'progress': {
            const now = Date.now();
            if (now - lastReport >= PROGRESS_INTERVAL_MS) {
              lastReport = now;
              progress.report(`${message.done} files · ${this.displayPath(message.path)}`);
            }
            break;
          }
          case 'file':
            if (message.findings.length > 0) {
              counts.findings += message.findings.length;
              counts.filesWithFindings++;
            }
            scanned.add(this.publishScanned(message.path, message.findings));
            break;
          case 'done':
            if (!message.cancelled) this.clearUnscanned(scanned);
            for (const s of message.skipped) this.host.log.info(`Scan skipped ${s.path}: ${s.reason}`);
            if (message.configErrors.length > 0) this.host.warn(`AI Guard's configuration has problems:\n${message.configErrors.join('\n')}`);
            finish(() => resolve({ filesScanned: message.filesScanned, ...counts, skipped: message.skipped.length, cancelled: message.cancelled }));
            break;
          case 'failed':
            finish(() => reject(new Error(`The workspace scan could not start: ${message.message}`)));
            break;
        }
      };
      const onExit = (code: number) => finish(() => reject(new Error(`The workspace scan stopped unexpectedly (exit code ${code}); see the AI Guard log.`)));
      const subscriptions = [token.onCancellationRequested(cancel), progress.token?.onCancellationRequested(cancel)];
      const finish = (settle: () => void) => {
        worker.off('message', onMessage).off('exit', onExit);
        for (const s of subscriptions) s?.dispose();
        if (this.running === running) this.running = undefined;
        settle();
      };
      worker.on('message', onMessage).on('exit', onExit);
      worker.postMessage(request);
    });
  }

  /** Stops the scan worker (server shutdown). */
  dispose(): void {
    this.running?.cancel();
    fireAndForget(this.worker?.terminate(), (m) => this.host.log.warn(m), 'Stopping the scan worker');
    this.worker = undefined;
  }

  /** One worker, started on the first scan and kept, so the engine is built once. */
  private workerThread(): Worker {
    if (!this.worker) {
      const data: ScanWorkerData = { engine: this.host.engineLocations };
      const worker = new Worker(this.host.workerScript, { workerData: data });
      worker.unref(); // an idle worker must not keep the server process alive
      worker.on('error', (err) => this.host.log.error(`The scan worker failed: ${err.stack ?? err.message}`));
      worker.on('exit', () => {
        if (this.worker === worker) this.worker = undefined;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Publishes a scanned file's findings unless the editor has it open; returns its URI. */
  private publishScanned(filePath: string, findings: Finding[]): string {
    const uri = pathToFileURL(filePath).href;
    if (this.host.isOpen(uri)) return uri;
    if (findings.length > 0) {
      this.scanPublished.add(uri);
      this.host.publish(uri, undefined, findings.map((f) => this.host.diagnostics.toDiagnostic(f, uri)));
    } else if (this.scanPublished.delete(uri)) {
      this.host.publish(uri, undefined, []);
    }
    return uri;
  }

  /** Files an earlier scan reported that this complete scan no longer saw (deleted, now excluded). */
  private clearUnscanned(scanned: ReadonlySet<string>): void {
    for (const uri of this.scanPublished) {
      if (scanned.has(uri)) continue;
      this.scanPublished.delete(uri);
      if (!this.host.isOpen(uri)) this.host.publish(uri, undefined, []); // an open one shows live results
    }
  }

  private displayPath(filePath: string): string {
    const folder = this.host.workspace.folderOf(filePath);
    return folder ? path.relative(folder.path, filePath) : filePath;
  }
}
