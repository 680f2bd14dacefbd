/**
 * Every command of the extension in one table keyed by short name (protocol.ts COMMAND_NAMES); each
 * entry is a small function. registerCommands adds the `aiGuard.` prefix; package.json's
 * `contributes.commands` lists the same ids (test/unit/commands.test.ts).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressReport, type WorkDoneProgressBegin } from 'vscode-languageclient/node';
import { describeError } from '../../server/src/analysis/errors';
import { suppressionComment } from '../../server/src/analysis/suppression';
import {
  commandId,
  INSTALL_GATE_METHOD,
  SCAN_AI_CHANGES_METHOD,
  type InstallGateParams,
  type InstallGateResult,
  type ScanAiChangesParams,
  type CommandName,
  type ScanAiChangesResult,
  type SuppressFindingArgs,
} from '../../server/src/lsp/protocol';
import type { AiGuardClient } from './client';
import { notify } from './notify';
import { forgetRegion, markFileVerified, markRegionVerified, showRegion } from './regions/regionCommands';
import type { RegionState } from './regions/regionState';
import { AI_CHANGES_VIEW } from './regions/treeView';

export interface CommandContext {
  client: AiGuardClient;
  log: vscode.LogOutputChannel;
  regions: RegionState;
}

type CommandFactory = (ctx: CommandContext) => (...args: never[]) => unknown;

const COMMANDS: Record<CommandName, CommandFactory> = {
  scanAiChanges,
  markRegionVerified,
  markFileVerified,
  forgetRegion,
  showRegion,
  refreshAiChanges: (ctx) => () => ctx.regions.refresh(),
  installPreCommitGate,
  showLog: (ctx) => () => ctx.log.show(),
  restartServer,
  suppressFinding,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([name, factory]) => vscode.commands.registerCommand(commandId(name as CommandName), factory(ctx)));
}

/** Uncommitted changes (git diff HEAD + untracked files) and every tracked region, with progress and cancel. */
function scanAiChanges(ctx: CommandContext) {
  return async () => {
    if (!vscode.workspace.workspaceFolders?.length) {
      notify(ctx.log, 'info', 'AI Guard scans workspace folders; open a folder first.');
      return;
    }
    const options = { location: vscode.ProgressLocation.Notification, title: 'AI Guard: scanning AI changes', cancellable: true };
    let result: ScanAiChangesResult;
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
          const params: ScanAiChangesParams = { workDoneToken };
          return await client.sendRequest<ScanAiChangesResult>(SCAN_AI_CHANGES_METHOD, params, token);
        } finally {
          listener.dispose();
        }
      });
    } catch (err) {
      ctx.log.error(`Scan AI Changes failed: ${describeError(err, 'stack')}`);
      notify(ctx.log, 'error', `AI Guard could not scan the AI changes: ${describeError(err)}. See "AI Guard: Show Log".`);
      return;
    }
    await ctx.regions.refresh(); // the scan may have created regions in files that are not open
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const files = ctx.regions.totals().filesWithFindings;
    const summary = `${plural(result.regions, 'AI region')} (${result.unverifiedRegions} unverified, ${result.newRegions} new), ` +
      `${plural(result.findings, 'finding')} in ${plural(files, 'file')}`;
    const outside = result.foldersWithoutGit.length
      ? `. Outside git (${result.foldersWithoutGit.join(', ')}): tracked regions only`
      : '';
    const text = `AI Guard${result.cancelled ? ' (cancelled)' : ''}: ${summary}${outside}`;
    const choice = await vscode.window.showInformationMessage(text, ...(result.regions > 0 ? ['Show AI Changes'] : []));
    if (choice === 'Show AI Changes') await vscode.commands.executeCommand(`${AI_CHANGES_VIEW}.focus`);
  };
}

/** Installs `ai-guard gate --staged` as the pre-commit hook of the active file's (or a picked) folder's repository. */
function installPreCommitGate(ctx: CommandContext) {
  return async () => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = (active && vscode.workspace.getWorkspaceFolder(active))
      ?? (folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Install the AI Guard pre-commit gate for which folder?' }));
    if (!folder) {
      if (!folders.length) notify(ctx.log, 'info', 'AI Guard installs the gate into a workspace folder\'s git repository; open a folder first.');
      return;
    }
    try {
      const client = await ctx.client.start();
      const params: InstallGateParams = { uri: folder.uri.toString() };
      const result = await client.sendRequest<InstallGateResult>(INSTALL_GATE_METHOD, params);
      ctx.log.info(`Install pre-commit gate in ${folder.name}: ${result.message}`);
      if (result.ok) notify(ctx.log, 'info', `AI Guard: ${result.message}`);
      else notify(ctx.log, 'warning', `AI Guard: ${result.message}`);
    } catch (err) {
      ctx.log.error(`Installing the pre-commit gate failed: ${describeError(err, 'stack')}`);
      notify(ctx.log, 'error', `AI Guard could not install the pre-commit gate: ${describeError(err)}. See "AI Guard: Show Log".`);
    }
  };
}

function restartServer(ctx: CommandContext) {
  return async () => {
    try {
      await ctx.client.restart();
    } catch (err) {
      ctx.log.error(`Restart failed: ${describeError(err, 'stack')}`);
      notify(ctx.log, 'error', `AI Guard's server did not restart: ${describeError(err)}. See "AI Guard: Show Log".`);
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
      notify(ctx.log, 'warning', `AI Guard could not insert the comment into ${vscode.workspace.asRelativePath(uri)}; it may be read-only.`);
    }
  };
}
