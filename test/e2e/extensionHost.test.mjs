// The @vscode/test-electron suite (test/e2e/electron/suite) run inside code-server's Node extension
// host, so the CI here runs it without downloading VS Code. Its mocha report is printed above the result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExtensionTests } from './runExtensionTests.mjs';

test('the extension-host mocha suite passes inside code-server', async () => {
  const code = await runExtensionTests();
  assert.equal(code, 0, `the mocha suite exited with ${code}; its report is in the output above`);
});
