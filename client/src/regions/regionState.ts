/**
 * The client's copy of the server's AI regions, per file. The server owns the state and pushes every
 * change (REGIONS_CHANGED); the whole workspace is fetched when a server starts and after actions
 * that can touch closed files (scans, verification from the tree view). CodeLens, gutter, status bar
 * and tree view all read from here and redraw on `onDidChange`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  REGIONS_CHANGED_NOTIFICATION,
  WORKSPACE_REGIONS_METHOD,
  type FileRegions,
  type RegionInfo,
  type RegionsChangedParams,
  type WorkspaceRegionsResult,
} from '../../../server/src/lsp/protocol';
import type { AiGuardClient } from '../client';
import { describeError, fireAndForget } from '../../../server/src/analysis/errors';

export interface RegionTotals {
  files: number;
  regions: number;
  unverified: number;
  /** Findings inside unreviewed regions: what still needs a look. */
  findings: number;
  /** Files with at least one finding in a region. */
  filesWithFindings: number;
}

/** The key of a file: the server's URI string re-encoded the way `document.uri.toString()` spells it. */
export function uriKey(uri: string | vscode.Uri): string {
  return (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).toString();
}

export function toRange(range: RegionInfo['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * The lines a region covers, zero-based and inclusive. A block pasted with its final newline ends at
 * column 0 of the next line, which holds none of its text.
 */
export function regionLines(range: RegionInfo['range']): vscode.Range {
  const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return new vscode.Range(range.start.line, 0, last, 0);
}

export class RegionState implements vscode.Disposable {
  private files = new Map<string, FileRegions>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private attached: vscode.Disposable | undefined;

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: AiGuardClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(client.onDidStart((lc) => this.attach(lc)));
  }

  /** Regions of one file, in document order. */
  regionsOf(uri: string | vscode.Uri): RegionInfo[] {
    return this.files.get(uriKey(uri))?.regions ?? [];
  }

  region(uri: string | vscode.Uri, regionId: string): RegionInfo | undefined {
    return this.regionsOf(uri).find((r) => r.id === regionId);
  }

  /** The region containing `position` (its last line included, even past the region's end column). */
  regionAt(uri: vscode.Uri, position: vscode.Position): RegionInfo | undefined {
    return this.regionsOf(uri).find((r) => {
      const lines = regionLines(r.range);
      return position.line >= lines.start.line && position.line <= lines.end.line;
    });
  }

  /** Agent instruction files and MCP configs with findings (checked whole, regions or not), sorted by path. */
  agentFiles(): FileRegions[] {
    return [...this.files.values()].filter((f) => (f.agentFindings?.length ?? 0) > 0).sort((a, b) => a.uri.localeCompare(b.uri));
  }

  /** Files with at least one region, sorted by path. */
  allFiles(): FileRegions[] {
    return [...this.files.values()].filter((f) => f.regions.length > 0).sort((a, b) => a.uri.localeCompare(b.uri));
  }

  totals(): RegionTotals {
    const totals: RegionTotals = { files: 0, regions: 0, unverified: 0, findings: 0, filesWithFindings: 0 };
    for (const file of this.allFiles()) {
      totals.files++;
      totals.regions += file.regions.length;
      let fileFindings = 0;
      for (const region of file.regions) {
        fileFindings += region.findings.length;
        if (region.status === 'unreviewed') {
          totals.unverified++;
          totals.findings += region.findings.length;
        }
      }
      if (fileFindings > 0) totals.filesWithFindings++;
    }
    return totals;
  }

  /** Replaces the whole cache with the server's view of the workspace. Quiet when no server runs yet. */
  async refresh(): Promise<void> {
    if (!this.client.started) return;
    try {
      const lc = await this.client.start();
      const result = await lc.sendRequest<WorkspaceRegionsResult>(WORKSPACE_REGIONS_METHOD);
      this.files = new Map(result.files.map((f) => [uriKey(f.uri), f]));
      this.changed.fire();
    } catch (err) {
      this.log.warn(`Could not fetch the AI regions of the workspace: ${describeError(err)}`);
    }
  }

  dispose(): void {
    this.attached?.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private attach(lc: LanguageClient): void {
    this.attached?.dispose();
    this.attached = lc.onNotification(REGIONS_CHANGED_NOTIFICATION, (params: RegionsChangedParams) => {
      this.files.set(uriKey(params.uri), params);
      this.changed.fire();
    });
    // A (re)started server may know regions persisted from an earlier session.
    this.files.clear();
    fireAndForget(this.refresh(), (m) => this.log.warn(m), 'Fetching the AI regions');
  }
}
