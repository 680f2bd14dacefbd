// AI Guard in a real VS Code: an AI block that imports a package which does not exist. The
// workspace's .npmrc points at a fake registry on 127.0.0.1 (started by this test) that knows
// `left-pad` but not the hallucinated `left-padx`. The paste gets an error squiggle with the
// registry's verdict in the hover, and the did-you-mean quick fix corrects the import *and* the
// package.json entry the same AI added. Run alone: `node test/e2e/run.mjs test/e2e/dependencies.test.mjs`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import fakeRegistryModule from '../../out/test/helpers/fakeRegistry.js';
import { startEditor } from './harness.mjs';

const { FakeRegistry } = fakeRegistryModule;
const IMPORT_LINE = 'import leftPad from "left-padx";';
const BLOCK = `${IMPORT_LINE}\n\nexport function paddedId(id) {\n  return leftPad(String(id), 8, "0");\n}\n`;
const MANIFEST = `${JSON.stringify({ name: 'fixture-app', version: '1.0.0', private: true, dependencies: { express: '^4.21.2', 'left-padx': '^1.3.0' } }, null, 2)}\n`;

let registry;
let editor;
before(async () => {
  registry = await FakeRegistry.start();
  registry.npm.set('left-pad', { versions: ['1.0.0', '1.3.0'], repository: 'https://github.com/stevemao/left-pad' });
  registry.npm.set('express', { versions: ['4.21.2'] });
  editor = await startEditor({
    files: { '.npmrc': `registry=${registry.npmUrl}\n`, 'package.json': MANIFEST, 'src/ids.js': '// Helpers for printable ids.\n' },
  });
});
after(async () => {
  await editor?.close();
  await registry?.stop();
});

test('a pasted import of a hallucinated package is an error, and the did-you-mean fix corrects the import and package.json', () =>
  editor.scenario('hallucinated-import', async () => {
    await editor.openFile('src/ids.js');
    await editor.waitForLanguageServer();
    await editor.caretToEnd();
    await editor.pasteBlock(BLOCK);

    await editor.waitForSquiggle(IMPORT_LINE);
    assert.ok((await editor.monaco.locator('.squiggly-error').count()) > 0, 'the squiggle is an error');
    await editor.hover(IMPORT_LINE, ['`left-padx` does not exist on 127.0.0.1', 'likely a hallucinated package'], { at: 0.8 });
    assert.ok(registry.requests.some((r) => r.path === '/npm/left-padx'), 'the workspace registry was asked');

    await editor.page.keyboard.press('Escape');
    await editor.quickFix(IMPORT_LINE, 'Use `left-pad` instead');
    await editor.waitForSquiggle('import leftPad from "left-pad";', { gone: true });
    // One fix edits two files; VS Code may save such a multi-file edit itself (files.refactoring.autoSave),
    // so save whatever is still unsaved and read both files back from disk.
    await editor.palette('File: Save All');
    const code = await waitForFile(path.join(editor.workspace, 'src', 'ids.js'), (text) => text.includes('"left-pad"'));
    assert.match(code, /import leftPad from "left-pad";/);
    assert.doesNotMatch(code, /left-padx/);
    const manifest = await waitForFile(path.join(editor.workspace, 'package.json'), (text) => !text.includes('left-padx'));
    assert.deepEqual(JSON.parse(manifest).dependencies, { express: '^4.21.2', 'left-pad': '^1.3.0' });
  }));

/** Saving is asynchronous: wait (on file-system events) until `accept` holds for the file's text. */
async function waitForFile(file, accept) {
  const read = () => fs.readFileSync(file, 'utf8');
  if (accept(read())) return read();
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (!accept(read())) return;
      watcher.close();
      resolve(read());
    });
    setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} never changed as expected; it reads:\n${read()}`));
    }, 30_000).unref();
  });
}
