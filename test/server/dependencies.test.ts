/**
 * Dependency checks through the real language server: static diagnostics are published at once
 * and the registry's answer joins them in a later publish; did-you-mean fixes edit the import and
 * package.json; a registry that never answers delays nothing and ends as "could not verify";
 * `aiGuard.dependencies.online: false` makes no request; hovers tell what is known.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type CodeAction, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { FakeRegistry } from '../helpers/fakeRegistry';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const MANIFEST = '{\n  "name": "demo",\n  "dependencies": {\n    "left-padx": "^1.3.0"\n  }\n}\n';

describe('dependency checks over LSP', () => {
  let registry: FakeRegistry;
  let client: LspTestClient;
  let folder: string;
  const uri = (name: string) => fileUri(path.join(folder, name));

  before(async () => {
    registry = await FakeRegistry.start();
    registry.npm.set('left-pad', {});
    registry.faults.set('/npm/never-answers', { kind: 'hang' });
    folder = makeTempDir('ai-guard-lsp-deps-');
    writeTree(folder, { '.npmrc': `registry=${registry.npmUrl}\n`, 'package.json': MANIFEST });
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile', dependencies: { timeoutMs: 400 } }, env: { HOME: folder, USERPROFILE: folder } });
  });
  after(async () => {
    await client.shutdown();
    await registry.stop();
  });

  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).sort();

  test('static diagnostics first, then the registry\'s "does not exist" with fixes for the import and package.json', async () => {
    const doc = uri('src/pad.js');
    const first = await client.open(doc, 'import leftPad from "left-padx";\nconst n = eval(input);\n');
    assert.deepEqual(codes(first), ['js-dynamic-eval'], 'the first publish holds the static findings only');
    const second = await client.nextDiagnostics(doc);
    assert.deepEqual(codes(second), ['dependency-does-not-exist', 'js-dynamic-eval'], client.transcript());
    const missing = second.diagnostics.find((d) => d.code === 'dependency-does-not-exist')!;
    assert.equal(missing.severity, DiagnosticSeverity.Error);
    assert.deepEqual(missing.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 30 } });
    assert.ok(missing.relatedInformation?.some((r) => r.location.uri === uri('package.json')));

    const actions = (await client.codeActions(doc, missing.range, [missing])) as CodeAction[];
    const useLeftPad = actions.find((a) => a.title === 'Use `left-pad` instead')!;
    const changes = useLeftPad.edit?.documentChanges as Array<{ textDocument: { uri: string }; edits: Array<{ newText: string }> }>;
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.edits.map((e) => e.newText)]), [[doc, ['left-pad']], [uri('package.json'), ['left-pad']]]);
    assert.ok(actions.some((a) => a.title === 'Remove this dependency'));

    const hover = await client.hover(doc, { line: 0, character: 24 });
    assert.match(JSON.stringify(hover?.contents), /does not exist on 127\.0\.0\.1/);
  });

  test('a registry that never answers delays nothing: static findings at once, "could not verify" (information) after the deadline', async () => {
    const doc = uri('src/slow.js');
    const first = await client.open(doc, 'import x from "never-answers";\nconst n = eval(input);\n');
    assert.deepEqual(codes(first), ['js-dynamic-eval']);
    const second = await client.nextDiagnostics(doc);
    const info = second.diagnostics.find((d) => d.code === 'dependency-could-not-verify');
    assert.equal(info?.severity, DiagnosticSeverity.Information, client.transcript());
    assert.ok(!second.diagnostics.some((d) => d.code === 'dependency-does-not-exist'));
    // The status bar says why: the registry is a reason of a degraded server.
    const degraded = await client.status((st) => st.reasons.some((r) => r.source === 'registry'));
    assert.equal(degraded.health, 'degraded');
    assert.match(degraded.reasons.find((r) => r.source === 'registry')!.message, /Registry 127\.0\.0\.1:\d+ unreachable \(.*did not answer within 0\.4 s\)/);
  });

  test('aiGuard.dependencies.online: false makes no request; unknown names are "could not verify" at once, look-alikes typosquat candidates', async () => {
    await client.changeSettings({ scope: 'wholeFile', dependencies: { online: false } });
    const before = registry.requests.length;
    const doc = uri('src/offline.js');
    const first = await client.open(doc, 'import a from "totally-unknown-pkg";\nimport b from "expresss";\n');
    assert.deepEqual(codes(first), ['dependency-could-not-verify', 'dependency-typosquat']);
    const hover = await client.hover(doc, { line: 1, character: 16 });
    assert.match(JSON.stringify(hover?.contents), /express/);
    assert.equal(registry.requests.length, before);
    await client.changeSettings({ scope: 'wholeFile', dependencies: { timeoutMs: 400 } });
  });
});
