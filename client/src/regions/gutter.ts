/**
 * A gutter bar and an overview-ruler mark on every unreviewed AI region of the visible editors.
 * Verified regions get none: the marks show what is still waiting for a person.
 */
import * as vscode from 'vscode';
import type { Config } from '../config';
import { regionLines, type RegionState } from './regionState';

export class RegionGutter implements vscode.Disposable {
  private readonly decoration: vscode.TextEditorDecorationType;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    context: vscode.ExtensionContext,
    private readonly state: RegionState,
    private readonly config: Config,
  ) {
    this.decoration = vscode.window.createTextEditorDecorationType({
      gutterIconPath: context.asAbsolutePath('resources/ai-region.svg'),
      gutterIconSize: 'contain',
      isWholeLine: true,
      overviewRulerColor: 'rgba(214, 158, 46, 0.7)',
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.subscriptions = [
      state.onDidChange(() => this.updateAll()),
      config.onDidChange(() => this.updateAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateAll()),
    ];
    this.updateAll();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decoration.dispose();
  }

  private updateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    const uri = editor.document.uri;
    const ranges = this.config.gutterEnabled(uri)
      ? this.state.regionsOf(uri).filter((r) => r.status === 'unreviewed').map((r) => regionLines(r.range))
      : [];
    editor.setDecorations(this.decoration, ranges);
  }
}
