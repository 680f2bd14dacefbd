/**
 * Quick fixes over LSP: the rule's fix as a versioned edit, and the "Ignore … here…" command whose
 * arguments must produce a suppression the server honours. The fix case uses a fixture rule
 * (test/fixtures/rules) so it does not depend on how the real rules' fixes evolve.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver/node';
import { suppressionComment } from '../../server/src/analysis/suppression';
import type { SuppressFindingArgs } from '../../server/src/lsp/protocol';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { ROOT } from '../helpers/paths';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-actions-'));
const uri = (name: string) => fileUri(path.join(folder, name));

function asActions(items: Array<CodeAction | Command>): CodeAction[] {
  return items.map((item) => {
    assert.ok('kind' in item || 'edit' in item || 'diagnostics' in item, `expected a CodeAction, got a bare Command: ${JSON.stringify(item)}`);
    return item as CodeAction;
  });
}

after(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('code actions for a rule with a fix', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' }, env: { AI_GUARD_RULES_DIR: path.join(ROOT, 'test', 'fixtures', 'rules') } });
  });
  after(() => client.shutdown());

  test('the fix is a preferred quick fix with an edit tied to the diagnostics version; applying it removes the finding', async () => {
    const doc = uri('hash.js');
    await client.open(doc, 'const salt = "s";\nconst digest = legacyHash(password + salt);\n');
    // An unrelated edit first, so the diagnostics describe version 2.
    const published = await client.change(doc, [{ range: { start: { line: 0, character: 14 }, end: { line: 0, character: 15 } }, text: 'pepper' }]);
    assert.equal(published.version, 2);
    assert.equal(published.diagnostics.length, 1, client.transcript());
    const diagnostic = published.diagnostics[0];

    const actions = asActions(await client.codeActions(doc, diagnostic.range, [diagnostic]));
    assert.deepEqual(actions.map((a) => a.title), ['Call strongHash instead', 'Ignore js-fixture-legacy-hash here…']);
    const [fix] = actions;
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    const change = fix.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: doc, version: 2 });
    assert.deepEqual(change.edits, [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 25 } }, newText: 'strongHash' }]);

    const fixed = await client.change(doc, change.edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.deepEqual(fixed.diagnostics, []);
  });

  test('no actions outside the diagnostic, and none for other tools\' diagnostics', async () => {
    const doc = uri('other.js');
    const published = await client.open(doc, 'const a = 1;\nconst d = legacyHash(a);\n');
    const ours = published.diagnostics[0];
    assert.deepEqual(await client.codeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, [ours]), []);
    const foreign: Diagnostic = { ...ours, source: 'eslint', code: 'no-eval', data: undefined };
    assert.deepEqual(await client.codeActions(doc, ours.range, [foreign]), []);
  });
});

describe('the suppress action with the real rules', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile' } });
  });
  after(() => client.shutdown());

  test('its command arguments produce a comment that silences the finding', async () => {
    const doc = uri('suppress.js');
    const text = 'function run(expr) {\n    return eval(expr);\n}\n';
    const published = await client.open(doc, text);
    assert.equal(published.diagnostics.length, 1, client.transcript());
    const diagnostic = published.diagnostics[0];
    assert.equal(diagnostic.code, 'js-dynamic-eval');

    const actions = asActions(await client.codeActions(doc, diagnostic.range, [diagnostic]));
    const suppress = actions.find((a) => a.title === 'Ignore js-dynamic-eval here…');
    assert.ok(suppress, JSON.stringify(actions));
    assert.equal(suppress.kind, CodeActionKind.QuickFix);
    assert.equal(suppress.command?.command, 'aiGuard.suppressFinding');
    const args = suppress.command?.arguments?.[0] as SuppressFindingArgs;
    assert.deepEqual(args, { uri: doc, line: 1, ruleId: 'js-dynamic-eval', commentPrefix: '//' });

    // What the client command inserts above the line, given a reason typed by the person.
    const lineText = text.split('\n')[args.line];
    const comment = suppressionComment(lineText, args.commentPrefix, args.ruleId, 'expr is built from constants in this module');
    assert.equal(comment, '    // ai-guard-ignore-next-line js-dynamic-eval -- expr is built from constants in this module\n');
    const after = await client.change(doc, [{ range: { start: { line: args.line, character: 0 }, end: { line: args.line, character: 0 } }, text: comment }]);
    assert.deepEqual(after.diagnostics, []);
  });
});
