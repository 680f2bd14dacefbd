/**
 * Entry point of the server bundle. It starts the language server (transport from the command
 * line: --node-ipc from VS Code, --stdio from tests and other editors), or, when loaded as a
 * worker thread, serves workspace scans.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runScanWorker, type ScanWorkerData } from './scanWorker';
import { startServer } from './server';

if (isMainThread) {
  startServer(createConnection(ProposedFeatures.all), { bundleDir: __dirname, bundleFile: __filename });
} else if (parentPort) {
  runScanWorker(parentPort, workerData as ScanWorkerData);
}
