/**
 * `npm test` counts results from node --test's TAP summary (`# pass N`). Node 23+ prints its spec
 * format even into a pipe unless a reporter is named, so every run whose output is counted names TAP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../helpers/tempTree';
import { ROOT } from '../helpers/paths';

test('every node --test run that npm test counts asks for the TAP reporter', () => {
  for (const script of ['scripts/test-all.mjs', 'test/e2e/run.mjs']) {
    const runs = fs.readFileSync(path.join(ROOT, script), 'utf8').split('\n').filter((line) => line.includes("'--test'"));
    assert.ok(runs.length > 0, `${script} runs node --test`);
    for (const line of runs) assert.match(line, /'--test-reporter=tap'/, `${script}: ${line.trim()}`);
  }
});

test('the TAP reporter prints the summary lines the counter reads', () => {
  const dir = makeTempDir('ai-guard-tap-');
  const file = path.join(dir, 'sample.test.mjs');
  fs.writeFileSync(file, "import { test } from 'node:test';\ntest('one', () => {});\ntest('two', () => {});\n");
  // Without NODE_TEST_CONTEXT the child reports on its stdout, as under npm test, not to this runner.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^# pass 2$/m);
  assert.match(run.stdout, /^# fail 0$/m);
});
