/**
 * One typed view of the `aiGuard.*` settings for the client, with a change event. The server reads
 * the same settings per document itself (workspace/configuration), and the language client
 * applies `aiGuard.trace.server`; the client itself only needs to know whether AI Guard is on and how to
 * present AI regions.
 */
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from '../../server/src/analysis/settingDefaults';

export const SECTION = 'aiGuard';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  private readonly subscription: vscode.Disposable;

  /** Fires when any `aiGuard.*` setting changes, in any scope. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) this.changed.fire(event);
    });
  }

  enable(scope?: vscode.ConfigurationScope): boolean {
    return this.get(scope).get<boolean>('enable', SETTING_DEFAULTS.enable);
  }

  /** CodeLens above AI regions ("AI suggestion · Mark verified"). */
  codeLensEnabled(scope?: vscode.ConfigurationScope): boolean {
    return this.get(scope).get<boolean>('codeLens.enabled', SETTING_DEFAULTS['codeLens.enabled']);
  }

  /** Gutter and overview-ruler marks on unreviewed AI regions. */
  gutterEnabled(scope?: vscode.ConfigurationScope): boolean {
    return this.get(scope).get<boolean>('gutter.enabled', SETTING_DEFAULTS['gutter.enabled']);
  }

  /** True when AI Guard is enabled for the workspace or for at least one of its folders. */
  enabledAnywhere(): boolean {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return this.enable() || folders.some((folder) => this.enable(folder));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private get(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION, scope);
  }
}
