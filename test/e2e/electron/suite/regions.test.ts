/**
 * AI regions as the extension presents them, through VS Code's own CodeLens API: a block inserted in
 * one edit gets the "AI suggestion" lenses, running "Mark verified" from a lens turns them into
 * "✓ Verified", and "Not AI-generated" removes them. Needs the language server's region tracking.
 * Expects the fixture workspace of test/e2e/fixtures/workspace as the open folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiGuardApi } from '../../../../client/src/extension';
import { ROOT } from '../../../helpers/paths';

const BLOCK = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'blocks', 'oauth-login.js'), 'utf8');
const TIMEOUT_MS = 60_000;

async function lensTitles(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.command?.command.startsWith('aiGuard.'));
}

/** AI Guard's exported API (client/src/extension.ts), activating the extension if needed. */
async function aiGuardApi(): Promise<AiGuardApi> {
  const extension = vscode.extensions.getExtension<AiGuardApi>('ai-guard.ai-guard');
  assert.ok(extension, 'AI Guard is loaded as the extension under development');
  return extension.activate();
}

/** Resolves on the next region change; rejects at `deadline` with `describe()` in the message. */
function nextRegionChange(api: AiGuardApi, deadline: number, describe: () => string): { changed: Promise<void>; dispose(): void } {
  let listener: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Promise<void>((resolve, reject) => {
    listener = api.onDidChangeRegions(() => resolve());
    timer = setTimeout(() => reject(new Error(`CodeLens never reached the expected state; last: ${describe()}`)), Math.max(0, deadline - Date.now()));
  });
  const dispose = () => {
    listener?.dispose();
    clearTimeout(timer);
  };
  void changed.then(dispose, dispose);
  return { changed, dispose };
}

/**
 * Reads the lenses again after each region change until `ready` accepts them (the change is subscribed
 * to before each read, so none is missed); fails after a minute without the expected state.
 */
async function lensesWhen(uri: vscode.Uri, ready: (lenses: vscode.CodeLens[]) => boolean): Promise<vscode.CodeLens[]> {
  const api = await aiGuardApi();
  const deadline = Date.now() + TIMEOUT_MS;
  let last: vscode.CodeLens[] = [];
  for (;;) {
    const next = nextRegionChange(api, deadline, () => last.map((l) => l.command?.title).join(' | ') || '(none)');
    last = await lensTitles(uri);
    if (ready(last)) {
      next.dispose();
      return last;
    }
    await next.changed;
  }
}

const titled = (lenses: vscode.CodeLens[], text: string) => lenses.find((l) => l.command?.title.includes(text));

suite('AI regions in the extension host', () => {
  test('an inserted block gets "AI suggestion" lenses; Mark verified → "✓ Verified"; Not AI-generated → none', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need the fixture workspace open as a folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'src', 'routes', 'session.js');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const start = document.lineCount - 1;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, document.positionAt(document.getText().length), BLOCK);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the block was inserted');

    const lenses = await lensesWhen(uri, (ls) => titled(ls, 'AI suggestion') !== undefined);
    const suggestion = titled(lenses, 'AI suggestion');
    assert.match(suggestion?.command?.title ?? '', /^\$\(sparkle\) AI suggestion \(paste\/completion\) · 1 finding$/);
    assert.equal(suggestion?.range.start.line, start, 'the lens sits on the first inserted line');
    const verify = titled(lenses, 'Mark verified');
    assert.ok(verify?.command && titled(lenses, 'Not AI-generated'), 'Mark verified and Not AI-generated are offered');

    // js-insecure-random is a warning: no confirmation is needed.
    await vscode.commands.executeCommand(verify.command.command, ...(verify.command.arguments ?? []));
    const verified = await lensesWhen(uri, (ls) => titled(ls, '✓ Verified') !== undefined);
    assert.equal(titled(verified, 'AI suggestion'), undefined, 'the "AI suggestion" lens is gone');

    const forget = titled(verified, '✓ Verified')?.command?.arguments?.[0] as { uri: string; regionId: string };
    await vscode.commands.executeCommand('aiGuard.forgetRegion', forget);
    await lensesWhen(uri, (ls) => ls.length === 0);
  });
});
