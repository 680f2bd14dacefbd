// Code a person wrote, in a real VS Code with `aiGuard.scope: "wholeFile"` (every line is checked, not
// only AI regions): code typed key by key ends in the same diagnostic once the change settles, and a
// finding in the person's own code can be suppressed with a reason. (Inside an unverified AI region a
// suppression is not honoured; regions.test.mjs covers that.) Its own editor, so the setting does not
// change what the default-settings scenarios see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEditor } from './harness.mjs';
import { BLOCK, ROUTE_HEADER, RULE, RULE_TAG, STATE_LINE, STATE_LINE_NUMBER } from './oauthBlock.mjs';

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

test('"Ignore … here…" asks for a reason, inserts the suppression comment and clears the squiggle', () =>
  editor.scenario('ignore-with-reason', async ({ page }) => {
    // callback.js was committed with the OAuth route in it: the person's code, not an AI region.
    await editor.openFile('src/routes/callback.js');
    await editor.gotoLine(STATE_LINE_NUMBER);
    const ignore = await editor.openQuickFixes(STATE_LINE, `Ignore ${RULE} here`);
    await ignore.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    const reason = 'state is only a CSRF nonce for a local dev login';
    await input.fill(reason);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await editor.waitForSquiggle(STATE_LINE, { gone: true });
    const text = await editor.saveAndRead('src/routes/callback.js');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes(STATE_LINE));
    assert.equal(lines[at - 1], `  // ai-guard-ignore-next-line ${RULE} -- ${reason}`);
  }));
