/**
 * Every command of the extension in one table; each entry is a small function. package.json's
 * `contributes.commands` lists the same ids.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressReport, type WorkDoneProgressBegin } from 'vscode-languageclient/node';
import { suppressionComment } from '../../server/src/analysis/suppression';
import { SCAN_WORKSPACE_METHOD, type ScanWorkspaceParams, type ScanWorkspaceResult, type SuppressFindingArgs } from '../../server/src/lsp/protocol';
import type { AiGuardClient } from './client';

export interface CommandContext {
  client: AiGuardClient;
  log: vscode.LogOutputChannel;
}

type CommandFactory = (ctx: CommandContext) => (...args: never[]) => unknown;

const COMMANDS: Record<string, CommandFactory> = {
  'aiGuard.scanAiChanges': scanAiChanges,
  'aiGuard.showLog': (ctx) => () => ctx.log.show(),
  'aiGuard.restartServer': restartServer,
  'aiGuard.suppressFinding': suppressFinding,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}

/** Until AI regions are tracked, "AI changes" means every supported file of the workspace. */
function scanAiChanges(ctx: CommandContext) {
  return async () => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('AI Guard scans workspace folders; open a folder first.');
      return;
    }
    const options = { location: vscode.ProgressLocation.Notification, title: 'AI Guard', cancellable: true };
    let result: ScanWorkspaceResult;
    try {
      result = await vscode.window.withProgress(options, async (progress, token) => {
        const client = await ctx.client.start();
        const workDoneToken = randomUUID();
        // The server reports through the work-done token; show its messages in this notification.
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          const message = (value as WorkDoneProgressBegin | WorkDoneProgressReport).message;
          if (value.kind !== 'end' && message) progress.report({ message });
        });
        try {
          const params: ScanWorkspaceParams = { workDoneToken };
          return await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_METHOD, params, token);
        } finally {
          listener.dispose();
        }
      });
    } catch (err) {
      ctx.log.error(`Workspace scan failed: ${String(err)}`);
      void vscode.window.showErrorMessage(`AI Guard could not scan the workspace: ${(err as Error).message ?? String(err)}`);
      return;
    }
    const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} file${result.filesWithFindings === 1 ? '' : 's'}`;
    const text = result.cancelled
      ? `AI Guard scan cancelled after ${result.filesScanned} files: ${summary}`
      : `AI Guard scanned ${result.filesScanned} files: ${summary}`;
    const skipped = result.skipped > 0 ? ` (${result.skipped} skipped; see the log)` : '';
    const choice = await vscode.window.showInformationMessage(`${text}${skipped}`, ...(result.findings > 0 ? ['Show Problems'] : []));
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  };
}

function restartServer(ctx: CommandContext) {
  return async () => {
    try {
      await ctx.client.restart();
    } catch (err) {
      ctx.log.error(`Restart failed: ${String(err)}`);
      void vscode.window.showErrorMessage(`AI Guard's server did not restart: ${(err as Error).message ?? String(err)}. See "AI Guard: Show Log".`);
    }
  };
}

/** Run by the "Ignore <rule> here…" quick fix: a suppression without a reason cannot be reviewed, so one is required. */
function suppressFinding(ctx: CommandContext) {
  return async (args: SuppressFindingArgs) => {
    const uri = vscode.Uri.parse(args.uri);
    const document = await vscode.workspace.openTextDocument(uri);
    if (args.line >= document.lineCount) return; // the text changed under the quick fix
    const reason = await vscode.window.showInputBox({
      title: `Ignore ${args.ruleId} on line ${args.line + 1}`,
      prompt: 'Why is this code safe? The reason is kept in the comment for reviewers.',
      placeHolder: 'e.g. the argument is a constant from our own configuration',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'Enter a reason: a suppression without one cannot be reviewed.'),
    });
    if (reason === undefined) return; // dismissed
    const comment = suppressionComment(document.lineAt(args.line).text, args.commentPrefix, args.ruleId, reason.trim());
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(args.line, 0), comment);
    if (!(await vscode.workspace.applyEdit(edit))) {
      ctx.log.warn(`Could not insert the suppression comment into ${args.uri}.`);
      void vscode.window.showWarningMessage(`AI Guard could not insert the comment into ${vscode.workspace.asRelativePath(uri)}; it may be read-only.`);
    }
  };
}
