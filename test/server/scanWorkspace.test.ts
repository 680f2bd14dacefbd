/**
 * aiGuard/scanWorkspace over a temporary folder: counts, work-done progress on the client's token,
 * diagnostics published for files with findings (not for open documents), and cancellation.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, LspTestClient } from '../helpers/lspClient';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-scan-'));
const files: Record<string, string> = {
  'src/handler.js': 'export function run(req) {\n  return eval(req.query.expr);\n}\n',
  'src/timers.ts': 'setTimeout("refresh(" + id + ")", 1000);\nconst f = new Function("a", body);\n',
  'src/safe.js': 'export const config = JSON.parse(text);\nsetTimeout(() => refresh(id), 1000);\n',
  'src/open.js': 'eval(onDisk);\n',
  'generated/out.js': 'eval(generated);\n',
  'node_modules/dep/index.js': 'eval(dependency);\n',
  'README.md': '# docs: scanned for hidden Unicode, nothing to find\n',
};

describe('aiGuard/scanWorkspace', () => {
  let client: LspTestClient;
  before(async () => {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), content);
    }
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile', exclude: ['generated/**'] } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('returns counts, reports progress and publishes diagnostics for files with findings', async () => {
    // An open document keeps its live diagnostics; the scan does not overwrite them.
    const openDoc = fileUri(path.join(folder, 'src/open.js'));
    await client.open(openDoc, 'const fine = 1;\n');

    const handler = client.nextDiagnostics(fileUri(path.join(folder, 'src/handler.js')));
    const timers = client.nextDiagnostics(fileUri(path.join(folder, 'src/timers.ts')));
    const { result, progress } = await client.scanWorkspace();
    assert.deepEqual(result, { filesScanned: 5, findings: 4, filesWithFindings: 3, skipped: 0, cancelled: false }, client.transcript());
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress.at(-1)?.kind, 'end');

    assert.deepEqual((await handler).diagnostics.map((d) => [d.code, d.range.start.line]), [['js-dynamic-eval', 1]]);
    assert.deepEqual((await timers).diagnostics.map((d) => [d.code, d.range.start.line]), [['js-dynamic-eval', 0], ['js-dynamic-eval', 1]]);
    // The open document keeps the diagnostics of its editor text (none), not those of the file on
    // disk: the scan publishes before it answers, so anything it sent for the file is here by now.
    assert.equal(client.history(openDoc).length, 1);
    const live = await client.change(openDoc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    assert.deepEqual(live.diagnostics, []);
  });

  test('a second scan clears diagnostics of files fixed or deleted since the first', async () => {
    const handlerPath = path.join(folder, 'src/handler.js');
    const timersPath = path.join(folder, 'src/timers.ts');
    fs.writeFileSync(handlerPath, 'export const run = (req) => JSON.parse(req.body);\n');
    fs.rmSync(timersPath);
    const fixed = client.nextDiagnostics(fileUri(handlerPath));
    const deleted = client.nextDiagnostics(fileUri(timersPath));
    const { result } = await client.scanWorkspace();
    assert.deepEqual(result, { filesScanned: 4, findings: 1, filesWithFindings: 1, skipped: 0, cancelled: false }); // src/open.js on disk (README.md is scanned too)
    assert.deepEqual((await fixed).diagnostics, []);
    assert.deepEqual((await deleted).diagnostics, []);
  });

  test('a scan cancelled at once stops and says so', async () => {
    const { result, progress } = await client.scanWorkspace({ cancelImmediately: true });
    assert.equal(result.cancelled, true);
    assert.ok(result.filesScanned < 4);
    assert.equal(progress.at(-1)?.kind, 'end');
  });
});
