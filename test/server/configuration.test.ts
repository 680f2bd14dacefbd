/**
 * Settings and `.aiguard.json` over LSP: per-rule overrides, re-reading the project file when the
 * client reports it changed, a clear warning for a broken file, and untrusted workspaces ignoring
 * the file (it could hide code from the scan).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver/node';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const roots: string[] = [];
function workspace(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-config-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, name), content);
  return root;
}
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

const EVAL = 'const result = eval(userExpression);\n';
const RULE_OFF = JSON.stringify({ rules: { 'js-dynamic-eval': 'off' } });

describe('configuration', () => {
  test('aiGuard.rules changes a rule\'s severity, and test files are one level lower', async () => {
    const folder = workspace();
    const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile', rules: { 'js-dynamic-eval': 'warning' } } });
    try {
      const published = await client.open(fileUri(path.join(folder, 'app.js')), EVAL);
      assert.equal(published.diagnostics[0]?.severity, DiagnosticSeverity.Warning, client.transcript());
      const inTest = await client.open(fileUri(path.join(folder, 'app.test.js')), EVAL);
      assert.equal(inTest.diagnostics[0]?.severity, DiagnosticSeverity.Information);
    } finally {
      await client.shutdown();
    }
  });

  test('.aiguard.json is read, and re-read when the client reports it changed', async () => {
    const folder = workspace({ '.aiguard.json': RULE_OFF });
    const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' } });
    try {
      const doc = fileUri(path.join(folder, 'app.js'));
      assert.deepEqual((await client.open(doc, EVAL)).diagnostics, []);

      fs.writeFileSync(path.join(folder, '.aiguard.json'), JSON.stringify({ rules: { 'js-dynamic-eval': 'info' } }));
      const published = client.nextDiagnostics(doc);
      await client.filesChanged([{ uri: fileUri(path.join(folder, '.aiguard.json')), type: FileChangeType.Changed }]);
      const after = await published;
      assert.equal(after.diagnostics.length, 1);
      assert.equal(after.diagnostics[0].severity, DiagnosticSeverity.Information);
    } finally {
      await client.shutdown();
    }
  });

  test('a broken .aiguard.json gives one warning naming the file, and the defaults apply', async () => {
    const folder = workspace({ '.aiguard.json': '{ "rules": { "js-dynamic-eval": "loud" } }' });
    const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' } });
    try {
      const warned = client.nextMessage((m) => m.type === MessageType.Warning);
      const published = await client.open(fileUri(path.join(folder, 'app.js')), EVAL);
      assert.equal(published.diagnostics.length, 1);
      const warning = String((await warned).message);
      assert.ok(warning.includes(path.join(folder, '.aiguard.json')), warning);
      assert.match(warning, /js-dynamic-eval/);
      const before = client.messages.length;
      await client.open(fileUri(path.join(folder, 'other.js')), EVAL);
      assert.equal(client.messages.length, before, 'the warning is given once, not per document');
    } finally {
      await client.shutdown();
    }
  });

  test('an untrusted workspace ignores .aiguard.json', async () => {
    const folder = workspace({ '.aiguard.json': RULE_OFF });
    const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' }, initializationOptions: { workspaceTrusted: false } });
    try {
      const published = await client.open(fileUri(path.join(folder, 'app.js')), EVAL);
      assert.equal(published.diagnostics.length, 1);
      assert.ok(client.logs.some((l) => l.includes('not trusted')), client.transcript());
    } finally {
      await client.shutdown();
    }
  });
});
