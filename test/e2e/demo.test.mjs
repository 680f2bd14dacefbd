// The demo workspace shows what demo/README.md promises: the findings AI Guard reports today, and the
// hidden instruction in AGENTS.md really is there in invisible characters.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AGENTS_FILE, HIDDEN_INSTRUCTION, agentsMarkdown } from './demoAgentsFile.mjs';
import { REPO } from './harness.mjs';

test('demo/AGENTS.md carries the hidden instruction in tag characters', () => {
  const text = fs.readFileSync(AGENTS_FILE, 'utf8');
  assert.equal(text, agentsMarkdown(), 'regenerate it with `node test/e2e/demoAgentsFile.mjs`');
  const hidden = [...text].filter((c) => c.codePointAt(0) >= 0xe0000 && c.codePointAt(0) <= 0xe007f);
  assert.equal(hidden.map((c) => String.fromCodePoint(c.codePointAt(0) - 0xe0000)).join(''), HIDDEN_INSTRUCTION);
});

test('the CLI reports the demo\'s insecure random state and string-built SQL (JavaScript and Python)', () => {
  const cli = path.join(REPO, 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm run package or npm run build)');
  const report = JSON.parse(execFileSync(process.execPath, [cli, 'scan', 'demo', '--format', 'json', '--fail-on', 'none'], { cwd: REPO, encoding: 'utf8' }));
  const found = report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
  for (const expected of [
    'demo/src/routes/auth.js:7 js-insecure-random',
    'demo/src/routes/orders.js:26 js-sql-injection',
    'demo/worker/report.py:19 py-sql-injection',
    'demo/worker/report.py:32 py-insecure-random',
  ]) {
    assert.ok(found.includes(expected), `${expected} is reported; got:\n${found.join('\n')}`);
  }
  // The hand-written, parameterised query in the same file stays clean.
  assert.ok(!found.some((f) => /orders\.js:(9|10|11) /.test(f)), 'no finding on the parameterised query');
});

test('every reported line is an AI edit: absent from the demo\'s "before the AI edits" commit', () => {
  const before = path.join(REPO, 'test', 'e2e', 'fixtures', 'demo-before-ai');
  for (const [file, line] of [['src/routes/auth.js', 7], ['src/routes/orders.js', 26], ['worker/report.py', 19], ['worker/report.py', 32],
    ['src/middleware/session.js', 4], ['AGENTS.md', 13]]) {
    const text = fs.readFileSync(path.join(REPO, 'demo', file), 'utf8').split('\n')[line - 1];
    const base = path.join(before, file);
    const baseLines = fs.existsSync(base) ? fs.readFileSync(base, 'utf8').split('\n') : [];
    assert.ok(!baseLines.includes(text), `${file}:${line} must be an uncommitted AI edit in the demo, but the base commit has it`);
  }
});
