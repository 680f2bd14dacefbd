// The false-region measurement: a person's ordinary editing session in a real VS Code (typing,
// refactoring, formatting, copy/paste within and between files, undo/redo, git operations in the
// terminal) must not create a single AI region. A pasted block at the end proves the server has seen
// the whole session; it must be the only region. The steps and their count are printed as a table.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startEditor } from './harness.mjs';

const ORDERS = `import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMoney } from './money.js';

const TAX_RATE = 0.2;

export function orderTotal(order) {
const subtotal = order.items.reduce((sum,item)=>sum+item.price*item.quantity,0);
        const tax = subtotal*TAX_RATE;
  return subtotal+tax;
}

export function describeOrder(order) {
  const lines = order.items.map((item) => \`\${item.quantity} x \${item.name}\`);
  lines.push(\`Total: \${formatMoney(orderTotal(order))}\`);
  return lines.join('\\n');
}

export async function loadOrder(dir, id) {
  const file = path.join(dir, \`\${id}.json\`);
  const text = await readFile(file, 'utf8');
  const order = JSON.parse(text);
  if (!order.items) {
    throw new Error(\`Order \${id} has no items\`);
  }
  return order;
}

export function orderSummary(order) {
  return { id: order.id, total: orderTotal(order), count: order.items.length };
}
`;

const MONEY = `export function formatMoney(amount, currency = 'EUR') {
  const rounded = Math.round(amount * 100) / 100;
  const [whole, cents = '00'] = String(rounded).split('.');
  const grouped = whole.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ' ');
  return \`\${grouped}.\${cents.padEnd(2, '0')} \${currency}\`;
}

export function parseMoney(text) {
  const value = Number.parseFloat(text.replace(/[^\\d.-]/g, ''));
  return Number.isFinite(value) ? value : 0;
}
`;

/** What a colleague committed to money.js on the branch `feature` (merged at the end of the session). */
const FEATURE_ADDITION = `
export function sumMoney(amounts) {
  return amounts.reduce((total, amount) => total + parseMoney(amount), 0);
}

export function formatTotal(amounts, currency) {
  return formatMoney(sumMoney(amounts), currency);
}
`;

/** Typed by the person, key by key. */
const TYPED = `export function isEmpty(order) {
  return !order.items || order.items.length === 0;
}
`;

/** The one block that is pasted from an assistant's chat at the end: the only AI region. */
const SENTINEL = `
export function exportCsv(orders) {
  const header = 'id,total,count';
  const rows = orders.map((order) => {
    const summary = orderSummary(order);
    return [summary.id, summary.total, summary.count].join(',');
  });
  return [header, ...rows].join('\\n');
}
`;

const steps = [];
let editor;

before(async () => {
  editor = await startEditor({
    files: { 'src/orders.js': ORDERS, 'src/money.js': MONEY },
    settings: { 'terminal.integrated.gpuAcceleration': 'off' },
  });
  // A colleague's branch with one more commit; the person merges it at the end.
  const git = (...args) => execFileSync('git', args, { cwd: editor.workspace, stdio: 'ignore' });
  git('checkout', '-q', '-b', 'feature');
  fs.appendFileSync(path.join(editor.workspace, 'src', 'money.js'), FEATURE_ADDITION);
  git('commit', '-qam', 'Sum and format totals');
  git('checkout', '-q', 'main');
});
after(async () => {
  if (steps.length) console.log(`[e2e] manual session: ${steps.length} steps\n${steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${s}`).join('\n')}`);
  await editor?.close();
});

/** Runs one step of the session and records it for the table. */
async function step(name, fn) {
  await fn();
  steps.push(name);
}

/** Resolves when exactly `times` visible lines of the active editor contain `text`. */
async function editorShowsTimes(text, times) {
  await editor.page.waitForFunction(({ text, times }) => {
    const el = document.querySelector('.editor-instance .monaco-editor .view-lines');
    const lines = [...(el?.querySelectorAll('.view-line') ?? [])].filter((l) => l.textContent.replace(/\u00a0/g, ' ').includes(text));
    return lines.length === times;
  }, { text, times }, { polling: 'raf' });
}

/** Resolves when the active editor shows a line containing `text` (or none, with `gone`). */
async function editorShows(text, { gone = false } = {}) {
  if (gone) await editorShowsTimes(text, 0);
  else await editor.page.waitForFunction((text) => {
    const el = document.querySelector('.editor-instance .monaco-editor .view-lines');
    return [...(el?.querySelectorAll('.view-line') ?? [])].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(text));
  }, text, { polling: 'raf' });
}

/** Selects `count` whole lines from 1-based `line` (caret at the start of the line after them). */
async function selectLines(line, count) {
  await editor.gotoLine(line);
  await editor.page.keyboard.press('Home');
  await editor.page.keyboard.press('Home'); // the first Home may stop at the indentation
  for (let i = 0; i < count; i++) await editor.page.keyboard.press('Shift+ArrowDown');
}

/** Puts the caret on 1-based `line` after `column` characters. */
async function caretAt(line, column) {
  await editor.gotoLine(line);
  await editor.page.keyboard.press('Home');
  await editor.page.keyboard.press('Home');
  await press('ArrowRight', column);
}

async function press(key, times = 1) {
  for (let i = 0; i < times; i++) await editor.page.keyboard.press(key);
}

test('a manual editing session creates no AI region; only the block pasted at the end is one', () =>
  editor.scenario('manual-session', async ({ page }) => {
    const keys = page.keyboard;
    await step('open a file and start typing at once (the server is still starting)', async () => {
      await editor.openFile('src/orders.js');
      await editor.gotoLine(12);
      await keys.press('End');
      await keys.press('Enter');
    });
    await step('type a 3-line function key by key', async () => {
      await editor.typeLines(TYPED, { keyByKey: () => true });
      await editorShows('return !order.items || order.items.length === 0;');
    });
    await step('cut 5 lines (describeOrder) and paste them further down (a move)', async () => {
      await selectLines(17, 5);
      await keys.press('Control+X');
      await editorShows('export function describeOrder', { gone: true });
      await editor.gotoLine(28); // orderSummary, after loadOrder
      await keys.press('Home');
      await keys.press('Control+V');
      await editorShows('export function describeOrder');
    });
    await step('duplicate 5 lines (Copy Line Down) and delete the copy (Ctrl+Shift+K)', async () => {
      await selectLines(7, 5);
      await editor.palette('Copy Line Down');
      await editorShowsTimes('export function orderTotal(order) {', 2);
      await keys.press('Control+Shift+K');
      await editorShowsTimes('export function orderTotal(order) {', 1);
    });
    await step('move a line up 3 times (Alt+Up)', async () => {
      await editor.gotoLine(5); // TAX_RATE, to line 2
      await press('Alt+ArrowUp', 3);
    });
    await step('comment out 6 lines and back (Ctrl+/ twice)', async () => {
      await selectLines(17, 6);
      await press('Control+/', 2);
    });
    await step('undo 8 times, redo 8 times', async () => {
      await press('Control+Z', 8);
      await press('Control+Shift+Z', 8);
    });
    await step('Format Document (the built-in TypeScript formatter)', async () => {
      await editor.palette('Format Document');
      await editorShows('const subtotal = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);');
    });
    await step('Organize Imports', async () => {
      await editor.palette('Organize Imports');
    });
    await step('Rename Symbol (F2): orderTotal → computeOrderTotal, in 3 places', async () => {
      await caretAt(7, 'export function '.length);
      await keys.press('F2');
      const input = page.locator('.rename-box input');
      await input.waitFor();
      await input.fill('computeOrderTotal');
      await keys.press('Enter');
      await editorShows('total: computeOrderTotal(order)');
    });
    await step('change all occurrences (Ctrl+Shift+L) of TAX_RATE to VAT_RATE', async () => {
      await keys.press('Control+F'); // find selects the first match as you type
      await keys.type('TAX_RATE');
      await keys.press('Escape');
      await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
      await keys.press('Control+Shift+L');
      await keys.type('VAT_RATE');
      await keys.press('Escape');
      await editorShows('TAX_RATE', { gone: true });
    });
    await step('copy a function from another file (money.js) and paste it here', async () => {
      await editor.openFile('src/money.js');
      await selectLines(8, 4);
      await keys.press('Control+C');
      await editor.openFile('src/orders.js');
      await caretAt(6, 0);
      await keys.press('Control+V');
      await editorShows('export function parseMoney(text) {');
    });
    await step('save', async () => {
      await keys.press('Control+S');
      await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    });
    await editor.openTerminal();
    await step('git stash in the terminal (the editor reloads the committed file)', async () => {
      await editor.runInTerminal('git stash');
      await editorShows('TAX_RATE');
    });
    await step('git stash pop', async () => {
      await editor.runInTerminal('git stash pop');
      await editorShows('TAX_RATE', { gone: true });
    });
    await step('commit, switch to the branch feature (the file reverts) and back', async () => {
      await editor.runInTerminal('git commit -qam "Refactor orders" && git checkout -q feature');
      await editorShows('TAX_RATE');
      await editor.runInTerminal('git checkout -q main');
      await editorShows('TAX_RATE', { gone: true });
    });
    await step('git merge feature (its 8 new lines land in money.js, open in a tab)', async () => {
      await editor.runInTerminal('git merge -q --no-edit feature');
      await editor.openFile('src/money.js');
      await editorShows('export function formatTotal(amounts, currency) {');
    });

    // The assistant's block, pasted at the end of the file: the server has seen every step before it.
    await editor.openFile('src/orders.js');
    await keys.press('Control+End');
    await editor.pasteBlock(SENTINEL);
    await editor.monaco.locator('.codelens-decoration a', { hasText: 'AI suggestion' }).first().waitFor();
    assert.equal(await editor.monaco.locator('.codelens-decoration a', { hasText: 'AI suggestion' }).count(), 1);
    const status = page.locator('.statusbar-item', { hasText: /AI: \d+ unverified/ }).first();
    const regionLog = editor.extensionLog().split('\n').filter((l) => /AI region\(s\)|Agent edit/.test(l));
    assert.match(await status.innerText(), /AI: 1 unverified/, `regions were created during the session:\n${regionLog.join('\n')}`);
    assert.equal(regionLog.length, 1, `one region (the pasted block), the log says:\n${regionLog.join('\n')}`);
    console.log(`[e2e] manual session: ${steps.length} steps, 0 false AI regions; the pasted block is tracked`);
  }));
