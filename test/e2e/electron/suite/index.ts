/**
 * The test-electron contract: VS Code loads this module in the extension host and awaits `run()`.
 * Used by runTest.ts (a downloaded VS Code) and by test/e2e/runExtensionTests.mjs (code-server's
 * Node extension host), so the same suite runs in both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // No colours: code-server forwards the reporter's lines through the browser console.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed.`)) : resolve()));
  });
}
