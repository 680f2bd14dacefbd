/**
 * The client's lifecycle with a server that fails: one that dies while starting and one that
 * crashes after every start. The status shows "stopped" with the reason, and the next use (opening
 * a document, no restart) builds a new language client that works — the real server again, which
 * reports ready and checks a pasted block — instead of handing back the dead one. The failing servers are selected with
 * AI_GUARD_SERVER_MODULE, which the client reads when it builds a client; this suite runs in the
 * extension host's own process, so setting it here reaches the extension.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerHealthStatus } from '../../../../client/src/client';
import type { AiGuardApi } from '../../../../client/src/extension';

const TIMEOUT_MS = 60_000;
const SERVERS = path.join(__dirname, '..', 'servers');

async function aiGuardApi(): Promise<AiGuardApi> {
  const extension = vscode.extensions.getExtension<AiGuardApi>('ai-guard.ai-guard');
  assert.ok(extension, 'AI Guard is loaded as the extension under development');
  return extension.activate();
}

/** Resolves with the server status once `accept` takes it (now or at a later change); fails after a minute. */
function statusWhen(api: AiGuardApi, accept: (status: ServerHealthStatus) => boolean): Promise<ServerHealthStatus> {
  return new Promise((resolve, reject) => {
    const finish = (status: ServerHealthStatus) => {
      listener.dispose();
      clearTimeout(timer);
      resolve(status);
    };
    const listener = api.onDidChangeServerStatus((status) => accept(status) && finish(status));
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the server status never matched; last: ${JSON.stringify(api.serverStatus)}`));
    }, TIMEOUT_MS);
    if (accept(api.serverStatus)) finish(api.serverStatus);
  });
}

/** Restarts with `module` as the server (the real one when undefined); the command reports failures itself and resolves. */
async function restartWith(module: string | undefined): Promise<void> {
  if (module) process.env.AI_GUARD_SERVER_MODULE = module;
  else delete process.env.AI_GUARD_SERVER_MODULE;
  await vscode.commands.executeCommand('aiGuard.restartServer');
}

/** A block pasted in one edit is an AI region, so the default scope checks it. */
const PASTED = 'export function run(input) {\n  const result = eval(input);\n  return result;\n}\n';

/**
 * Without a restart: opening a supported document starts a server again, which works only if the
 * client did not keep handing out the dead one. It reports ready, and a block pasted into the
 * document gets its finding.
 */
async function expectNextUseStartsAWorkingClient(api: AiGuardApi): Promise<void> {
  delete process.env.AI_GUARD_SERVER_MODULE;
  const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: '' });
  await vscode.window.showTextDocument(document);
  await statusWhen(api, (s) => s.health === 'ready');
  const ours = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ai-guard');
  const checked = new Promise<vscode.Diagnostic[]>((resolve) => {
    const listener = vscode.languages.onDidChangeDiagnostics(() => {
      if (ours().length === 0) return;
      listener.dispose();
      resolve(ours());
    });
  });
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), PASTED);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the block was inserted');
  assert.deepEqual((await checked).map((d) => (typeof d.code === 'object' ? d.code.value : d.code)), ['js-dynamic-eval']);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suite('the language client when its server fails', () => {
  suiteTeardown(async () => {
    // Leave the real server running for the suites after this one.
    await restartWith(undefined);
    await statusWhen(await aiGuardApi(), (s) => s.health === 'ready');
  });

  test('a server that dies while starting leaves the status "stopped"; the next use builds a working client', async () => {
    const api = await aiGuardApi();
    await restartWith(path.join(SERVERS, 'crashOnStart.js'));
    const stopped = await statusWhen(api, (s) => s.health === 'stopped');
    assert.match(stopped.reasons.map((r) => r.message).join(' '), /did not start/);
    await expectNextUseStartsAWorkingClient(api);
  });

  test('a server that crashes after every start is restarted, then given up on; the next use builds a working client', async () => {
    const api = await aiGuardApi();
    const starts: string[] = [];
    const listener = api.onDidChangeServerStatus((s) => starts.push(s.health));
    await restartWith(path.join(SERVERS, 'crashAfterStart.js'));
    const stopped = await statusWhen(api, (s) => s.health === 'stopped');
    listener.dispose();
    assert.match(stopped.reasons.map((r) => r.message).join(' '), /crashed repeatedly/);
    assert.ok(starts.filter((h) => h === 'starting').length > 1, `it was restarted before being given up on: ${starts.join(' → ')}`);
    await expectNextUseStartsAWorkingClient(api);
  });
});
