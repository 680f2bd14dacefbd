/**
 * AI Guard's status bar item: the server's health and the count of unverified AI regions in one place.
 *
 * - starting: from the moment the client starts the server until the server reports in ("AI Guard:
 *   starting…"), so the first paste of a session shows a sign of life;
 * - ready: the region count ("AI: 2 unverified · 1 finding"), or "AI Guard" when nothing waits;
 * - degraded: the same count with a warning mark, the reasons in the tooltip (a rule file that did
 *   not load, the engine that could not start, …);
 * - stopped: the server could not start or crashed too often; a click restarts it.
 *
 * The tooltip links to Show Log and Restart Server; otherwise a click opens the AI Changes view.
 */
import * as vscode from 'vscode';
import { commandId } from '../../server/src/lsp/protocol';
import type { AiGuardClient, ServerHealthStatus } from './client';
import type { RegionState, RegionTotals } from './regions/regionState';
import { AI_CHANGES_VIEW } from './regions/treeView';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly regions: RegionState, private readonly client: AiGuardClient) {
    this.item = vscode.window.createStatusBarItem('aiGuard.regions', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'AI Guard';
    this.subscriptions = [regions.onDidChange(() => this.update()), client.onDidChangeStatus(() => this.update())];
    this.update();
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private update(): void {
    const status = this.client.serverStatus;
    const totals = this.regions.totals();
    const view = { title: 'Show AI Changes', command: `${AI_CHANGES_VIEW}.focus` };
    switch (status.health) {
      case 'starting':
        this.show('$(sync~spin) AI Guard: starting…', 'AI Guard is starting its language server.', status, undefined, view);
        return;
      case 'stopped':
        this.show('$(error) AI Guard: stopped', 'AI Guard\'s language server is not running: nothing is checked. Click to restart it.', status,
          new vscode.ThemeColor('statusBarItem.errorBackground'), { title: 'Restart Server', command: commandId('restartServer') });
        return;
      case 'degraded': {
        const text = regionText(totals);
        this.show(`$(warning) ${text.text.replace('$(shield) ', '')}`, `AI Guard works, but not fully. ${text.tooltip}`, status,
          new vscode.ThemeColor('statusBarItem.warningBackground'), view);
        return;
      }
      default: {
        const text = regionText(totals);
        const background = totals.findings > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        this.show(text.text, text.tooltip, status, background, view);
      }
    }
  }

  private show(text: string, summary: string, status: ServerHealthStatus, background: vscode.ThemeColor | undefined, command: vscode.Command): void {
    this.item.text = text;
    this.item.backgroundColor = background;
    this.item.command = command;
    this.item.tooltip = tooltip(summary, status);
  }
}

/** The region count as the status bar shows it when the server works. */
function regionText(t: RegionTotals): { text: string; tooltip: string } {
  if (t.unverified === 0 && t.findings === 0) {
    return {
      text: '$(shield) AI Guard',
      tooltip: t.regions > 0
        ? `All ${t.regions} AI-generated block${t.regions === 1 ? ' is' : 's are'} verified. Click to show AI Changes.`
        : 'No unverified AI-generated code. Click to show AI Changes.',
    };
  }
  return {
    text: `$(shield) AI: ${t.unverified} unverified · ${plural(t.findings, 'finding')}`,
    tooltip: `${plural(t.unverified, 'AI-generated block')} not yet reviewed in ${plural(t.files, 'file')}, with ${plural(t.findings, 'finding')}. Click to show AI Changes.`,
  };
}

function tooltip(summary: string, status: ServerHealthStatus): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = { enabledCommands: [commandId('showLog'), commandId('restartServer')] };
  markdown.appendText(`AI Guard: ${summary}`);
  for (const reason of status.reasons) {
    markdown.appendMarkdown('\n\n- ');
    markdown.appendText(reason.message);
  }
  markdown.appendMarkdown(`\n\n[Show Log](command:${commandId('showLog')}) · [Restart Server](command:${commandId('restartServer')})`);
  return markdown;
}
