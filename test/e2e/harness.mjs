// Drives AI Guard in a real VS Code: code-server (VS Code 1.139 in a browser) with the packaged .vsix
// installed, a throw-away user-data dir, a fixture workspace made into a git repo, and headless Chromium
// driven by playwright-core (see shared/E2E.md for the flags and selectors this relies on).
// Every wait is on a selector, a page condition or a process event; there are no fixed delays.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools, toolPaths } from './setup.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'e2e', 'fixtures');
export const ARTIFACTS = path.join(REPO, 'test', 'artifacts');
const UI_TIMEOUT = 60_000;
/** The quick-fix (code action) menu; its empty submenu panel shares the class. */
const ACTION_MENU = '.action-widget:not(.action-list-submenu-panel)';

/** A quiet workbench (no Chat panel, welcome page, trust prompt, telemetry, updates): tests and the demo. */
export const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.autofetch': false,
};

/** VS Code settings for every test run. The web build's defaults would auto-save, open Chat and restore state. */
export const BASE_SETTINGS = {
  ...WORKBENCH_SETTINGS,
  'files.autoSave': 'off',
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  // Sticky scroll paints over the first lines and would swallow clicks meant for them.
  'editor.stickyScroll.enabled': false,
  // Keyboard typing must produce exactly the typed text (shared/E2E.md §4): no auto-closing,
  // re-indenting, formatting or accepted suggestions.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingComments': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnPaste': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.acceptSuggestionOnCommitCharacter': false,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.inlineSuggest.enabled': false,
  'editor.linkedEditing': false,
  'javascript.autoClosingTags': false,
};

/** The packaged extension: $AIGUARD_VSIX (run.mjs packages once for all test files) or a fresh `npm run package`. */
export function packageExtension({ force = false } = {}) {
  if (!force && process.env.AIGUARD_VSIX && fs.existsSync(process.env.AIGUARD_VSIX)) return process.env.AIGUARD_VSIX;
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const vsix = path.join(REPO, `ai-guard-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run package failed (${result.status ?? result.error?.message}):\n${result.stdout}${result.stderr}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`npm run package finished but ${vsix} is missing.`);
  return vsix;
}

/** Fixture files an agent wrote after the last commit (untracked), copied in by makeGitWorkspace(). */
export const AGENT_CHANGES = path.join(FIXTURES, 'agent-changes');

/**
 * Copies a fixture folder to `dest`, adds `files` (relative path → text) and makes it a git repository
 * with one commit, as a real project would be. Then copies `uncommitted` over it: changes an agent made
 * on disk since that commit, which "Scan AI Changes" must find.
 */
export function makeGitWorkspace(source, dest, { files = {}, uncommitted, message = 'fixture' } = {}) {
  fs.cpSync(source, dest, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.writeFileSync(path.join(dest, rel), text);
  }
  const git = (...args) => execFileSync('git', args, { cwd: dest, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'e2e@ai-guard.invalid');
  git('config', 'user.name', 'AI Guard E2E');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', message);
  if (uncommitted) fs.cpSync(uncommitted, dest, { recursive: true });
  return dest;
}

/** Files named `AI Guard.log` (the extension's log output channel) under a code-server user-data dir. */
export function findExtensionLogs(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'AI Guard.log' || /^\d+-AI Guard\.log$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found;
}

/**
 * Starts code-server with code-server's own Node 24 on 127.0.0.1 (a free port picked by the OS) in its own
 * process group. Resolves once it prints its URL. `extraArgs` go before the workspace path.
 */
export async function startCodeServer({ paths, userDataDir, extensionsDir, workspace, host = '127.0.0.1', port = 0, extraArgs = [], logFile }) {
  fs.mkdirSync(userDataDir, { recursive: true });
  const config = path.join(userDataDir, '..', 'code-server.yaml');
  fs.writeFileSync(config, ''); // never read ~/.config/code-server (it may ask for a password)
  const args = ['--config', config, '--auth', 'none', '--bind-addr', `${host}:${port}`, '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--reconnection-grace-time', '5', ...extraArgs, ...(workspace ? [workspace] : [])];
  const child = spawn(paths.codeServer, args, { env: paths.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? fs.createWriteStream(logFile) : undefined;
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s. Output:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      log?.write(chunk);
      const m = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`code-server could not start: ${err.message}`)); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited (${code}) before listening. Output:\n${output}`)); });
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.on('data', (c) => log?.write(c));
  child.stderr.on('data', (c) => log?.write(c));
  const stop = () => stopProcessGroup(child);
  return { child, url, stop };
}

/** SIGTERM to the whole group (code-server, extension host, language server, tsserver), SIGKILL if it lingers. */
export async function stopProcessGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return killGroup(child, 'SIGKILL');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL'); // children that ignored SIGTERM
}

function killGroup(child, signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

export function loadPlaywright(paths) {
  return createRequire(path.join(paths.tools, 'package.json'))('playwright-core');
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A running VS Code with AI Guard installed, on a git copy of test/e2e/fixtures/workspace (plus `files`,
 * relative path → text, before the commit, and the `uncommitted` folder's files after it).
 */
export async function startEditor({ settings = {}, workspaceSource = path.join(FIXTURES, 'workspace'), files = {},
  uncommitted = AGENT_CHANGES } = {}) {
  const paths = process.env.AIGUARD_E2E_SKIP_SETUP ? toolPaths() : ensureTools({ log: () => {} });
  const vsix = packageExtension();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aig-e2e-'));
  const editor = new Editor(tmp);
  killEditorsOnExit(editor);
  try {
    const userData = path.join(tmp, 'data');
    const extensions = path.join(tmp, 'ext');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
    execFileSync(paths.codeServer, ['--install-extension', vsix, '--extensions-dir', extensions, '--user-data-dir', userData, '--force'],
      { env: paths.env, stdio: 'pipe' });
    editor.workspace = makeGitWorkspace(workspaceSource, path.join(tmp, 'fixture-app'), { files, uncommitted });
    editor.userData = userData;
    editor.server = await startCodeServer({ paths, userDataDir: userData, extensionsDir: extensions, workspace: editor.workspace,
      logFile: path.join(tmp, 'code-server.log') });
    const { chromium } = loadPlaywright(paths);
    editor.browser = await chromium.launch({ executablePath: paths.chromium, args: CHROMIUM_ARGS });
    const context = await editor.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(editor.server.url).origin });
    editor.page = await context.newPage();
    editor.page.setDefaultTimeout(UI_TIMEOUT);
    await editor.page.goto(editor.server.url);
    await editor.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    // AI Guard's activity-bar entry: its contributions (commands in the palette) are registered.
    await editor.page.locator('.activitybar .action-item a[aria-label^="AI Guard"]').first().waitFor();
    return editor;
  } catch (err) {
    await editor.fail('startup', err);
    await editor.close();
    throw err;
  }
}

/** Editors still running when the process exits (a crash, Ctrl+C): their process groups are killed. */
const onExitKill = new Set();
let exitHandlersInstalled = false;
function killEditorsOnExit(editor) {
  onExitKill.add(editor);
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  const killAll = () => { for (const e of onExitKill) killGroup(e.server?.child, 'SIGKILL'); };
  process.once('exit', killAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.once(signal, () => { killAll(); process.exit(code); });
  }
}

const TRACED = ['openFile', 'waitForLanguageServer', 'gotoLine', 'pasteBlock', 'typeLines', 'palette', 'waitForSquiggle', 'hover', 'quickFixesFromHover', 'openQuickFixes',
  'quickFix', 'saveAndRead', 'problemsRows', 'notification', 'openTerminal', 'waitForTerminalText'];

/** AIGUARD_E2E_TRACE=1 prints how long each step took, to find what a slow scenario waits for. */
function traceMethods(target, names) {
  for (const name of names) {
    const original = target[name];
    target[name] = async (...args) => {
      const started = Date.now();
      try {
        return await original.apply(target, args);
      } finally {
        const what = args.map((a) => JSON.stringify(a)?.slice(0, 40)).join(', ');
        console.log(`[e2e] ${name}(${what}) ${Date.now() - started} ms`);
      }
    };
  }
}

export class Editor {
  constructor(tmp) {
    this.tmp = tmp;
    /** @type {import('playwright-core').Page} */
    this.page = undefined;
    if (process.env.AIGUARD_E2E_TRACE) traceMethods(this, TRACED);
  }

  /** The active editor's Monaco instance. */
  get monaco() {
    return this.page.locator('.editor-instance .monaco-editor').first();
  }

  /** Runs one scenario; on failure saves a screenshot and the AI Guard log and names them in the error. */
  async scenario(name, fn) {
    try {
      await fn(this);
    } catch (err) {
      await this.fail(name, err);
      throw err;
    }
  }

  async fail(name, err) {
    const saved = await this.saveArtifacts(name).catch((e) => [`(could not save artifacts: ${e.message})`]);
    if (err && typeof err === 'object') err.message += `\nArtifacts:\n  ${saved.join('\n  ')}`;
    console.error(`[e2e] ${name} failed; artifacts:\n  ${saved.join('\n  ')}`);
  }

  async saveArtifacts(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const base = path.join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-').slice(0, 60)}-${Date.now()}`);
    const saved = [];
    if (this.page) {
      await this.page.screenshot({ path: `${base}.png` });
      saved.push(`${base}.png`);
    }
    const logs = this.userData ? findExtensionLogs(this.userData) : [];
    logs.forEach((log, i) => {
      const dest = `${base}${logs.length > 1 ? `-${i}` : ''}.ai-guard.log`;
      fs.copyFileSync(log, dest);
      saved.push(dest);
    });
    if (!logs.length) saved.push('(no "AI Guard.log" under the user-data dir: the extension may not have activated)');
    const serverLog = path.join(this.tmp, 'code-server.log');
    if (fs.existsSync(serverLog)) {
      fs.copyFileSync(serverLog, `${base}.code-server.log`);
      saved.push(`${base}.code-server.log`);
    }
    return saved;
  }

  /** The extension's output-channel log so far ('' before it activated). */
  extensionLog() {
    return findExtensionLogs(this.userData).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  /** Opens a workspace file with Quick Open and waits until its editor is active and focused. */
  async openFile(rel) {
    const page = this.page;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.fill(rel);
    // Click the file's row: Enter would take the first row, which may still be a recent file of the old list.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor();
    await this.monaco.locator('.view-lines').waitFor();
    await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
  }

  /**
   * Waits until AI Guard's language server has loaded its rules, read from its log in the Output panel
   * ("AI Guard: Show Log"), then closes the panel and focuses the editor again. The server starts with
   * the first supported file; scenarios whose timing depends on its rules being loaded wait for it.
   */
  async waitForLanguageServer({ timeout = 120_000 } = {}) {
    await this.palette('AI Guard: Show Log');
    // \s, not a space: the DOM renders spaces as U+00A0.
    await this.page.locator('.part.panel .monaco-editor .view-lines', { hasText: /Loaded\s\d+\srules/ }).first().waitFor({ timeout });
    await this.palette('View: Hide Panel');
    await this.palette('View: Focus Active Editor Group');
    await this.page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
  }

  /** Moves the caret to a 1-based line with Go to Line (Ctrl+G), which also scrolls it into view. */
  async gotoLine(line) {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line},` }).first().waitFor();
  }

  /** Puts the caret at the end of the document. */
  async caretToEnd() {
    await this.page.keyboard.press('Control+End');
  }

  /** Inserts text in one edit through the clipboard, the way an accepted completion or a paste from chat arrives. */
  async pasteBlock(text) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press('Control+V');
    await this.page.locator('.tab.active.dirty').waitFor();
  }

  /**
   * Types text line by line from the keyboard, each line one typing edit followed by an Enter key press;
   * lines matching `keyByKey` are typed one key press per character. (Pressing every key of a 40-line
   * block takes 10 s on an idle 2-core machine and minutes on a busy one.) Needs BASE_SETTINGS' typing
   * settings for the text to come out exact.
   */
  async typeLines(text, { keyByKey = () => false } = {}) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] && keyByKey(lines[i])) await this.page.keyboard.type(lines[i]);
      else if (lines[i]) await this.page.keyboard.insertText(lines[i]);
      if (i < lines.length - 1) await this.page.keyboard.press('Enter');
    }
  }

  /** Runs a command from the palette (F1). Commands that open their own quick pick or input keep it open. */
  async palette(title, { keepsQuickInput = false } = {}) {
    const page = this.page;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
    if (!keepsQuickInput) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Squiggles of problems (error/warning/info; not the hint dots of unused code) in the active editor. */
  squiggles() {
    return this.monaco.locator('.squiggly-error, .squiggly-warning, .squiggly-info');
  }

  /**
   * Waits until a squiggle sits on the visible line that contains `lineText` (or until none does, with
   * `{ gone: true }`) and returns its box. The check runs in the page on every animation frame.
   */
  async waitForSquiggle(lineText, { gone = false, timeout = UI_TIMEOUT } = {}) {
    const handle = await this.page.waitForFunction(({ lineText, gone }) => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return false;
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => norm(l.textContent).includes(lineText));
      if (!line) return false;
      const lr = line.getBoundingClientRect();
      const hit = [...editor.querySelectorAll('.squiggly-error, .squiggly-warning, .squiggly-info')]
        .map((s) => s.getBoundingClientRect())
        .find((r) => r.width > 0 && r.top + r.height / 2 >= lr.top && r.top + r.height / 2 <= lr.bottom);
      if (gone) return !hit && { x: lr.x, y: lr.y, width: lr.width, height: lr.height };
      return hit ? { x: hit.x, y: hit.y, width: hit.width, height: hit.height } : false;
    }, { lineText, gone }, { timeout, polling: 'raf' });
    return handle.jsonValue();
  }

  /**
   * Moves the mouse over the squiggle on `lineText` (at the fraction `at` of its width) and waits for a
   * hover containing every string in `texts`. Returns the hover.
   */
  async hover(lineText, texts, { at = 0.5 } = {}) {
    let hover = this.page.locator('.monaco-hover');
    for (const t of texts) hover = hover.filter({ hasText: t });
    // A squiggle seen mid-change (a syntax error while typing, or a widget such as suggest covering it)
    // can leave a hover without our text, and a resting mouse never asks again: move away and back.
    for (let attempt = 1; ; attempt++) {
      const box = await this.waitForSquiggle(lineText);
      await this.page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
      try {
        await hover.first().waitFor({ timeout: UI_TIMEOUT / 3 });
        return hover.first();
      } catch (err) {
        if (attempt === 3) throw err;
        await this.page.keyboard.press('Escape');
        await this.page.mouse.move(0, 0);
        await this.page.locator('.monaco-hover').first().waitFor({ state: 'hidden' });
      }
    }
  }

  /**
   * Hovers the squiggle on `lineText` (see hover()), clicks "Quick Fix..." in the hover and waits for the
   * menu row titled `title`, with the hover still shown. The hover re-renders when late content (the
   * built-in JavaScript hover) arrives, which can swallow a click on a busy machine: up to 3 tries.
   */
  async quickFixesFromHover(lineText, texts, title, options) {
    for (let attempt = 1; ; attempt++) {
      const hover = await this.hover(lineText, texts, options);
      const link = hover.locator('.action-container', { hasText: 'Quick Fix' }).first();
      try {
        await link.waitFor(); // shown once the code actions are computed
        await link.click({ timeout: 10_000 });
        const row = this.page.locator(`${ACTION_MENU} .monaco-list-row`, { hasText: title }).first();
        await row.waitFor({ timeout: 10_000 });
        return row;
      } catch (err) {
        if (attempt === 3) throw err;
        await this.page.keyboard.press('Escape');
        await this.page.mouse.move(0, 0);
        await hover.waitFor({ state: 'hidden' });
      }
    }
  }

  /** Closes an open quick-fix menu without choosing. */
  async closeQuickFixes() {
    await this.page.keyboard.press('Escape');
    await this.page.locator(ACTION_MENU).waitFor({ state: 'hidden' });
  }

  /**
   * Puts the caret in the squiggle on `lineText`, waits for the light bulb (code actions computed), opens
   * the quick-fix menu with Ctrl+. and waits for a row titled `title`. Returns that row.
   */
  async openQuickFixes(lineText, title) {
    const box = await this.waitForSquiggle(lineText);
    await this.page.mouse.click(box.x + 3, box.y + box.height / 2);
    await this.page.mouse.move(0, 0); // a hover would hide the light bulb
    await this.page.locator('.lightBulbWidget').waitFor();
    await this.page.keyboard.press('Control+.');
    const row = this.page.locator(`${ACTION_MENU} .monaco-list-row`, { hasText: title }).first();
    await row.waitFor();
    return row;
  }

  /** Applies the quick fix titled `title` for the squiggle on `lineText`. */
  async quickFix(lineText, title) {
    const row = await this.openQuickFixes(lineText, title);
    await row.click();
    await this.page.locator(ACTION_MENU).waitFor({ state: 'hidden' });
  }

  /** Saves the active editor and returns the file's text from disk: the exact text, unlike the DOM. */
  async saveAndRead(rel) {
    await this.page.locator('.tab.active.dirty').waitFor();
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active:not(.dirty)').waitFor();
    return fs.readFileSync(path.join(this.workspace, rel), 'utf8');
  }

  /** Shows the Problems panel and returns the locator of its marker rows that contain every string in `texts`. */
  async problemsRows(texts = []) {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.page.keyboard.press('Control+Shift+M');
    let rows = this.page.locator('.markers-panel .monaco-list-row');
    for (const t of texts) rows = rows.filter({ hasText: t });
    return rows;
  }

  /** Waits for a notification toast containing `text` (a string or RegExp) and returns it. */
  /** Opens a new integrated terminal (the default shell, in the workspace) and waits for its prompt. */
  async openTerminal() {
    await this.palette('Terminal: Create New Terminal');
    await this.page.locator('.part.panel .xterm.focus').first().waitFor();
    await this.waitForTerminalText(/\S/);
  }

  /** Focuses the terminal panel again (after working in an editor). */
  async focusTerminal() {
    await this.palette('Terminal: Focus Terminal');
    await this.page.locator('.part.panel .xterm.focus').first().waitFor();
  }

  /** Types a command line into the focused terminal and runs it. */
  async runInTerminal(line) {
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /** The terminal's whole buffer (scrollback too), through Select All and Copy into the clipboard. */
  async terminalBuffer() {
    await this.palette('Terminal: Select All');
    await this.page.evaluate(() => navigator.clipboard.writeText(''));
    await this.palette('Terminal: Copy Selection');
    const handle = await this.page.waitForFunction(async () => (await navigator.clipboard.readText()) || false, undefined, { polling: 100 });
    return handle.jsonValue();
  }

  /**
   * Waits until the visible text of the terminal matches `pattern` and returns that text, a line per
   * row. Needs `terminal.integrated.gpuAcceleration: "off"` (the DOM renderer) to see the text.
   */
  async waitForTerminalText(pattern, { timeout = UI_TIMEOUT } = {}) {
    const handle = await this.page.waitForFunction(({ source, flags }) => {
      const rows = document.querySelector('.part.panel .xterm .xterm-rows');
      if (!rows) return false;
      const text = [...rows.children].map((row) => row.textContent.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
      return new RegExp(source, flags).test(text) && text;
    }, { source: pattern.source, flags: pattern.flags }, { timeout, polling: 'raf' });
    return handle.jsonValue();
  }

  async notification(text) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor();
    return toast;
  }

  async close() {
    onExitKill.delete(this);
    await this.browser?.close().catch(() => {});
    await stopProcessGroup(this.server?.child);
    if (!process.env.AIGUARD_E2E_KEEP) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
