/**
 * The workspace scan's worker thread. Scanning thousands of files is synchronous work; on the
 * server's own thread it would stall live diagnostics and leave no moment in which a cancellation
 * could arrive. Here it runs beside the server, streams one message per file, and polls a shared
 * flag for cancellation. The worker lives on between scans so the engine (rule compilation takes
 * seconds) is built once. It uses the same scanner as the CLI, so both skip and report alike.
 */
import type { MessagePort } from 'node:worker_threads';
import { DEFAULT_CONFIG } from './analysis/config';
import { Engine, type EngineLocations } from './analysis/engine';
import { describeError } from './analysis/errors';
import { scanPaths, type SkippedFile } from './analysis/scanner';
import type { Finding } from './analysis/types';
import { effectiveConfig, type DocumentSettings } from './lsp/settings';

export interface ScanWorkerData {
  engine: EngineLocations;
}

export interface ScanFolderJob {
  path: string;
  settings: DocumentSettings;
}

export interface ScanRequest {
  id: number;
  folders: ScanFolderJob[];
  /** Untrusted workspaces ignore `.aiguard.json`, as in the editor. */
  trusted: boolean;
  /** Int32 flag: 1 once the scan is cancelled. */
  cancel: SharedArrayBuffer;
}

export type ScanWorkerMessage = { id: number } & (
  | { type: 'progress'; done: number; path: string }
  | { type: 'file'; path: string; findings: Finding[] }
  | { type: 'done'; filesScanned: number; skipped: SkippedFile[]; configErrors: string[]; cancelled: boolean }
  | { type: 'failed'; message: string }
);

export function runScanWorker(port: MessagePort, data: ScanWorkerData): void {
  const engine = Engine.create(data.engine);
  // Requests run one after another: each scan is synchronous once the engine exists.
  port.on('message', (request: ScanRequest) => {
    // A failure to build the engine or in the scan itself answers this request; the worker stays up.
    engine
      .then((e) => port.postMessage(scan(e, request, (m) => port.postMessage(m))))
      .catch((err: unknown) => port.postMessage({ id: request.id, type: 'failed', message: describeError(err) } satisfies ScanWorkerMessage));
  });
}

function scan(engine: Engine, request: ScanRequest, post: (message: ScanWorkerMessage) => void): ScanWorkerMessage {
  const { id } = request;
  const cancelled = new Int32Array(request.cancel);
  const isCancelled = () => Atomics.load(cancelled, 0) === 1;
  const total = { filesScanned: 0, skipped: [] as SkippedFile[], configErrors: [] as string[], cancelled: false };
  let doneBefore = 0;
  for (const folder of request.folders) {
    if (!folder.settings.enable) continue;
    const summary = scanPaths(engine, [folder.path], {
      cwd: folder.path,
      maxBytes: folder.settings.maxFileSizeKb * 1024,
      adjustConfig: (config) => effectiveConfig(request.trusted ? config : DEFAULT_CONFIG, folder.settings),
      isCancelled,
      onProgress: (done, file) => post({ id, type: 'progress', done: doneBefore + done, path: file }),
      onFileScanned: (result) => post({ id, type: 'file', path: result.path, findings: result.findings }),
    });
    doneBefore += summary.filesScanned + summary.skipped.length;
    total.filesScanned += summary.filesScanned;
    total.skipped.push(...summary.skipped);
    if (request.trusted) total.configErrors.push(...summary.configErrors.filter((e) => !total.configErrors.includes(e)));
    if (summary.cancelled) {
      total.cancelled = true;
      break;
    }
  }
  return { id, type: 'done', ...total };
}
