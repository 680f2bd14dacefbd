// What a team lead relies on, in a real VS Code: code an agent wrote on disk while nobody watched is found
// by "AI Guard: Scan AI Changes" and listed in the AI Changes view, and a `git commit` typed in the
// integrated terminal is refused by the pre-commit gate until a person has marked that code verified.
// One editor serves both scenarios, in order (the second commits what the first found).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startEditor } from './harness.mjs';

/** A committed module that the agent extends. */
const MAILER = `const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });

module.exports = { transport };
`;

/** What the agent appended: an address-confirmation token from Math.random() (js-insecure-random, a warning). */
const AGENT_HUNK = `
// Sends the link that confirms a new user's e-mail address.
async function sendConfirmation(user) {
  const confirmToken = Math.random().toString(36).substring(2);
  await transport.sendMail({
    to: user.email,
    subject: 'Confirm your address',
    text: \`https://app.example.com/confirm?token=\${confirmToken}\`,
  });
  return confirmToken;
}

module.exports.sendConfirmation = sendConfirmation;
`;

const RULE = 'js-insecure-random';

let editor;
before(async () => {
  // The terminal renders into the DOM (not WebGL) so its text can be read.
  editor = await startEditor({ files: { 'src/services/mailer.js': MAILER }, settings: { 'terminal.integrated.gpuAcceleration': 'off' } });
  // The agent's second change, made on disk before any file is open (so before AI Guard's server runs):
  // only a scan of the uncommitted changes can find it. The first is src/legacy/reset-token.js, untracked.
  fs.appendFileSync(path.join(editor.workspace, 'src', 'services', 'mailer.js'), AGENT_HUNK);
});
after(async () => {
  await editor?.close();
});

const git = (...args) => execFileSync('git', args, { cwd: editor.workspace, encoding: 'utf8' }).trim();

/** A row of the AI Changes view. */
function treeRow(text) {
  return editor.page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

test('Scan AI Changes finds the files an agent wrote and fills the AI Changes view', () =>
  editor.scenario('agent-scan-tree', async ({ page }) => {
    await editor.palette('AI Guard: Scan AI Changes');
    const toast = await editor.notification(/AI Guard: \d+ AI regions?/);
    assert.match(await toast.innerText(), /AI Guard: 2 AI regions \(2 unverified, 2 new\), 2 findings in 2 files/);
    await toast.locator('.monaco-button', { hasText: 'Show AI Changes' }).click();
    await page.locator('.part.sidebar .title-label', { hasText: 'AI Changes' }).waitFor();

    // file → region → finding, for the new file and for the hunk appended to a committed file.
    await treeRow(/reset-token\.js/).waitFor();
    await treeRow(/Lines 1–7 · agent edit · unreviewed/).waitFor();
    await treeRow(/mailer\.js/).waitFor();
    await treeRow(/Lines 7–18 · agent edit · unreviewed/).waitFor();
    const finding = treeRow(new RegExp(`${RULE}: .*confirmToken`));
    await finding.waitFor();
    await page.locator('.statusbar-item', { hasText: /AI: 2 unverified/ }).first().waitFor();

    // A finding opens its file at the line.
    await finding.click();
    await page.locator('.tab.active', { hasText: 'mailer.js' }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'Ln 9,' }).first().waitFor();
  }));

test('a commit from the integrated terminal is blocked until the AI code is marked verified', () =>
  editor.scenario('terminal-commit-gate', async ({ page }) => {
    const commitsBefore = git('rev-list', '--count', 'HEAD');
    await editor.palette('AI Guard: Install Pre-commit Gate');
    await editor.notification(/AI Guard: .*pre-commit/);
    assert.match(fs.readFileSync(path.join(editor.workspace, '.git', 'hooks', 'pre-commit'), 'utf8'), /gate --staged/);

    await editor.openTerminal();
    await editor.runInTerminal('git add -A && git commit -m "Agent: confirmation mails and reset tokens"');
    await editor.waitForTerminalText(/git commit --no-verify/); // the end of the gate's report
    const refused = await editor.terminalBuffer();
    assert.match(refused, /AI Guard blocked this commit: \d+ problems on staged lines/);
    assert.match(refused, /src\/services\/mailer\.js:7\s+ai-region-unverified/);
    assert.match(refused, /src\/legacy\/reset-token\.js:1\s+ai-region-unverified/);
    assert.equal(git('rev-list', '--count', 'HEAD'), commitsBefore, 'the commit was not made');

    // Review: verify both files' regions (their findings are warnings, so no reason is asked for).
    for (const file of ['src/services/mailer.js', 'src/legacy/reset-token.js']) {
      await editor.openFile(file);
      await editor.palette('AI Guard: Mark All Regions in File Verified');
      await editor.monaco.locator('.codelens-decoration a', { hasText: '✓ Verified' }).first().waitFor();
    }
    await page.locator('.statusbar-item', { hasText: /AI: \d+ unverified/ }).waitFor({ state: 'detached' });

    await editor.focusTerminal();
    await editor.runInTerminal('git commit -m "Agent: confirmation mails and reset tokens"');
    await editor.waitForTerminalText(/\[main [0-9a-f]+\] Agent: confirmation mails/);
    assert.equal(git('rev-list', '--count', 'HEAD'), String(Number(commitsBefore) + 1), 'the commit was made');
    assert.equal(git('status', '--porcelain'), '', 'everything the agent wrote is committed');
  }));
