/**
 * Activation only: the log channel, the command table, a language client that starts when it is
 * first needed, and the presentation of AI regions (which stays empty until the server reports
 * some). Nothing heavy happens here.
 */
import * as vscode from 'vscode';
import { AiGuardClient, type ServerHealthStatus } from './client';
import { registerCommands } from './commands';
import { Config } from './config';
import { RegionCodeLensProvider } from './regions/codeLens';
import { RegionGutter } from './regions/gutter';
import { RegionState } from './regions/regionState';
import { AI_CHANGES_VIEW, AiChangesProvider } from './regions/treeView';
import { StatusBar } from './statusBar';
import { describeError } from '../../server/src/analysis/errors';

let client: AiGuardClient | undefined;

/** What `activate` returns (`vscode.extensions.getExtension('ai-guard.ai-guard').exports`), for other extensions and tests. */
export interface AiGuardApi {
  /** Fires after the AI regions or their findings changed (the CodeLens, gutter and views have the new state). */
  readonly onDidChangeRegions: vscode.Event<void>;
  /** The language server's health, as the status bar shows it. */
  readonly serverStatus: ServerHealthStatus;
  readonly onDidChangeServerStatus: vscode.Event<ServerHealthStatus>;
}

export function activate(context: vscode.ExtensionContext): AiGuardApi {
  const log = vscode.window.createOutputChannel('AI Guard', { log: true });
  const config = new Config();
  client = new AiGuardClient(context, config, log);
  const guard = client;
  const regions = new RegionState(guard, log);
  context.subscriptions.push(log, config, guard, regions, ...registerCommands({ client: guard, log, regions }));
  context.subscriptions.push(...presentRegions(context, regions, config), new StatusBar(regions, guard));
  // The server reads `workspace.isTrusted` when it starts; trust granted later needs a fresh start.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    if (guard.started) guard.restart().catch((err: unknown) => log.error(`Restart after granting trust failed: ${describeError(err)}`));
  }));
  guard.startWhenNeeded();
  return {
    onDidChangeRegions: regions.onDidChange,
    get serverStatus() {
      return guard.serverStatus;
    },
    onDidChangeServerStatus: guard.onDidChangeStatus,
  };
}

/** CodeLens, gutter and the AI Changes view, all drawn from the region state. */
function presentRegions(context: vscode.ExtensionContext, regions: RegionState, config: Config): vscode.Disposable[] {
  const codeLens = new RegionCodeLensProvider(regions, config);
  const tree = new AiChangesProvider(regions);
  return [
    codeLens,
    vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }], codeLens),
    new RegionGutter(context, regions, config),
    tree,
    vscode.window.createTreeView(AI_CHANGES_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
  ];
}

/** VS Code waits for the returned promise, so the server is shut down cleanly. */
export function deactivate(): Promise<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
