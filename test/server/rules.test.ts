/**
 * A broken rule file must not take the others down: the person gets one error naming the file and
 * the field, and every sound rule keeps working. AI_GUARD_RULES_DIR points the server at
 * test/fixtures/rules, which holds one sound and one broken rule.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { MessageType } from 'vscode-languageserver/node';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { ROOT } from '../helpers/paths';

test('a broken rule file is reported once by file and field; the other rules still run', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-rules-'));
  const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' }, env: { AI_GUARD_RULES_DIR: path.join(ROOT, 'test', 'fixtures', 'rules') } });
  try {
    const reported = client.nextMessage((m) => m.type === MessageType.Error);
    const published = await client.open(fileUri(path.join(folder, 'a.js')), 'const d = legacyHash(secret);\n');
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['js-fixture-legacy-hash'], client.transcript());

    const error = String((await reported).message);
    assert.match(error, /could not load 1 rule file/);
    assert.match(error, /js-fixture-broken\.yaml: field "messages" is required but missing/);

    // The status bar hears it too: the server works, with the rule file as the reason it is degraded.
    const status = await client.status();
    assert.equal(status.health, 'degraded');
    assert.equal(status.reasons.length, 1);
    assert.equal(status.reasons[0].source, 'rules');
    assert.match(status.reasons[0].message, /^Rule not loaded: .*js-fixture-broken\.yaml: field "messages" is required but missing/);

    const errors = client.messages.filter((m) => m.type === MessageType.Error).length;
    await client.open(fileUri(path.join(folder, 'b.js')), 'legacyHash(x);\n');
    assert.equal(client.messages.filter((m) => m.type === MessageType.Error).length, errors, 'reported once, not per document');
  } finally {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
