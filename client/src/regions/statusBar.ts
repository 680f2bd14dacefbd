/** The status bar count of unverified AI regions and their findings; a click opens the AI Changes view. */
import * as vscode from 'vscode';
import type { RegionState } from './regionState';
import { AI_CHANGES_VIEW } from './treeView';

export class RegionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: RegionState) {
    this.item = vscode.window.createStatusBarItem('aiGuard.regions', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'AI Guard';
    this.item.command = `${AI_CHANGES_VIEW}.focus`;
    this.subscription = state.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    const t = this.state.totals();
    if (t.unverified === 0 && t.findings === 0) {
      this.item.text = '$(shield) AI Guard';
      this.item.tooltip = t.regions > 0
        ? `AI Guard: all ${t.regions} AI-generated block${t.regions === 1 ? ' is' : 's are'} verified. Click to show AI Changes.`
        : 'AI Guard: no unverified AI-generated code. Click to show AI Changes.';
      this.item.backgroundColor = undefined;
      return;
    }
    this.item.text = `$(shield) AI: ${t.unverified} unverified · ${t.findings} finding${t.findings === 1 ? '' : 's'}`;
    this.item.tooltip = `AI Guard: ${t.unverified} AI-generated block${t.unverified === 1 ? '' : 's'} not yet reviewed in ${t.files} file${t.files === 1 ? '' : 's'}, ` +
      `with ${t.findings} finding${t.findings === 1 ? '' : 's'}. Click to show AI Changes.`;
    this.item.backgroundColor = t.findings > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}
