/**
 * `aiGuard/scanAiChanges`: "Scan AI Changes". Per workspace folder in git, every uncommitted change
 * (tracked changes against HEAD plus untracked files that are not ignored) is diffed against HEAD;
 * inserted hunks over the detection threshold that no tracked region covers yet become `agent`
 * regions. Then every file with regions in the folder is scanned (region spans only) and published.
 * Folders outside git get the second step only and are listed in `foldersWithoutGit`.
 *
 * The loop runs on the server thread in small steps, yielding with setImmediate between files, so
 * didChange and cancellation keep flowing; region scans are span-scoped and cheap.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { isAgentFile } from '../analysis/content/agentFiles';
import { changedFiles, fileAtRevision } from '../analysis/git';
import { diffInsertedHunks, type DocumentRegions } from '../analysis/regions';
import { spansIntersect } from '../analysis/regions/text';
import { isCandidate, type ClosedFiles } from './closedFiles';
import type { ScanAiChangesParams, ScanAiChangesResult } from './protocol';
import { excludedFromDetection } from './regionScope';
import type { RegionStores } from './regionStores';
import type { RegionService } from './regionService';
import type { DocumentSettings } from './settings';
import type { Logger } from './logger';
import type { Workspace } from './workspace';
import { describeError } from '../analysis/errors';

export interface AiChangesScanHost {
  connection: Connection;
  workspace: Workspace;
  stores: RegionStores;
  service: RegionService;
  closed: ClosedFiles;
  settings(uri: string): Promise<DocumentSettings>;
  revalidate(uri: string): Promise<void>;
  log: Logger;
}

type Progress = WorkDoneProgressReporter & { token?: CancellationToken };

export async function scanAiChanges(host: AiChangesScanHost, params: ScanAiChangesParams, token: CancellationToken): Promise<ScanAiChangesResult> {
  const result: ScanAiChangesResult = { filesScanned: 0, regions: 0, unverifiedRegions: 0, newRegions: 0, findings: 0, foldersWithoutGit: [], cancelled: false };
  const progress = await progressFor(host, params);
  const cancelled = () => token.isCancellationRequested || progress.token?.isCancellationRequested === true;
  progress.begin('AI Guard: scanning AI changes', 0, undefined, true);
  try {
    const folders = host.workspace.allFolders();
    for (const [index, folder] of folders.entries()) {
      const inFolder = (file: string) => !path.relative(folder.path, file).startsWith('..');
      const repo = host.stores.repositoryOf(path.join(folder.path, '.aiguard.json'));
      const settings = await host.settings(folder.uri);
      const changedAgentFiles: string[] = [];
      if (repo) {
        const candidates = changedFiles(repo).filter((f) => inFolder(f) && isCandidate(f) && !excludedFromDetection(f, settings, host.workspace, repo.root));
        changedAgentFiles.push(...candidates.filter((f) => isAgentFile(f)));
        for (const file of candidates) {
          if (cancelled()) return { ...result, cancelled: true };
          await yieldToEvents();
          progress.report(`${path.relative(folder.path, file)}`);
          const head = fileAtRevision(repo, 'HEAD', file) ?? '';
          result.newRegions += await addUntracked(host, file, head);
        }
      } else {
        result.foldersWithoutGit.push(folder.path);
      }
      const withRegions = await filesWithRegions(host, inFolder);
      for (const file of withRegions) {
        if (cancelled()) return { ...result, cancelled: true };
        await yieldToEvents();
        await scanOne(host, file, result);
      }
      // Changed agent files are checked whole even when the change made no region (one added line).
      for (const file of changedAgentFiles.filter((f) => !withRegions.includes(f))) {
        if (cancelled()) return { ...result, cancelled: true };
        await yieldToEvents();
        result.findings += await scanAgentFile(host, file);
      }
      progress.report(Math.round(((index + 1) / Math.max(folders.length, 1)) * 100));
    }
    host.log.info(`Scan AI Changes: ${result.newRegions} new region(s), ${result.regions} in ${result.filesScanned} file(s), ${result.findings} finding(s).`);
    return result;
  } finally {
    progress.done();
  }
}

/** Adds `agent` regions for inserted hunks (vs HEAD) that no tracked region covers; returns how many. */
async function addUntracked(host: AiChangesScanHost, file: string, head: string): Promise<number> {
  let added = 0;
  const action = (regions: DocumentRegions) => {
    for (const span of diffInsertedHunks(head, regions.text, regions.settings)) {
      if (regions.regions.some((r) => spansIntersect(r.span, span))) continue;
      added += regions.addRegion(span, 'agent').length;
    }
    return { changed: added };
  };
  const uri = pathToFileURL(file).href;
  const open = await host.service.act(uri, action);
  if (!open) await host.closed.act(file, action);
  return added;
}

/** Files of a folder with tracked regions: open documents and what the stores hold. */
async function filesWithRegions(host: AiChangesScanHost, inFolder: (file: string) => boolean): Promise<string[]> {
  const files = new Set<string>();
  for (const open of host.service.openFiles()) if (open.filePath && inFolder(open.filePath) && open.regions.regions.length > 0) files.add(open.filePath);
  for (const { file, store } of await host.stores.openStores()) {
    if (!file) continue;
    for (const key of store.paths()) {
      const filePath = host.stores.pathOf(file, key);
      if (inFolder(filePath)) files.add(filePath);
    }
  }
  return [...files].sort();
}

async function scanOne(host: AiChangesScanHost, file: string, result: ScanAiChangesResult): Promise<void> {
  const uri = pathToFileURL(file).href;
  let regions: DocumentRegions | undefined;
  let findings = 0;
  const open = host.service.openFiles().find((f) => f.filePath === file);
  if (open) {
    await host.revalidate(uri);
    const now = host.service.openFiles().find((f) => f.filePath === file);
    regions = now?.regions;
    findings = now?.findings.length ?? 0;
  } else {
    const loaded = await host.closed.load(file);
    if (!loaded) return;
    regions = loaded.regions;
    findings = (await host.closed.scanAndPublish(loaded.location, loaded.regions)).length;
  }
  if (!regions || regions.regions.length === 0) return;
  result.filesScanned++;
  result.regions += regions.regions.length;
  result.unverifiedRegions += regions.regions.filter((r) => r.status === 'unreviewed').length;
  result.findings += findings;
}

async function scanAgentFile(host: AiChangesScanHost, file: string): Promise<number> {
  const uri = pathToFileURL(file).href;
  const open = host.service.openFiles().find((f) => f.filePath === file);
  if (open) {
    await host.revalidate(uri);
    return host.service.openFiles().find((f) => f.filePath === file)?.findings.length ?? 0;
  }
  const loaded = await host.closed.load(file);
  return loaded ? (await host.closed.scanAndPublish(loaded.location, loaded.regions)).length : 0;
}

async function progressFor(host: AiChangesScanHost, params: ScanAiChangesParams): Promise<Progress> {
  const window = host.connection.window;
  if (params.workDoneToken !== undefined) return window.attachWorkDoneProgress(params.workDoneToken);
  try {
    return await window.createWorkDoneProgress();
  } catch (err) {
    host.log.warn(`Could not create progress for Scan AI Changes (${describeError(err)}); scanning without it.`);
    return window.attachWorkDoneProgress(undefined);
  }
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
