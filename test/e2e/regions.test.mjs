// AI regions in a real VS Code: a pasted block is tracked (CodeLens, gutter bar, status bar, AI Changes
// view) until a person marks it verified; typed code and copies of open files are never tracked. One
// editor serves the scenarios.
// Run with `npm run test:e2e test/e2e/regions.test.mjs` (setup + package + this file).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS, startEditor } from './harness.mjs';

const HEADER = "const express = require('express');\nconst { exec } = require('child_process');\n\nconst router = express.Router();\n";

/** 20 lines the way a chat assistant writes a "clone a repo" endpoint: the URL goes into a shell command (an error finding). */
const BLOCK = `// Clone a repository for the dashboard and report what git printed.
router.post('/api/repos', (req, res) => {
  const { url, name } = req.body;
  if (!url || !name) {
    return res.status(400).json({ error: 'url and name are required' });
  }
  exec(\`git clone \${req.body.url} /tmp/repos/\${name}\`, (err, stdout, stderr) => {
    if (err) {
      return res.status(500).json({ error: stderr || err.message });
    }
    res.json({ output: stdout });
  });
});

router.get('/api/repos/health', (req, res) => {
  res.json({ ok: true, time: new Date().toISOString() });
});

module.exports = router;
`;

/** New code of the same shape: a block copied from an open file is not new, so each scenario pastes its own. */
const variant = (name) => BLOCK.replaceAll('repos', name);

/** Ordinary hand-written code, typed a few characters at a time. */
const TYPED = "function greet(name) {\n  const text = 'Hello, ' + name;\n  return text.trim();\n}\n";

const REASON = 'the route is behind the admin VPN and the URL is validated by the gateway';

let editor;
before(async () => {
  editor = await startEditor({
    files: { 'src/routes/repos.js': HEADER, 'src/routes/greet.js': HEADER },
  });
});
after(async () => {
  await editor?.close();
});

/** A screenshot in test/artifacts, to look at what a person sees. */
async function shot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await editor.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The CodeLens links (one `a` per command) of the active editor that contain `text`. */
function lens(text) {
  return editor.monaco.locator('.codelens-decoration a', { hasText: text });
}

/**
 * Waits until the active editor's gutter shows the AI-region bar (the decoration's SVG) on at least
 * `min` lines, or on none with `min: 0`. Returns the number of marked lines.
 */
async function waitForGutterMarks(min) {
  const handle = await editor.page.waitForFunction((min) => {
    const editorEl = document.querySelector('.editor-instance .monaco-editor');
    const marks = [...(editorEl?.querySelectorAll('.margin-view-overlays *, .glyph-margin-widgets *') ?? [])]
      .filter((el) => getComputedStyle(el).backgroundImage.includes('ai-region')).length;
    return (min === 0 ? marks === 0 : marks >= min) && { marks };
  }, min, { polling: 'raf' });
  return (await handle.jsonValue()).marks;
}

test('a pasted block gets a CodeLens and a gutter bar; "Mark verified" asks for a reason and the count drops', () =>
  editor.scenario('region-verify', async ({ page }) => {
    // Right after opening the first file, as a person pasting from a chat window would: the server
    // starts lazily and may not have seen the file yet (the client replays what it missed).
    await editor.openFile('src/routes/repos.js');
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK);

    await lens('AI suggestion').first().waitFor();
    assert.match(await lens('AI suggestion').first().innerText(), /paste\/completion.*\d+ findings?/);
    await waitForGutterMarks(19); // every line of the block
    const status = page.locator('.statusbar-item', { hasText: /AI: 1 unverified/ });
    await status.first().waitFor();
    await shot('region-unreviewed');

    // The status bar opens the AI Changes view with the file and its region.
    await status.first().click();
    await page.locator('.part.sidebar .title-label', { hasText: 'AI Changes' }).waitFor();
    await page.locator('.monaco-list-row', { hasText: /Lines 5–23 · paste\/completion · unreviewed/ }).first().waitFor();

    await lens('Mark verified').first().click();
    // The block has an error finding (a shell command built from the request): confirm, then give a reason.
    const dialog = page.locator('.monaco-dialog-box', { hasText: /still has \d+ error finding/ });
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: 'Mark Verified' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(REASON);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

    await lens('✓ Verified').first().waitFor();
    assert.match(await lens('✓ Verified').first().innerText(), new RegExp(REASON.slice(0, 30)));
    assert.equal(await lens('AI suggestion').count(), 0, 'no "AI suggestion" CodeLens after verification');
    await waitForGutterMarks(0); // verified regions are not marked
    await page.locator('.statusbar-item', { hasText: /AI: \d+ unverified/ }).waitFor({ state: 'detached' });
    await page.locator('.statusbar-item', { hasText: 'AI Guard' }).first().waitFor();
    await page.locator('.monaco-list-row', { hasText: /Lines 5–23 · paste\/completion · ✓ verified/ }).first().waitFor();
    await shot('region-verified');
  }));

test('typed code gets no CodeLens; a block pasted after it does', () =>
  editor.scenario('region-typed', async ({ page }) => {
    await editor.openFile('src/routes/greet.js');
    await editor.caretToEnd();
    await editor.typeLines(TYPED, { keyByKey: () => true });
    // The paste is processed after the typing, so its CodeLens proves the server has seen every typed key.
    await editor.pasteBlock(variant('mirrors'));
    await lens('AI suggestion').first().waitFor();
    assert.equal(await lens('AI suggestion').count(), 1, 'only the pasted block is an AI region');
    const text = await editor.saveAndRead('src/routes/greet.js');
    assert.equal(text, HEADER + TYPED + variant('mirrors'), 'the keyboard produced exactly the typed text');
    // The region starts at the pasted block (line 9: 4 header + 4 typed lines), not at the typed
    // function: read its range from the AI Changes view, which the status bar item opens.
    await page.locator('.statusbar-item', { hasText: /AI: 1 unverified/ }).first().click();
    await page.locator('.monaco-list-row', { hasText: /Lines 9–\d+ · paste\/completion · unreviewed/ }).first().waitFor();
  }));

test('a block copied from another open file gets no CodeLens; new code pasted after it does', () =>
  editor.scenario('region-copy', async ({ page }) => {
    await editor.openFile('src/routes/session.js');
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK); // stands in repos.js (open, verified): a copy, lines 5–23
    await editor.pasteBlock(variant('backups')); // new code, lines 24–42
    await lens('AI suggestion').first().waitFor();
    assert.equal(await lens('AI suggestion').count(), 1, 'only the new block is an AI region');
    await page.locator('.statusbar-item', { hasText: /AI: 2 unverified/ }).first().click();
    await page.locator('.monaco-list-row', { hasText: /Lines 24–42 · paste\/completion · unreviewed/ }).first().waitFor();
  }));
