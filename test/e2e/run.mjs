// `npm run test:e2e`: installs the tools (setup.mjs), packages the extension once, bundles the
// extension-host suite, then runs every test/e2e/*.test.mjs one file at a time.
// AIGUARD_SKIP_E2E=1 skips everything, loudly, for machines where the tools cannot be installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, packageExtension } from './harness.mjs';
import { ensureTools } from './setup.mjs';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

if (process.env.AIGUARD_SKIP_E2E === '1') {
  const bar = '!'.repeat(78);
  console.log(`${bar}\n!! AIGUARD_SKIP_E2E=1: the real-editor (E2E) tests were NOT run.\n!! Unset it on a machine where test/e2e/setup.mjs can install its tools (as root).\n${bar}`);
  process.exit(0);
}

try {
  ensureTools();
} catch (err) {
  console.error(`[e2e] ${err.message}`);
  process.exit(1);
}

let t = Date.now();
const vsix = packageExtension({ force: true });
const { size } = fs.statSync(vsix);
console.log(`[e2e] packaged ${path.relative(REPO, vsix)} (${(size / 1024 / 1024).toFixed(2)} MB) in ${seconds(t)}`);

t = Date.now();
const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--tests-only'], { cwd: REPO, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`[e2e] bundled the tests in ${seconds(t)}`);

const dir = path.join(REPO, 'test', 'e2e');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(dir, f));
const only = process.argv.slice(2);
// TAP: scripts/test-all.mjs counts the results from it (Node 23+ would print the spec format).
const tests = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', ...only.length ? only : files], {
  cwd: REPO,
  stdio: 'inherit',
  // The tools are installed now; the test files need not check again.
  env: { ...process.env, AIGUARD_VSIX: vsix, AIGUARD_E2E_SKIP_SETUP: '1' },
});
console.log(`[e2e] finished in ${seconds(started)}`);
process.exit(tests.status ?? 1);
