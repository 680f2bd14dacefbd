/**
 * CodeLens above each AI region: what it is and what to do with it ("AI suggestion · 2 findings ·
 * Mark verified · Not AI-generated"), and, once a person has reviewed it, when that was.
 */
import * as vscode from 'vscode';
import { commandId, type RegionInfo } from '../../../server/src/lsp/protocol';
import type { Config } from '../config';
import { toRange, type RegionState } from './regionState';

/** Arguments of the region commands when run from a CodeLens or the tree view. */
export interface RegionCommandArgs {
  uri: string;
  regionId: string;
}

export function originLabel(region: RegionInfo): string {
  return region.origin === 'agent' ? 'agent edit' : 'paste/completion';
}

export function findingsLabel(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'}`;
}

/** Local date and time of an ISO timestamp, short: "25 Nov, 14:32" (time only when it is today). */
export function localTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

export class RegionCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly state: RegionState,
    private readonly config: Config,
  ) {
    this.subscriptions = [state.onDidChange(() => this.changed.fire()), config.onDidChange(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.config.codeLensEnabled(document.uri)) return [];
    const uri = document.uri.toString();
    return this.state.regionsOf(document.uri).flatMap((region) => {
      // A region range may be stale for a moment while the server catches up with typing.
      if (region.range.start.line >= document.lineCount) return [];
      const range = new vscode.Range(toRange(region.range).start, toRange(region.range).start);
      const args: RegionCommandArgs = { uri, regionId: region.id };
      return lensesFor(region, args).map((command) => new vscode.CodeLens(range, command));
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function lensesFor(region: RegionInfo, args: RegionCommandArgs): vscode.Command[] {
  if (region.status === 'verified') {
    // The full note is in the tooltip and the tree view; a long one would push the lens off screen.
    const short = region.note && region.note.length > 60 ? `${region.note.slice(0, 59)}…` : region.note;
    const note = short ? ` — “${short}”` : '';
    return [{ title: `✓ Verified ${localTime(region.verifiedAt)}${note}`, command: commandId('showRegion'), arguments: [args],
      tooltip: `A person reviewed this ${originLabel(region)} block${region.note ? `: ${region.note}` : ''}. Editing it makes it unreviewed again.` }];
  }
  const findings = region.findings.length > 0 ? ` · ${findingsLabel(region.findings.length)}` : '';
  return [
    { title: `$(sparkle) AI suggestion (${originLabel(region)})${findings}`, command: commandId('showRegion'), arguments: [args],
      tooltip: 'Select this AI-generated block' + (region.findings.length ? ' and show its findings in the Problems panel' : '') },
    { title: 'Mark verified', command: commandId('markRegionVerified'), arguments: [args],
      tooltip: 'You reviewed this block: the pre-commit gate lets it through' },
    { title: 'Not AI-generated', command: commandId('forgetRegion'), arguments: [args],
      tooltip: 'Stop tracking this block as AI-generated' },
  ];
}
