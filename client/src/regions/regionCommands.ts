/**
 * The commands that act on AI regions. They take arguments from a CodeLens ({ uri, regionId }), a
 * tree-view node, or nothing (then the region under the cursor / the active file). Marking code
 * verified while it still has error findings needs a confirmation and a reason, which the server
 * records with the verification.
 */
import * as vscode from 'vscode';
import { describeError } from '../../../server/src/analysis/errors';
import {
  FORGET_REGION_METHOD,
  VERIFY_FILE_METHOD,
  VERIFY_REGION_METHOD,
  type ForgetRegionParams,
  type RegionActionResult,
  type RegionInfo,
  type VerifyFileParams,
  type VerifyRegionParams,
} from '../../../server/src/lsp/protocol';
import type { CommandContext } from '../commands';
import { notify } from '../notify';
import type { RegionCommandArgs } from './codeLens';
import { toRange } from './regionState';
import type { AiChangeNode } from './treeView';

type RegionArg = RegionCommandArgs | AiChangeNode | undefined;

/** The region a command is about, or undefined after telling the user why there is none. */
function targetRegion(ctx: CommandContext, arg: RegionArg): RegionCommandArgs | undefined {
  if (arg && 'regionId' in arg) return arg;
  if (arg && 'kind' in arg && arg.kind === 'region') return { uri: arg.uri, regionId: arg.region.id };
  const editor = vscode.window.activeTextEditor;
  const region = editor && ctx.regions.regionAt(editor.document.uri, editor.selection.active);
  if (!editor || !region) {
    notify(ctx.log, 'info', 'AI Guard: put the cursor inside an AI-generated block (one with an "AI suggestion" CodeLens) first.');
    return undefined;
  }
  return { uri: editor.document.uri.toString(), regionId: region.id };
}

function targetFile(arg: AiChangeNode | vscode.Uri | { uri: string } | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && 'uri' in arg && typeof arg.uri === 'string') return vscode.Uri.parse(arg.uri);
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * Confirms verifying code that still has error findings and asks for the reason. Returns the note
 * (undefined when there are no errors) or `false` when the user backed out.
 */
async function confirmErrors(regions: RegionInfo[], what: string): Promise<string | undefined | false> {
  const errors = regions.flatMap((r) => r.findings).filter((f) => f.severity === 'error').length;
  if (errors === 0) return undefined;
  const choice = await vscode.window.showWarningMessage(
    `${what} still has ${errors} error finding${errors === 1 ? '' : 's'}. Mark it verified anyway?`,
    { modal: true, detail: 'You will be asked for the reason; it is recorded with the verification.' },
    'Mark Verified',
  );
  if (choice !== 'Mark Verified') return false;
  const reason = await vscode.window.showInputBox({
    title: 'Why is this AI-generated code safe to commit?',
    prompt: 'The reason is recorded with the verification for reviewers.',
    placeHolder: 'e.g. test-only helper; the input is a constant',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a reason: verifying code with errors needs one.'),
  });
  return reason === undefined ? false : reason.trim();
}

async function send<P>(ctx: CommandContext, method: string, params: P, failure: string): Promise<void> {
  try {
    const client = await ctx.client.start();
    const result = await client.sendRequest<RegionActionResult>(method, params);
    if (result.error) notify(ctx.log, 'warning', `AI Guard: ${result.error}`);
  } catch (err) {
    ctx.log.error(`${method} failed: ${describeError(err, 'stack')}`);
    notify(ctx.log, 'error', `AI Guard could not ${failure}: ${describeError(err)}. See "AI Guard: Show Log".`);
  }
  // Closed files do not get a notification from every server path; the tree view must not go stale.
  await ctx.regions.refresh();
}

export function markRegionVerified(ctx: CommandContext) {
  return async (arg?: RegionArg) => {
    const target = targetRegion(ctx, arg);
    if (!target) return;
    const region = ctx.regions.region(target.uri, target.regionId);
    const note = await confirmErrors(region ? [region] : [], 'This AI block');
    if (note === false) return;
    const params: VerifyRegionParams = { uri: target.uri, regionId: target.regionId, ...(note ? { note } : {}) };
    await send(ctx, VERIFY_REGION_METHOD, params, 'mark the region verified');
  };
}

export function markFileVerified(ctx: CommandContext) {
  return async (arg?: AiChangeNode | vscode.Uri) => {
    const uri = targetFile(arg);
    const unreviewed = uri ? ctx.regions.regionsOf(uri).filter((r) => r.status === 'unreviewed') : [];
    if (!uri || unreviewed.length === 0) {
      notify(ctx.log, 'info', 'AI Guard: this file has no unverified AI-generated blocks.');
      return;
    }
    const note = await confirmErrors(unreviewed, `${vscode.workspace.asRelativePath(uri)}`);
    if (note === false) return;
    const params: VerifyFileParams = { uri: uri.toString(), ...(note ? { note } : {}) };
    await send(ctx, VERIFY_FILE_METHOD, params, 'mark the file verified');
  };
}

export function forgetRegion(ctx: CommandContext) {
  return async (arg?: RegionArg) => {
    const target = targetRegion(ctx, arg);
    if (!target) return;
    const params: ForgetRegionParams = { uri: target.uri, regionId: target.regionId };
    await send(ctx, FORGET_REGION_METHOD, params, 'forget the region');
  };
}

/** Opens the file with the region selected; with findings, the Problems panel too. */
export function showRegion(ctx: CommandContext) {
  return async (arg?: RegionArg) => {
    const target = targetRegion(ctx, arg);
    const region = target && ctx.regions.region(target.uri, target.regionId);
    if (!target || !region) return;
    const range = toRange(region.range);
    await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), { selection: range });
    if (region.findings.length > 0) await vscode.commands.executeCommand('workbench.actions.view.problems', { preserveFocus: true });
  };
}
