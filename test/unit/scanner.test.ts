/**
 * Scanning files on disk: project configuration (rules off, severity overrides, lower severity in
 * tests), config folder discovery, skipped files, malformed configuration, cancellation.
 * Assertions look only at js-dynamic-eval findings, so rules added later cannot change them.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type ProjectConfig } from '../../server/src/analysis/config';
import { findConfigFolder, isSkipped, scanFile, scanPaths, type FileScanOutcome } from '../../server/src/analysis/scanner';
import { sharedEngine } from '../helpers/engine';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const RULE = 'js-dynamic-eval';
const EVAL_CODE = 'export function run(req) {\n  return eval(req.query.expr);\n}\n';

const temp = makeTempDir('ai-guard-scanner-');
after(() => fs.rmSync(temp, { recursive: true, force: true }));


function config(overrides: Partial<ProjectConfig>): ProjectConfig {
  return { ...structuredClone(DEFAULT_CONFIG), ...overrides };
}

function evalSeverities(outcome: FileScanOutcome): string[] {
  assert.ok(!isSkipped(outcome), `unexpectedly skipped: ${isSkipped(outcome) ? outcome.skipped : ''}`);
  return outcome.findings.filter((f) => f.ruleId === RULE).map((f) => f.severity);
}

describe('scanFile', () => {
  const root = writeTree(path.join(temp, 'scanfile'), {
    'src/run.js': EVAL_CODE,
    'test/run.test.js': EVAL_CODE,
    'src/blob.js': Buffer.from([0x00, 0x01, 0x02]),
  });
  const src = path.join(root, 'src/run.js');
  const testFile = path.join(root, 'test/run.test.js');

  test('reports with the rule’s own severity by default', async () => {
    assert.deepEqual(evalSeverities(scanFile(await sharedEngine(), src, config({}))), ['error']);
  });

  test('"off" switches the rule off', async () => {
    assert.deepEqual(evalSeverities(scanFile(await sharedEngine(), src, config({ rules: { [RULE]: 'off' } }))), []);
  });

  test('a severity setting replaces the rule’s severity', async () => {
    assert.deepEqual(evalSeverities(scanFile(await sharedEngine(), src, config({ rules: { [RULE]: 'info' } }))), ['info']);
  });

  test('test files are one step lower, after any override, unless lowerSeverityInTests is false', async () => {
    const engine = await sharedEngine();
    assert.deepEqual(evalSeverities(scanFile(engine, testFile, config({}))), ['warning']);
    assert.deepEqual(evalSeverities(scanFile(engine, testFile, config({ rules: { [RULE]: 'warning' } }))), ['info']);
    assert.deepEqual(evalSeverities(scanFile(engine, testFile, config({ lowerSeverityInTests: false }))), ['error']);
  });

  test('a file that cannot be scanned comes back as skipped with the reason', async () => {
    const outcome = scanFile(await sharedEngine(), path.join(root, 'src/blob.js'), config({}));
    assert.ok(isSkipped(outcome));
    assert.match(outcome.skipped, /binary/);
    const tooBig = scanFile(await sharedEngine(), src, config({}), { maxBytes: 10 });
    assert.ok(isSkipped(tooBig) && /scan limit/.test(tooBig.skipped));
  });
});

describe('findConfigFolder', () => {
  const root = writeTree(path.join(temp, 'folders'), {
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/src/app.js': '',
    'repo/packages/web/.aiguard.json': '{}',
    'repo/packages/web/src/page.js': '',
    'loose/tool.js': '',
  });

  test('the nearest folder with .aiguard.json wins', () => {
    assert.equal(findConfigFolder(path.join(root, 'repo/packages/web/src/page.js'), root), path.join(root, 'repo/packages/web'));
  });

  test('else the repository root', () => {
    assert.equal(findConfigFolder(path.join(root, 'repo/src/app.js'), root), path.join(root, 'repo'));
    assert.equal(findConfigFolder(path.join(root, 'repo/src'), root), path.join(root, 'repo'));
  });

  test('else the working directory when the path is inside it, else the path’s own folder', () => {
    assert.equal(findConfigFolder(path.join(root, 'loose/tool.js'), root), root);
    assert.equal(findConfigFolder(path.join(root, 'loose/tool.js'), path.join(root, 'repo')), path.join(root, 'loose'));
  });
});

describe('scanPaths', () => {
  const root = writeTree(path.join(temp, 'scanpaths'), {
    'quiet/.aiguard.json': `{ "rules": { "${RULE}": "off" }, "ignore": ["skipme/**"] }`,
    'quiet/app.js': EVAL_CODE,
    'quiet/skipme/app.js': EVAL_CODE,
    'loud/app.js': EVAL_CODE,
    'loud/b.js': EVAL_CODE,
    'broken/.aiguard.json': '{ "rules": { "js-dynamic-eval": "off", } ',
    'broken/app.js': EVAL_CODE,
  });
  const evalFiles = (summary: ReturnType<typeof scanPaths>) =>
    summary.files.filter((f) => f.findings.some((x) => x.ruleId === RULE)).map((f) => path.relative(root, f.path));

  test('each folder uses its own .aiguard.json (rules off, ignore globs)', async () => {
    const summary = scanPaths(await sharedEngine(), ['quiet', 'loud'], { cwd: root });
    assert.deepEqual(summary.files.map((f) => path.relative(root, f.path)), ['quiet/.aiguard.json', 'quiet/app.js', 'loud/app.js', 'loud/b.js']);
    assert.deepEqual(evalFiles(summary), ['loud/app.js', 'loud/b.js']);
    assert.equal(summary.filesScanned, 4);
    assert.deepEqual(summary.configErrors, []);
  });

  test('extra ignore globs apply on top of the configuration', async () => {
    const summary = scanPaths(await sharedEngine(), ['loud'], { cwd: root, extraIgnores: ['b.js'] });
    assert.deepEqual(summary.files.map((f) => path.relative(root, f.path)), ['loud/app.js']);
  });

  test('a malformed .aiguard.json is reported with its path and the defaults apply', async () => {
    const summary = scanPaths(await sharedEngine(), ['broken'], { cwd: root });
    assert.equal(summary.configErrors.length, 1);
    assert.match(summary.configErrors[0], /broken[\\/]\.aiguard\.json:1: .*using the default settings/);
    assert.deepEqual(evalFiles(summary), ['broken/app.js']);
  });

  test('a missing path is skipped; overlapping paths scan a file once', async () => {
    const summary = scanPaths(await sharedEngine(), ['loud', 'loud/app.js', 'nope'], { cwd: root });
    assert.deepEqual(summary.files.map((f) => path.relative(root, f.path)), ['loud/app.js', 'loud/b.js']);
    assert.deepEqual(summary.skipped, [{ path: path.join(root, 'nope'), reason: 'The path does not exist.' }]);
  });

  test('progress is reported per file and cancellation stops the walk', async () => {
    const progress: number[] = [];
    const summary = scanPaths(await sharedEngine(), ['loud'], {
      cwd: root,
      onProgress: (done) => progress.push(done),
      isCancelled: () => progress.length >= 1,
    });
    assert.deepEqual(progress, [1]);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.filesScanned, 1);
  });
});
