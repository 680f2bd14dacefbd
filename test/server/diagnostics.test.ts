/**
 * Protocol tests of live diagnostics: the real server bundle over stdio, driven change by change
 * the way VS Code drives it (incremental sync, versioned publishes).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-lsp-'));
const uri = (name: string) => fileUri(path.join(folder, name));

describe('diagnostics over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a dynamic eval is reported with source, code and a docs link', async () => {
    const doc = uri('handler.js');
    const published = await client.open(doc, 'function run(req) {\n  return eval(req.query.expr);\n}\n');
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1, client.transcript());
    const [d] = published.diagnostics;
    assert.equal(d.source, 'ai-guard');
    assert.equal(d.code, 'js-dynamic-eval');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 29 } });
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/js-dynamic-eval\.md$/);
    assert.match(String(d.message), /eval/);
    assert.deepEqual(d.data, { ruleId: 'js-dynamic-eval' });
  });

  test('an incremental change that removes the problem clears the diagnostics', async () => {
    const doc = uri('clear.js');
    const opened = await client.open(doc, 'const value = eval(input);\n');
    assert.equal(opened.diagnostics.length, 1);
    // Replace `eval` with `JSON.parse`: one ranged change, as VS Code sends it.
    const changed = await client.change(doc, [{ range: { start: { line: 0, character: 14 }, end: { line: 0, character: 18 } }, text: 'JSON.parse' }]);
    assert.equal(changed.version, 2);
    assert.deepEqual(changed.diagnostics, []);
  });

  test('inserting a problem in the middle of a 2 000-line file reports exactly it, and it moves with later edits', async () => {
    const doc = uri('big.js');
    const lines = Array.from({ length: 2000 }, (_, i) => `const value${i} = compute(${i}, "row ${i}");`);
    assert.deepEqual((await client.open(doc, `${lines.join('\n')}\n`)).diagnostics, []);

    const inserted = await client.change(doc, [{ range: { start: { line: 1000, character: 0 }, end: { line: 1000, character: 0 } }, text: 'eval(value999);\n' }]);
    assert.equal(inserted.diagnostics.length, 1);
    assert.equal(inserted.diagnostics[0].code, 'js-dynamic-eval');
    assert.deepEqual(inserted.diagnostics[0].range, { start: { line: 1000, character: 0 }, end: { line: 1000, character: 14 } });

    // Two lines added above it in one notification: the re-parsed tree must place it two lines lower.
    const shifted = await client.change(doc, [
      { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: 'const a = 1;\n' },
      { range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: 'const b = 2;\n' },
    ]);
    assert.equal(shifted.diagnostics.length, 1);
    assert.equal(shifted.diagnostics[0].range.start.line, 1002);
  });

  test('positions are UTF-16 after emoji and accented text, also across incremental edits', async () => {
    const doc = uri('unicode.js');
    const prefix = 'const greeting = "héllo 😀 naïve 中文"; ';
    const opened = await client.open(doc, `${prefix}eval(greeting + suffix);\n`);
    assert.equal(opened.diagnostics.length, 1);
    assert.equal(opened.diagnostics[0].range.start.character, prefix.length); // .length counts UTF-16 code units
    assert.equal(opened.diagnostics[0].range.end.character, prefix.length + 'eval(greeting + suffix)'.length);

    // Insert another emoji before the call; the finding shifts by two code units.
    const changed = await client.change(doc, [{ range: { start: { line: 0, character: 24 }, end: { line: 0, character: 24 } }, text: '🎉' }]);
    assert.equal(changed.diagnostics.length, 1);
    assert.equal(changed.diagnostics[0].range.start.character, prefix.length + 2);

    // A second line after the emoji line: its column starts at 0 again.
    const appended = await client.change(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  eval(more);\n' }]);
    assert.deepEqual(appended.diagnostics.map((d) => d.range.start), [{ line: 0, character: prefix.length + 2 }, { line: 1, character: 2 }]);
  });

  test('a full-text change (no range) is applied too', async () => {
    const doc = uri('full.js');
    await client.open(doc, 'const ok = 1;\n');
    const changed = await client.change(doc, [{ text: 'setTimeout("tick(" + id + ")", 10);\n' }]);
    assert.equal(changed.diagnostics.length, 1);
    assert.equal(changed.diagnostics[0].code, 'js-dynamic-eval');
  });

  test('a suppression comment with a reason silences the finding on the next line', async () => {
    const doc = uri('suppressed.js');
    const text = '// ai-guard-ignore-next-line js-dynamic-eval -- the expression comes from our own build config\nconst v = eval(buildExpr);\n';
    assert.deepEqual((await client.open(doc, text)).diagnostics, []);
  });

  test('closing a document clears its diagnostics', async () => {
    const doc = uri('closing.js');
    assert.equal((await client.open(doc, 'eval(x);\n')).diagnostics.length, 1);
    const cleared = await client.close(doc);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('untitled documents are analysed by their language id', async () => {
    const doc = 'untitled:Untitled-1';
    const published = await client.open(doc, 'new Function("a", body);\n', 'typescript');
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].code, 'js-dynamic-eval');
  });
});
