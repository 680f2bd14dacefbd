/**
 * Activation only: the log channel, the command table and a language client that starts when it
 * is first needed. Nothing heavy happens here.
 */
import * as vscode from 'vscode';
import { AiGuardClient } from './client';
import { registerCommands } from './commands';
import { Config } from './config';

let client: AiGuardClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('AI Guard', { log: true });
  const config = new Config();
  client = new AiGuardClient(context, config, log);
  const guard = client;
  context.subscriptions.push(log, config, guard, ...registerCommands({ client: guard, log }));
  // The server reads `workspace.isTrusted` when it starts; trust granted later needs a fresh start.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    if (guard.started) guard.restart().catch((err: unknown) => log.error(`Restart after granting trust failed: ${String(err)}`));
  }));
  guard.startWhenNeeded();
}

/** VS Code waits for the returned promise, so the server is shut down cleanly. */
export function deactivate(): Promise<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
