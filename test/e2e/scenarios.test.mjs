// AI Guard in a real VS Code (code-server + headless Chromium): what a person sees after an AI
// assistant's code lands in the editor. One editor serves all scenarios; each works in its own file.
// Run with `npm run test:e2e` (setup + package + these) or, after that, `node --test test/e2e/`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import YAML from 'yaml';
import { FIXTURES, REPO, startEditor } from './harness.mjs';

const RULE = 'js-insecure-random';
/** A GitHub OAuth login route the way a chat assistant writes it: the `state` comes from Math.random(). */
const BLOCK = fs.readFileSync(path.join(FIXTURES, 'blocks', 'oauth-login.js'), 'utf8');
const STATE_LINE = 'const state = Math.random().toString(36).substring(2);';
/** Every route file of the fixture starts with this header (4 lines); blocks go after it. */
const HEADER_LINES = 4;
const stateLineNumber = HEADER_LINES + BLOCK.split('\n').findIndex((l) => l.includes(STATE_LINE)) + 1;

/** The rule as shipped: the hover and Problems panel must show its message, Ctrl+. its fix title. */
const rule = YAML.parse(fs.readFileSync(path.join(REPO, 'rules', 'javascript', `${RULE}.yaml`), 'utf8'));
/**
 * A literal stretch of the message: the longest part between placeholders and backticks, so it reads the
 * same whether the hover renders the message as text or as Markdown.
 */
const MESSAGE = rule.message.split(/`|\{\{[^}]*\}\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0].slice(0, 48);
const FIX_TITLE = rule.fix.title;

const SECURE_STATE = /const state = crypto\.(randomUUID\(\)|getRandomValues\()/;

let editor;
before(async () => {
  editor = await startEditor();
});
after(async () => {
  await editor?.close();
});

test('a pasted OAuth route gets a squiggle, hover and a quick fix that makes the state secure', () =>
  editor.scenario('paste-quick-fix', async ({ page }) => {
    await editor.openFile('src/routes/auth.js');
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK);
    await editor.gotoLine(stateLineNumber);

    // The first JavaScript file starts the language server (grammars and rules load): allow for a busy machine.
    await editor.waitForSquiggle(STATE_LINE, { timeout: 120_000 });
    // Precision: the rest of the route is ordinary safe code and must stay unmarked.
    assert.equal(await editor.squiggles().count(), 1, 'exactly one squiggle in the pasted route');
    // Over `random`, so the built-in JavaScript hover below ours is Math.random's own documentation.
    await editor.quickFixesFromHover(STATE_LINE, [MESSAGE, RULE], FIX_TITLE, { at: 0.2 });
    await screenshotForDocs(page);
    await editor.closeQuickFixes();

    const fix = await editor.openQuickFixes(STATE_LINE, FIX_TITLE);
    await fix.click();
    await editor.waitForSquiggle('const state = crypto.', { gone: true });
    const text = await editor.saveAndRead('src/routes/auth.js');
    assert.match(text, SECURE_STATE);
    assert.doesNotMatch(text, /Math\.random/);
    assert.equal(await editor.squiggles().count(), 0, 'no squiggle left after the fix');
  }));

test('the same route typed key by key gets the diagnostic once typing settles', () =>
  editor.scenario('typed', async () => {
    await editor.openFile('src/routes/typed.js');
    await editor.caretToEnd();
    await editor.typeLines(BLOCK, { keyByKey: (line) => line.includes(STATE_LINE) });
    await editor.gotoLine(stateLineNumber);
    await editor.waitForSquiggle(STATE_LINE);
    await editor.hover(STATE_LINE, [RULE]);
    // The typing settings make the keyboard produce exactly the block; check it so the test proves what it says.
    const text = await editor.saveAndRead('src/routes/typed.js');
    assert.equal(text, `const express = require('express');\n\nconst router = express.Router();\n\n${BLOCK}`);
  }));

test('the Problems panel lists the finding with source ai-guard and the rule id', () =>
  editor.scenario('problems-panel', async ({ page }) => {
    await editor.openFile('src/routes/session.js');
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK);
    await editor.gotoLine(stateLineNumber);
    await editor.waitForSquiggle(STATE_LINE);
    const rows = await editor.problemsRows([MESSAGE, `Ln ${stateLineNumber},`]);
    await rows.first().waitFor();
    const row = await rows.first().innerText();
    assert.match(row, /ai-guard/);
    assert.match(row, new RegExp(`\\b${RULE}\\b`));
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  }));

test('"Ignore … here…" asks for a reason, inserts the suppression comment and clears the squiggle', () =>
  editor.scenario('ignore-with-reason', async ({ page }) => {
    await editor.openFile('src/routes/callback.js');
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK);
    await editor.gotoLine(stateLineNumber);
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

test('"AI Guard: Scan AI Changes" runs from the palette and reports its result', () =>
  editor.scenario('scan-command', async () => {
    await editor.palette('AI Guard: Scan AI Changes');
    // The progress notification comes first; the result names the counts.
    const toast = await editor.notification(/\d+ findings? in \d+ files?/);
    assert.match(await toast.innerText(), /AI Guard/);
    // The fixture's unreviewed src/legacy/reset-token.js (never opened) is among the results.
    const rows = await editor.problemsRows([RULE]);
    await editor.page.locator('.markers-panel .monaco-list-row', { hasText: 'reset-token.js' }).first().waitFor();
    assert.ok((await rows.count()) >= 1);
  }));

async function screenshotForDocs(page) {
  const target = path.join(REPO, 'docs', 'screenshot.png');
  if (process.env.AIGUARD_UPDATE_SCREENSHOT !== '1' && fs.existsSync(target)) return;
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if (await toasts.count()) {
    console.log(`[e2e] docs/screenshot.png not written: a notification is showing (${await toasts.first().innerText()})`);
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  console.log(`[e2e] wrote ${path.relative(REPO, target)}`);
}
