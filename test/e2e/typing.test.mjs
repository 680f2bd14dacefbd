// Code typed by a person, key by key, in a real VS Code. Until AI-region tracking decides what typed
// code means, this runs with `aiGuard.scope: "wholeFile"` (the whole-document behaviour): typing must
// still end in the same diagnostic once the change settles. Its own editor, so the setting does not
// change what the default-settings scenarios see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEditor } from './harness.mjs';
import { BLOCK, ROUTE_HEADER, RULE_TAG, STATE_LINE, STATE_LINE_NUMBER } from './oauthBlock.mjs';

let editor;
before(async () => {
  editor = await startEditor({ settings: { 'aiGuard.scope': 'wholeFile' } });
});
after(async () => {
  await editor?.close();
});

test('the OAuth route typed line by line gets the diagnostic once typing settles (scope wholeFile)', () =>
  editor.scenario('typed-whole-file', async () => {
    await editor.openFile('src/routes/typed.js');
    await editor.waitForLanguageServer(); // the first file starts it
    await editor.caretToEnd();
    await editor.typeLines(BLOCK, { keyByKey: (line) => line.includes(STATE_LINE) });
    await editor.gotoLine(STATE_LINE_NUMBER);
    await editor.waitForSquiggle(STATE_LINE);
    await editor.hover(STATE_LINE, [RULE_TAG]);
    // The typing settings make the keyboard produce exactly the block; check it so the test proves what it says.
    assert.equal(await editor.saveAndRead('src/routes/typed.js'), ROUTE_HEADER + BLOCK);
  }));
