/**
 * AI regions and git over LSP: persistence in `.git/ai-guard/regions.json` and re-anchoring after a
 * restart, git checkouts that must not create regions, and "Scan AI Changes".
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ScanAiChangesResult, WorkspaceRegionsResult } from '../../server/src/lsp/protocol';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { aiBlock, edit, git, insertAt, openDoc, tempRepo, write } from '../helpers/regionTest';

const HEADER = 'import { loadRows, toCsv } from "./data";\n\n';
const cleanup: string[] = [];
after(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function committedRepo(prefix: string, files: Record<string, string>): string {
  const folder = tempRepo(prefix);
  cleanup.push(folder);
  for (const [name, text] of Object.entries(files)) write(folder, name, text);
  git(folder, 'add', '.');
  git(folder, 'commit', '-q', '-m', 'initial');
  return folder;
}

describe('AI regions and git over LSP', () => {
  test('regions are saved in .git/ai-guard/regions.json and re-anchored when the server restarts', async () => {
    const folder = committedRepo('ai-guard-persist-', { 'README.md': '# test\n' });
    const doc = fileUri(path.join(folder, 'src', 'persist.js'));
    const block = aiBlock('Persist');
    const first = await LspTestClient.start({ folder });
    let id: string;
    try {
      await openDoc(first, doc, HEADER);
      const pasted = await edit(first, doc, [insertAt(2, block)]);
      id = pasted.regions.regions[0].id;
    } finally {
      await first.shutdown(); // flushes the coalesced save
    }
    const state = JSON.parse(fs.readFileSync(path.join(folder, '.git', 'ai-guard', 'regions.json'), 'utf8'));
    assert.equal(state.files['src/persist.js'][0].id, id);
    assert.equal(state.files['src/persist.js'][0].text, block.trimEnd());

    const second = await LspTestClient.start({ folder });
    try {
      // The file gained two lines above the block meanwhile: the region is found by its text.
      const reopened = await openDoc(second, doc, `// moved down\n// by two lines\n${HEADER}${block}`);
      assert.equal(reopened.regions.regions.length, 1, second.transcript());
      assert.equal(reopened.regions.regions[0].id, id);
      assert.equal(reopened.regions.regions[0].range.start.line, 4);
      assert.deepEqual(reopened.diagnostics.diagnostics.map((d) => d.code), ['js-dynamic-eval']);
    } finally {
      await second.shutdown();
    }
  });

  test('a git checkout that changes an open and a closed file creates no region', async () => {
    const folder = committedRepo('ai-guard-checkout-', { 'open.js': HEADER, 'closed.js': HEADER });
    git(folder, 'checkout', '-q', '-b', 'feature');
    const openFeature = `${HEADER}${aiBlock('FeatOpen')}`;
    write(folder, 'open.js', openFeature);
    write(folder, 'closed.js', `${HEADER}${aiBlock('FeatClosed')}`);
    git(folder, 'commit', '-q', '-am', 'feature work');
    git(folder, 'checkout', '-q', 'main');

    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-sentinel-')));
    cleanup.push(outside);
    const client = await LspTestClient.start({ folder });
    try {
      const openUri = fileUri(path.join(folder, 'open.js'));
      const closedUri = fileUri(path.join(folder, 'closed.js'));
      await openDoc(client, openUri, HEADER);
      await openDoc(client, closedUri, HEADER);
      await client.close(closedUri); // the server now knows its text

      git(folder, 'checkout', '-q', 'feature');
      // The editor reloads the open file from disk.
      const reloaded = await edit(client, openUri, [{ text: openFeature }]);
      assert.deepEqual(reloaded.regions.regions, []);
      assert.deepEqual(reloaded.diagnostics.diagnostics, []);

      // The closed file's disk event is handled before the sentinel's (one queue, in order). The
      // sentinel lies outside the repository, so git's activity there does not cover it.
      const sentinel = fileUri(write(outside, 'sentinel.js', `${HEADER}${aiBlock('Sentinel')}`));
      const sentinelRegions = client.nextRegions(sentinel);
      await client.filesChanged([{ uri: closedUri, type: 2 }, { uri: sentinel, type: 1 }]);
      assert.equal((await sentinelRegions).regions.length, 1);
      assert.ok(!client.regionHistory(closedUri).some((p) => p.regions.length > 0));
      const listed = await client.request<WorkspaceRegionsResult>('aiGuard/workspaceRegions', {});
      assert.ok(!listed.files.some((f) => f.uri === closedUri || f.uri === openUri), JSON.stringify(listed));
    } finally {
      await client.shutdown();
    }
  });

  test('scope changedLines checks the lines added since HEAD (unsaved edits included) and leaves committed code alone', async () => {
    const committed = 'const old = eval(legacyInput);\n\nexport function run(x) {\n  return x;\n}\n';
    const folder = committedRepo('ai-guard-changed-lines-', { 'src/run.js': committed });
    write(folder, 'src/fresh.js', 'eval(freshInput);\n'); // not in HEAD: every line counts as added
    const client = await LspTestClient.start({ folder, settings: { scope: 'changedLines' } });
    try {
      const uri = fileUri(path.join(folder, 'src', 'run.js'));
      const opened = await openDoc(client, uri, committed);
      assert.deepEqual(opened.diagnostics.diagnostics, [], 'committed code is not reported');
      // Typed, not pasted: one short line is no AI region, only a changed line.
      const typed = await edit(client, uri, [insertAt(3, '  eval(x);\n')]);
      assert.deepEqual(typed.regions.regions, []);
      assert.deepEqual(typed.diagnostics.diagnostics.map((d) => [d.code, d.range.start.line]), [['js-dynamic-eval', 3]], client.transcript());
      const fresh = await openDoc(client, fileUri(path.join(folder, 'src', 'fresh.js')), 'eval(freshInput);\n');
      assert.deepEqual(fresh.diagnostics.diagnostics.map((d) => [d.code, d.range.start.line]), [['js-dynamic-eval', 0]]);
    } finally {
      await client.shutdown();
    }
  });

  test('Scan AI Changes turns uncommitted agent-written code into regions and scans them', async () => {
    const folder = committedRepo('ai-guard-scan-ai-', { 'tracked.js': HEADER, '.gitignore': 'ignored/\n' });
    write(folder, 'src/agent.js', `${HEADER}${aiBlock('ScanNew')}`); // untracked, never seen by the server
    write(folder, 'tracked.js', `${HEADER}${aiBlock('ScanTracked')}`); // a tracked file grew a block
    write(folder, 'ignored/skip.js', `${HEADER}${aiBlock('ScanIgnored')}`);
    const client = await LspTestClient.start({ folder });
    try {
      const agentUri = fileUri(path.join(folder, 'src', 'agent.js'));
      const diagnostics = client.nextDiagnostics(agentUri);
      const regions = client.nextRegions(agentUri);
      const result = await client.request<ScanAiChangesResult>('aiGuard/scanAiChanges', {});
      assert.deepEqual(result, { filesScanned: 2, regions: 2, unverifiedRegions: 2, newRegions: 2, findings: 2, foldersWithoutGit: [], cancelled: false }, client.transcript());
      assert.deepEqual((await diagnostics).diagnostics.map((d) => d.code), ['js-dynamic-eval']);
      assert.equal((await regions).regions[0].origin, 'agent');

      const again = await client.request<ScanAiChangesResult>('aiGuard/scanAiChanges', {});
      assert.equal(again.newRegions, 0, 'hunks already tracked are not added twice');
      assert.equal(again.regions, 2);
    } finally {
      await client.shutdown();
    }
  });

  test('outside git, Scan AI Changes says so and scans tracked regions only', async () => {
    const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-nogit-')));
    cleanup.push(folder);
    write(folder, 'agent.js', `${HEADER}${aiBlock('NoGit')}`);
    const client = await LspTestClient.start({ folder });
    try {
      const result = await client.request<ScanAiChangesResult>('aiGuard/scanAiChanges', {});
      assert.deepEqual(result.foldersWithoutGit, [folder]);
      assert.equal(result.newRegions, 0);
    } finally {
      await client.shutdown();
    }
  });
});
