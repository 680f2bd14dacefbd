/**
 * AI regions over LSP (default scope `aiRegions`): which edits create regions, what the rules then
 * see, and the region requests. Every "creates none" case asserts on the publishDiagnostics and
 * regionsChanged that follow the change, which the server always sends.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEXT_BEFORE_OPEN_NOTIFICATION, type RegionActionResult, type WorkspaceRegionsResult } from '../../server/src/lsp/protocol';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { aiBlock, BLOCK, codes, edit, git, insertAt, openDoc, tempRepo, write } from '../helpers/regionTest';

const folder = tempRepo('ai-guard-regions-');
const uri = (name: string) => fileUri(path.join(folder, name));
const HEADER = 'import { loadRows, toCsv } from "./data";\n\n';

describe('AI regions over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    write(folder, 'README.md', '# test\n');
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'initial');
    client = await LspTestClient.start({ folder });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a one-edit 20-line insert creates a region with the findings inside it', async () => {
    const doc = uri('paste.js');
    const opened = await openDoc(client, doc, HEADER);
    assert.deepEqual(opened.regions.regions, []);
    const pasted = await edit(client, doc, [insertAt(2, BLOCK)]);
    assert.deepEqual(codes(pasted), ['js-dynamic-eval'], client.transcript());
    assert.equal(pasted.regions.regions.length, 1);
    const [region] = pasted.regions.regions;
    assert.equal(region.origin, 'completion/paste');
    assert.equal(region.status, 'unreviewed');
    assert.equal(region.range.start.line, 2);
    assert.equal(region.range.end.line, 21);
    assert.deepEqual(region.findings.map((f) => f.ruleId), ['js-dynamic-eval']);
    assert.equal(region.findings[0].range.start.line, 13);
  });

  test('outside regions nothing is reported in the aiRegions scope', async () => {
    const opened = await openDoc(client, uri('existing.js'), `${HEADER}${BLOCK}`);
    assert.deepEqual(opened.diagnostics.diagnostics, []);
    assert.deepEqual(opened.regions.regions, []);
  });

  test('the same text typed character by character creates no region', async () => {
    const doc = uri('typed.js');
    await openDoc(client, doc, HEADER);
    let line = 2;
    let character = 0;
    let last;
    for (const ch of BLOCK) {
      last = await edit(client, doc, [{ range: { start: { line, character }, end: { line, character } }, text: ch }]);
      if (ch === '\n') {
        line++;
        character = 0;
      } else character++;
    }
    assert.ok(last);
    assert.deepEqual(last.diagnostics.diagnostics, []);
    assert.deepEqual(last.regions.regions, []);
    assert.ok(client.regionHistory(doc).every((p) => p.regions.length === 0));
  });

  test('a block pasted before the server saw the document (aiGuard/textBeforeOpen) becomes a region', async () => {
    const doc = uri('early-paste.js');
    await client.notify(TEXT_BEFORE_OPEN_NOTIFICATION, { uri: doc, text: HEADER });
    const opened = await openDoc(client, doc, `${HEADER}${aiBlock('Early')}`);
    assert.deepEqual(codes(opened), ['js-dynamic-eval'], client.transcript());
    assert.equal(opened.regions.regions.length, 1);
    const [region] = opened.regions.regions;
    assert.equal(region.origin, 'completion/paste');
    assert.equal(region.range.start.line, 2);
    assert.equal(region.range.end.line, 21);
  });

  test('a line typed before the server saw the document creates no region', async () => {
    const doc = uri('early-typing.js');
    await client.notify(TEXT_BEFORE_OPEN_NOTIFICATION, { uri: doc, text: `${HEADER}${BLOCK}` });
    const opened = await openDoc(client, doc, `${HEADER}const limit = 10;\n${BLOCK}`);
    assert.deepEqual(opened.regions.regions, []);
    assert.deepEqual(opened.diagnostics.diagnostics, []);
  });

  test('a block copied from another open file creates no region', async () => {
    await openDoc(client, uri('copy-source.js'), `${HEADER}${BLOCK}`);
    const doc = uri('copy-target.js');
    await openDoc(client, doc, HEADER);
    const pasted = await edit(client, doc, [insertAt(2, BLOCK)]);
    assert.deepEqual(pasted.regions.regions, []);
    assert.deepEqual(pasted.diagnostics.diagnostics, []);
  });

  test('a block copied from another open file before the server saw the document creates no region', async () => {
    const doc = uri('early-copy.js');
    await client.notify(TEXT_BEFORE_OPEN_NOTIFICATION, { uri: doc, text: HEADER });
    const opened = await openDoc(client, doc, `${HEADER}${BLOCK}`); // BLOCK stands in copy-source.js, outside regions
    assert.deepEqual(opened.regions.regions, []);
  });

  test('a format-like whole-document replacement creates no region', async () => {
    const doc = uri('format.js');
    await openDoc(client, doc, `${HEADER}${BLOCK}`);
    const formatted = `${HEADER}${BLOCK}`.replace(/^( +)/gm, '$1$1').replace(/"/g, "'");
    const result = await edit(client, doc, [{ text: formatted }]);
    assert.deepEqual(result.regions.regions, []);
    assert.deepEqual(result.diagnostics.diagnostics, []);
  });

  test('undoing the deletion of a block (restoring the previous text) creates no region', async () => {
    const doc = uri('undo.js');
    await openDoc(client, doc, `${HEADER}${BLOCK}`);
    const blockLines = BLOCK.split('\n').length - 1;
    const deleted = await edit(client, doc, [{ range: { start: { line: 2, character: 0 }, end: { line: 2 + blockLines, character: 0 } }, text: '' }]);
    assert.deepEqual(deleted.regions.regions, []);
    const undone = await edit(client, doc, [insertAt(2, BLOCK)]);
    assert.deepEqual(undone.regions.regions, []);
    assert.deepEqual(undone.diagnostics.diagnostics, []);
  });

  test('a rename-like multi-edit creates no region', async () => {
    const doc = uri('rename.js');
    const text = `${HEADER}${BLOCK}`;
    await openDoc(client, doc, text);
    // Rename `summary` everywhere in one notification, last occurrence first (as VS Code sends it).
    const lines = text.split('\n');
    const changes = [];
    for (let line = lines.length - 1; line >= 0; line--) {
      for (let at = lines[line].lastIndexOf('summary'); at >= 0; at = lines[line].lastIndexOf('summary', at - 1)) {
        changes.push({ range: { start: { line, character: at }, end: { line, character: at + 'summary'.length } }, text: 'reportSummary' });
        if (at === 0) break;
      }
    }
    assert.ok(changes.length >= 4);
    const renamed = await edit(client, doc, changes);
    assert.deepEqual(renamed.regions.regions, []);
    assert.deepEqual(renamed.diagnostics.diagnostics, []);
  });

  test('a file written on disk by another process becomes an agent region with diagnostics', async () => {
    const file = write(folder, 'agent/report.js', `${HEADER}${aiBlock('Agent')}`);
    const doc = fileUri(file);
    const diagnostics = client.nextDiagnostics(doc);
    const regions = client.nextRegions(doc);
    await client.filesChanged([{ uri: doc, type: 1 }]);
    assert.deepEqual((await diagnostics).diagnostics.map((d) => d.code), ['js-dynamic-eval']);
    const [region] = (await regions).regions;
    assert.equal(region.origin, 'agent');
    assert.equal(region.findings.length, 1);
    const listed = await client.request<WorkspaceRegionsResult>('aiGuard/workspaceRegions', {});
    assert.ok(listed.files.some((f) => f.uri === doc && f.regions[0].id === region.id));
  });

  test('verify marks a region verified; editing inside makes it unreviewed; forget drops it', async () => {
    const doc = uri('review.js');
    await openDoc(client, doc, HEADER);
    const block = aiBlock('Review');
    const pasted = await edit(client, doc, [insertAt(2, block)]);
    const id = pasted.regions.regions[0].id;

    const verifiedNotice = client.nextRegions(doc);
    const verified = await client.request<RegionActionResult>('aiGuard/verifyRegion', { uri: doc, regionId: id, note: 'formula is validated upstream' });
    assert.deepEqual(verified, { changed: 1 });
    const [afterVerify] = (await verifiedNotice).regions;
    assert.equal(afterVerify.status, 'verified');
    assert.equal(afterVerify.note, 'formula is validated upstream');
    assert.ok(afterVerify.verifiedAt);
    assert.equal(afterVerify.findings.length, 1, 'verification records review; it does not hide findings');

    // Line 6 of the document is inside the region: `rows.length` → `rows.length + 1`.
    const col = block.split('\n')[3].indexOf('rowsReview.length') + 'rowsReview.length'.length;
    const edited = await edit(client, doc, [{ range: { start: { line: 5, character: col }, end: { line: 5, character: col } }, text: ' + 1' }]);
    assert.equal(edited.regions.regions[0].status, 'unreviewed');

    const forgottenNotice = client.nextRegions(doc);
    const forgotten = await client.request<RegionActionResult>('aiGuard/forgetRegion', { uri: doc, regionId: id });
    assert.deepEqual(forgotten, { changed: 1 });
    assert.deepEqual((await forgottenNotice).regions, []);
    const stale = await client.request<RegionActionResult>('aiGuard/verifyRegion', { uri: doc, regionId: id });
    assert.equal(stale.changed, 0);
    assert.match(stale.error ?? '', /no longer tracked/);
  });

  test('a suppression comment inside an unreviewed region is reported and not honoured', async () => {
    const doc = uri('suppress.js');
    await openDoc(client, doc, HEADER);
    const block = aiBlock('Sup').replace('    const computedSup = eval(formulaSup);', '    // ai-guard-ignore-next-line js-dynamic-eval -- trusted input\n    const computedSup = eval(formulaSup);');
    const pasted = await edit(client, doc, [insertAt(2, block)]);
    assert.deepEqual(codes(pasted), ['ai-suppression-in-ai-code', 'js-dynamic-eval']);
    const suppression = pasted.diagnostics.diagnostics.find((d) => d.code === 'ai-suppression-in-ai-code');
    assert.match(suppression?.codeDescription?.href ?? '', /docs\/rules\/ai-suppression-in-ai-code\.md$/);

    // Once verified, the comment is honoured and no longer reported.
    const id = pasted.regions.regions[0].id;
    const diagnostics = client.nextDiagnostics(doc);
    await client.request('aiGuard/verifyRegion', { uri: doc, regionId: id });
    assert.deepEqual((await diagnostics).diagnostics, []);
  });

  test('an AI edit that switches rules off in .aiguard.json is reported', async () => {
    const doc = uri('.aiguard.json');
    await openDoc(client, doc, '{\n  "rules": {\n  }\n}\n', 'json');
    const weakened = await edit(client, doc, [insertAt(2, '    "js-dynamic-eval": "off",\n    "js-sql-injection": "info",\n    "js-command-injection": "error"\n')]);
    const found = weakened.diagnostics.diagnostics.filter((d) => d.code === 'ai-config-weakened').map((d) => d.range.start.line);
    assert.deepEqual(found, [2, 3], client.transcript());
  });
});
