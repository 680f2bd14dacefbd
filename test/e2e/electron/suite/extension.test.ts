/**
 * AI Guard inside a real extension host: an AI-sized block inserted with one WorkspaceEdit gets its
 * diagnostic, the rule's code action fixes it, and "Scan AI Changes" finds an uncommitted file that was
 * never opened (written by an agent).
 * Expects the fixture workspace of test/e2e/fixtures/workspace as the open folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import YAML from 'yaml';
import { ROOT } from '../../../helpers/paths';

const RULE = 'js-insecure-random';
const BLOCK = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'blocks', 'oauth-login.js'), 'utf8');
const STATE_LINE = 'const state = Math.random().toString(36).substring(2);';
const rule = YAML.parse(fs.readFileSync(path.join(ROOT, 'rules', 'javascript', `${RULE}.yaml`), 'utf8')) as { fix: { title: string } };

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open as a folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ai-guard');
}

/** Resolves with AI Guard's diagnostics of `uri` once `ready` accepts them (checked now and on every change). */
function diagnosticsWhen(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const diagnostics = ours(uri);
      if (!ready(diagnostics)) return false;
      listener.dispose();
      resolve(diagnostics);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

/** executeCodeActionProvider can be cancelled while the built-in TS server starts (shared/E2E.md §5). */
async function codeActions(uri: vscode.Uri, range: vscode.Range, expectedTitle?: string): Promise<vscode.CodeAction[]> {
  // executeCodeActionProvider can be Canceled while the built-in TS server starts (E2E.md §5), and
  // right after a publish the markers it sends as context may still be the previous ones: ask
  // again on the next diagnostics change, a bounded number of times.
  let actions: vscode.CodeAction[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    } catch (err) {
      if (!/Canceled/.test(String(err))) throw err;
    }
    if (!expectedTitle || actions.some((a) => a.title === expectedTitle)) return actions;
    await nextDiagnosticsChange(uri, 2000);
  }
  return actions;
}

/** Resolves on the next diagnostics change of `uri`, or after `capMs` when none comes. */
function nextDiagnosticsChange(uri: vscode.Uri, capMs: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, capMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) finish();
    });
    function finish(): void {
      clearTimeout(timer);
      listener.dispose();
      done();
    }
  });
}

async function insertAtEnd(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, document.positionAt(document.getText().length), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the block was inserted');
  return document;
}

suite('AI Guard in the extension host', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension('ai-guard.ai-guard');
    assert.ok(extension, 'AI Guard is loaded as the extension under development');
    await extension.activate();
    // The server starts lazily; this command resolves once it is initialised, so the insertions below
    // reach it as edits (an edit made while it starts arrives only as the opened document's text).
    await vscode.commands.executeCommand('aiGuard.restartServer');
  });

  test('an inserted OAuth route gets one js-insecure-random diagnostic, on the state line', async () => {
    const uri = workspaceFile('src/routes/auth.js');
    const document = await insertAtEnd(uri, BLOCK);
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length > 0);
    assert.equal(diagnostics.length, 1, `one finding, got: ${diagnostics.map((d) => d.message).join(' | ')}`);
    const [finding] = diagnostics;
    assert.equal(typeof finding.code === 'object' ? finding.code.value : finding.code, RULE);
    assert.ok(document.lineAt(finding.range.start.line).text.includes(STATE_LINE));
  });

  test("the rule's quick fix replaces Math.random() with the crypto API and the finding goes away", async () => {
    const uri = workspaceFile('src/routes/login.js');
    await insertAtEnd(uri, BLOCK);
    const [finding] = await diagnosticsWhen(uri, (ds) => ds.length > 0);
    const actions = await codeActions(uri, finding.range, rule.fix.title);
    const fix = actions.find((a) => a.title === rule.fix.title);
    assert.ok(fix?.edit, `"${rule.fix.title}" is offered; got: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.title.startsWith(`Ignore ${RULE} here`)), 'the suppress action is offered too');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await diagnosticsWhen(uri, (ds) => ds.length === 0);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.lineAt(finding.range.start.line).text, /const state = crypto\.(randomUUID\(\)|getRandomValues\()/);
  });

  test('"AI Guard: Scan AI Changes" reports src/legacy/reset-token.js, written by an agent and never opened', async () => {
    const uri = workspaceFile('src/legacy/reset-token.js');
    assert.equal(ours(uri).length, 0, 'nothing is known about the file before the scan');
    // The command ends with a notification that waits for a click, so it is not awaited.
    void vscode.commands.executeCommand('aiGuard.scanAiChanges');
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.some((d) => d.code === RULE || (typeof d.code === 'object' && d.code.value === RULE)));
    assert.ok(diagnostics.length >= 1);
  });
});
