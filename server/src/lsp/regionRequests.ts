/**
 * The region requests of protocol.ts: verify a region or a file, forget a region ("Not
 * AI-generated"), list every tracked region, install the pre-commit gate. Open documents are
 * changed through the RegionService (then re-validated, which sends regionsChanged); closed files
 * through ClosedFiles (which re-scans and publishes).
 */
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { HookInstallError, installPreCommitHook } from '../analysis/gitHooks';
import type { DocumentRegions } from '../analysis/regions';
import type { ClosedFiles } from './closedFiles';
import {
  FORGET_REGION_METHOD, INSTALL_GATE_METHOD, VERIFY_FILE_METHOD, VERIFY_REGION_METHOD, WORKSPACE_REGIONS_METHOD,
  type FileRegions, type ForgetRegionParams, type InstallGateParams, type InstallGateResult, type RegionActionResult,
  type VerifyFileParams, type VerifyRegionParams, type WorkspaceRegionsResult,
} from './protocol';
import { fileRegions } from './regionScope';
import type { RegionStores } from './regionStores';
import type { RegionService } from './regionService';
import type { Logger } from './logger';
import { fsPathOf } from './workspace';
import { describeError } from '../analysis/errors';

export interface RegionRequestsHost {
  connection: Connection;
  service: RegionService;
  closed: ClosedFiles;
  stores: RegionStores;
  /** Re-runs an open document's validation now (publishes diagnostics and regionsChanged). */
  revalidate(uri: string): Promise<void>;
  /** The CLI bundle the hook runs (dist/cli.js). */
  cliPath: string;
  /** Workspace folder paths: their stores are read even before a file of theirs is opened. */
  folders(): string[];
  log: Logger;
}

const UNKNOWN_REGION = 'That AI region is no longer tracked (its text was deleted or changed); refresh the view and try again.';

export function registerRegionRequests(host: RegionRequestsHost): void {
  const { connection } = host;
  connection.onRequest(VERIFY_REGION_METHOD, (p: VerifyRegionParams) =>
    change(host, p.uri, (regions) => (regions.verify(p.regionId, { note: p.note }) ? { changed: 1 } : { changed: 0, error: UNKNOWN_REGION })));
  connection.onRequest(VERIFY_FILE_METHOD, (p: VerifyFileParams) =>
    change(host, p.uri, (regions) => {
      const ids = regions.regions.filter((r) => r.status === 'unreviewed').map((r) => r.id);
      for (const id of ids) regions.verify(id, { note: p.note });
      return { changed: ids.length };
    }));
  connection.onRequest(FORGET_REGION_METHOD, (p: ForgetRegionParams) =>
    change(host, p.uri, (regions) => (regions.forget(p.regionId) ? { changed: 1 } : { changed: 0, error: UNKNOWN_REGION })));
  connection.onRequest(WORKSPACE_REGIONS_METHOD, () => workspaceRegions(host));
  connection.onRequest(INSTALL_GATE_METHOD, (p: InstallGateParams) => installGate(host, p));
}

async function change(host: RegionRequestsHost, uri: string, action: (regions: DocumentRegions) => RegionActionResult): Promise<RegionActionResult> {
  const open = await host.service.act(uri, action);
  if (open) {
    if (open.changed > 0) await host.revalidate(uri);
    return open;
  }
  const filePath = fsPathOf(uri);
  if (!filePath) return { changed: 0, error: 'AI Guard tracks regions only in files on disk or open documents.' };
  return host.closed.act(filePath, action);
}

async function workspaceRegions(host: RegionRequestsHost): Promise<WorkspaceRegionsResult> {
  const files: FileRegions[] = [];
  const openPaths = new Set<string>();
  for (const folder of host.folders()) await host.stores.storeOf(host.stores.locate(path.join(folder, '.aiguard.json')));
  for (const file of host.service.openFiles()) {
    if (file.filePath) openPaths.add(file.filePath);
    const info = fileRegions(file.uri, file.filePath, file.text, file.regions.regions, file.findings);
    if (info.regions.length > 0 || info.agentFindings) files.push(info);
  }
  for (const { file, store } of await host.stores.openStores()) {
    if (!file) continue;
    for (const key of store.paths()) {
      const filePath = host.stores.pathOf(file, key);
      if (openPaths.has(filePath)) continue;
      openPaths.add(filePath);
      const regions = await host.closed.fileRegions(filePath);
      if (regions) files.push(regions);
    }
  }
  for (const filePath of host.closed.agentFilesWithFindings()) {
    if (openPaths.has(filePath)) continue;
    const regions = await host.closed.fileRegions(filePath);
    if (regions) files.push(regions);
  }
  return { files: files.sort((a, b) => a.uri.localeCompare(b.uri)) };
}

function installGate(host: RegionRequestsHost, params: InstallGateParams): InstallGateResult {
  const target = fsPathOf(params.uri);
  if (!target) return { ok: false, message: 'Pick a folder on disk to install the AI Guard pre-commit gate in.' };
  try {
    const result = installPreCommitHook(target, host.cliPath);
    host.log.info(`Pre-commit gate: ${result.action} ${result.hookPath}.`);
    return { ok: true, hookPath: result.hookPath, message: result.message };
  } catch (err) {
    if (err instanceof HookInstallError) return { ok: false, message: err.message };
    host.log.error(`Installing the pre-commit gate failed: ${describeError(err, 'stack')}`);
    return { ok: false, message: `AI Guard could not install the pre-commit gate: ${describeError(err)}. See the AI Guard log.` };
  }
}
