/**
 * Documents AI Guard does not check: excluded by a setting, too large, minified, or switched off.
 * Each gets empty diagnostics and, where the person may wonder why, one message — not one per
 * keystroke.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MessageType } from 'vscode-languageserver/node';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-skip-'));
const uri = (name: string) => fileUri(path.join(folder, name));
const text = (m: { message: unknown }) => String(m.message);

describe('documents that are not checked', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile', exclude: ['generated/**'], maxFileSizeKb: 8 } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a path matching aiGuard.exclude gets no diagnostics and one message naming the glob', async () => {
    const doc = uri('generated/client.js');
    const told = client.nextMessage((m) => text(m).includes('client.js'));
    const published = await client.open(doc, 'eval(payload);\n');
    assert.deepEqual(published.diagnostics, []);
    const message = await told;
    assert.equal(message.type, MessageType.Info);
    assert.match(text(message), /"generated\/\*\*" in the aiGuard\.exclude setting/);

    const before = client.messages.length;
    const again = await client.change(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'eval(more);\n' }]);
    assert.deepEqual(again.diagnostics, []);
    // The message is sent before the publish of the same run, so none can still be on its way.
    assert.equal(client.messages.length, before, 'the skip message must not repeat on every change');
  });

  test('a file in node_modules is skipped quietly (built-in exclusion, log only)', async () => {
    const doc = uri('node_modules/lib/index.js');
    const before = client.messages.length;
    assert.deepEqual((await client.open(doc, 'eval(payload);\n')).diagnostics, []);
    assert.equal(client.messages.length, before);
    assert.ok(client.logs.some((l) => l.includes('node_modules/lib/index.js') && l.includes('built-in exclusion')), client.transcript());
  });

  test('a minified document gets no diagnostics and a message saying why', async () => {
    const doc = uri('bundle.js');
    const minified = `${Array.from({ length: 250 }, (_, i) => `var a${i}=eval(x${i});`).join('')}\n`;
    const told = client.nextMessage((m) => text(m).includes('bundle.js'));
    assert.deepEqual((await client.open(doc, minified)).diagnostics, []);
    assert.match(text(await told), /minified/);
  });

  test('a document over aiGuard.maxFileSizeKb gets no diagnostics and a message naming the setting', async () => {
    const doc = uri('huge.js');
    const lines = Array.from({ length: 400 }, (_, i) => `const row${i} = eval(input${i});`).join('\n');
    const told = client.nextMessage((m) => text(m).includes('huge.js'));
    assert.deepEqual((await client.open(doc, lines)).diagnostics, []);
    assert.match(text(await told), /over the aiGuard\.maxFileSizeKb limit of 8 KB/);

    // Shrunk below the limit, it is checked again.
    const shrunk = await client.change(doc, [{ text: 'const row = eval(input);\n' }]);
    assert.equal(shrunk.diagnostics.length, 1);
  });

  test('aiGuard.enable false clears diagnostics; re-enabling brings them back', async () => {
    const doc = uri('toggle.js');
    assert.equal((await client.open(doc, 'eval(code);\n')).diagnostics.length, 1);
    const previous = client.settings;
    let published = client.nextDiagnostics(doc);
    await client.changeSettings({ ...previous, enable: false });
    assert.deepEqual((await published).diagnostics, []);
    published = client.nextDiagnostics(doc);
    await client.changeSettings(previous);
    assert.equal((await published).diagnostics.length, 1);
  });
});
