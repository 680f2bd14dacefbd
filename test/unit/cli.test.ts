/**
 * The `ai-guard` command as a user runs it: `node dist/cli.js` in a temporary project with
 * JavaScript, TypeScript, Python and Go files. Covers the three output formats (the SARIF
 * structure is checked field by field), exit codes, --output, --fail-on, --quiet, project
 * configuration and broken rule files. Assertions look at js-dynamic-eval findings (and a fixture
 * rule written here), never at totals other rules could change. `--diff`, `gate` and `install-hook`
 * are in cliGit.test.ts.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { CLEAN_GO, CLEAN_PY, CLEAN_TS, CLI, cli, PARALLEL } from '../helpers/cli';
import { ROOT, RULES_DIR } from '../helpers/paths';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const RULE = 'js-dynamic-eval';
const EVAL_MESSAGE = /^`eval` runs a string built at run time as code\./;

const temp = makeTempDir('ai-guard-cli-');
after(() => fs.rmSync(temp, { recursive: true, force: true }));

const EVAL_JS = 'export function run(req) {\n  return eval(req.query.expr);\n}\n';

const project = writeTree(path.join(temp, 'project'), {
  'src/server.js': EVAL_JS,
  'src/util.ts': CLEAN_TS,
  'app/main.py': CLEAN_PY,
  'cmd/main.go': CLEAN_GO,
  'assets/logo.js': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
  'README.md': '# project\n',
});
const clean = writeTree(path.join(temp, 'clean'), { 'src/util.ts': CLEAN_TS, 'app/main.py': CLEAN_PY, 'cmd/main.go': CLEAN_GO });

before(() => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing; build it first with "node esbuild.config.mjs --tests".`);
});

describe('ai-guard basics', { concurrency: PARALLEL }, () => {
  test('--version prints the package version', async () => {
    const run = await cli(['--version'], temp);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, `${VERSION}\n`);
  });

  test('--help describes the commands and exit codes', async () => {
    const run = await cli(['--help'], temp);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /ai-guard scan <path…>/);
    assert.match(run.stdout, /--fail-on/);
    assert.match(run.stdout, /Exit codes/);
  });

  test('rules lists every rule with severity, category, CWE and title', async () => {
    const run = await cli(['rules'], temp);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^RULE\s+SEVERITY\s+CATEGORY\s+CWE\s+TITLE$/m);
    assert.match(run.stdout, /^js-dynamic-eval\s+error\s+injection\s+CWE-95\s+Code evaluated from a dynamic string$/m);
    const json = JSON.parse((await cli(['rules', '--format', 'json'], temp)).stdout) as Array<{ id: string; cwe: number[] }>;
    assert.deepEqual(json.find((r) => r.id === RULE)?.cwe, [95]);
  });
});

describe('ai-guard scan output', { concurrency: PARALLEL }, () => {
  test('text: findings as path:line:col severity rule message, a summary, and the skipped files', async () => {
    const run = await cli(['scan', '.'], project);
    assert.equal(run.status, 1, run.stderr);
    const evalLines = run.stdout.split('\n').filter((line) => line.includes(RULE));
    assert.equal(evalLines.length, 1);
    assert.match(evalLines[0], /^src\/server\.js:2:10 +error +js-dynamic-eval +`eval` runs a string/);
    assert.match(run.stdout, /^\d+ findings? \(.*\d+ errors?.*\) in \d+ files?; 5 files scanned, 1 skipped\.$/m);
    assert.match(run.stdout, /\nSkipped\n {2}assets\/logo\.js {2}The file looks binary/);
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour when standard output is not a terminal');
  });

  test('json: the documented shape, 1-based positions, relative paths', async () => {
    const run = await cli(['scan', '.', '--format', 'json'], project);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(report.tool, { name: 'AI Guard', version: VERSION });
    const evalFindings = report.findings.filter((f: { ruleId: string }) => f.ruleId === RULE);
    assert.equal(evalFindings.length, 1);
    const { message, ...rest } = evalFindings[0];
    assert.match(message, EVAL_MESSAGE);
    assert.deepEqual(rest, {
      file: 'src/server.js', line: 2, column: 10, endLine: 2, endColumn: 30,
      ruleId: RULE, title: 'Code evaluated from a dynamic string', severity: 'error', category: 'injection', cwe: [95], fix: null, fixes: [], related: [],
    });
    assert.deepEqual(report.skipped, [{ file: 'assets/logo.js', reason: 'The file looks binary (it contains NUL bytes); it was not scanned.' }]);
    assert.equal(report.summary.filesScanned, 5, 'README.md is scanned too (text rules)');
    assert.equal(report.summary.skipped, 1);
    assert.equal(report.summary.findings, report.findings.length);
    assert.deepEqual(report.configErrors, []);
  });

  test('sarif: valid SARIF 2.1.0 structure with rules, CWE tags, 1-based regions and consistent rule indexes', async () => {
    const run = await cli(['scan', '.', '--format', 'sarif'], project);
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'AI Guard');
    assert.equal(driver.version, VERSION);
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    const rules = driver.rules ?? [];
    assert.ok(rules.length >= 1);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text, `${rule.id} has descriptions`);
      assert.ok(rule.help?.text && rule.help.markdown, `${rule.id} has help`);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration?.level ?? ''), `${rule.id} has a level`);
      const tags = rule.properties?.tags ?? [];
      for (const tag of tags) assert.match(tag, /^(security|external\/cwe\/cwe-\d+)$/);
      assert.equal(rule.properties?.precision, 'high');
      assert.ok(typeof rule.properties?.category === 'string');
    }
    const evalRule = rules.find((r) => r.id === RULE);
    assert.deepEqual(evalRule?.properties?.tags, ['security', 'external/cwe/cwe-95']);
    assert.equal(evalRule?.properties?.['security-severity'], '8.0');
    assert.equal(evalRule?.defaultConfiguration?.level, 'error');
    assert.match(evalRule?.help?.markdown ?? '', /```js\nfunction run\(req\)/);

    const results = sarifRun.results ?? [];
    for (const result of results) {
      assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId, 'ruleIndex points at the result’s rule');
      assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''));
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(location?.artifactLocation?.uri ?? '/', /^\/|\\/);
      const region = location?.region;
      assert.ok(region && region.startLine! >= 1 && region.startColumn! >= 1 && region.endLine! >= region.startLine!, 'regions are 1-based');
      assert.match(result.partialFingerprints?.['aiGuardLineHash/v1'] ?? '', /^[0-9a-f]{32}:\d+$/);
    }
    const evalResults = results.filter((r) => r.ruleId === RULE);
    assert.equal(evalResults.length, 1);
    assert.equal(evalResults[0].level, 'error');
    assert.deepEqual(evalResults[0].locations?.[0]?.physicalLocation, {
      artifactLocation: { uri: 'src/server.js', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 30 },
    });
    const invocation = sarifRun.invocations?.[0];
    assert.equal(invocation?.executionSuccessful, true);
    const skipNote = invocation?.toolExecutionNotifications?.find((n) => n.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'assets/logo.js');
    assert.match(skipNote?.message.text ?? '', /binary/);
  });

  test('sarif and json carry a rule’s fix; the fingerprint survives moving and re-indenting the line', async () => {
    const rulesDir = path.join(temp, 'fix-rules');
    writeTree(rulesDir, { 'javascript/js-fixture-var.yaml': FIXTURE_FIX_RULE });
    const dir = writeTree(path.join(temp, 'fixable'), { 'a.js': 'var count = 1;\n', 'b.js': '\n\n    var   count = 1;\n' });
    const log = JSON.parse((await cli(['scan', '.', '--format', 'sarif', '--rules-dir', rulesDir], dir)).stdout) as Sarif.Log;
    const results = log.runs[0].results ?? [];
    assert.equal(results.length, 2);
    assert.deepEqual(results[0].fixes, [{
      description: { text: 'Declare with let' },
      artifactChanges: [{
        artifactLocation: { uri: 'a.js', uriBaseId: '%SRCROOT%' },
        replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 4 }, insertedContent: { text: 'let' } }],
      }],
    }]);
    assert.equal(results[0].partialFingerprints?.['aiGuardLineHash/v1'], results[1].partialFingerprints?.['aiGuardLineHash/v1']);
    const json = JSON.parse((await cli(['scan', 'a.js', '--format', 'json', '--rules-dir', rulesDir], dir)).stdout);
    assert.deepEqual(json.findings[0].fix, { title: 'Declare with let', edits: [{ line: 1, column: 1, endLine: 1, endColumn: 4, newText: 'let' }] });
  });
});

/** A rule that exists only for this test, to see fixes travel through the output formats. */
const FIXTURE_FIX_RULE = `id: js-fixture-var
title: var declaration
messages:
  default: "Use let or const instead of var: var is function-scoped and hoisted."
severity: warning
languages: [javascript]
category: config
cwe: []
query: |
  (variable_declaration "var" @keyword) @match
fix:
  title: Declare with let
  replace: let
  target: keyword
docs: A test fixture rule that reports var declarations.
examples:
  bad: ["var a = 1;  // ruleid: js-fixture-var", "var b = 2;  // ruleid: js-fixture-var"]
  good: ["let a = 1;", "const b = 2;"]
`;

describe('ai-guard scan exit codes and options', { concurrency: PARALLEL }, () => {
  test('0 when nothing is found', async () => {
    const run = await cli(['scan', '.'], clean);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^No findings; 3 files scanned, 0 skipped\.$/m);
  });

  test('--quiet prints nothing on a clean scan and only findings otherwise', async () => {
    assert.equal((await cli(['scan', '.', '--quiet'], clean)).stdout, '');
    const run = await cli(['scan', 'src/server.js', '--quiet'], project);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^src\/server\.js:2:10 /);
    assert.doesNotMatch(run.stdout, /scanned/);
  });

  test('--fail-on decides which severities fail the run', async () => {
    const dir = writeTree(path.join(temp, 'warn-only'), {
      '.aiguard.json': `{ "rules": { "${RULE}": "warning" } }`,
      'server.js': EVAL_JS,
    });
    assert.equal((await cli(['scan', '.'], dir)).status, 1, 'warning fails by default');
    assert.equal((await cli(['scan', '.', '--fail-on', 'error'], dir)).status, 0);
    assert.equal((await cli(['scan', '.', '--fail-on', 'info'], dir)).status, 1);
    assert.equal((await cli(['scan', 'src', '--fail-on', 'none'], project)).status, 0);
  });

  test('--output writes the report to a file, creating its folder', async () => {
    const out = path.join(temp, 'reports', 'nested', 'ai-guard.json');
    const run = await cli(['scan', '.', '--format', 'json', '--output', out], project);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /wrote \d+ findings? to /);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.ok(report.findings.some((f: { ruleId: string }) => f.ruleId === RULE));
  });

  test('.aiguard.json can switch a rule off', async () => {
    const dir = writeTree(path.join(temp, 'rule-off'), {
      '.aiguard.json': `{\n  // eval is reviewed by hand here\n  "rules": { "${RULE}": "off" }\n}\n`,
      'server.js': EVAL_JS,
    });
    const run = await cli(['scan', '.', '--format', 'json'], dir);
    assert.doesNotMatch(run.stderr, /ai-guard: warning/, 'the commented configuration is valid');
    assert.deepEqual(JSON.parse(run.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === RULE), []);
  });

  test('a malformed .aiguard.json is reported clearly and the defaults are used', async () => {
    const dir = writeTree(path.join(temp, 'bad-config'), {
      '.aiguard.json': `{ "rules": { "${RULE}": "off" `,
      'server.js': EVAL_JS,
    });
    const run = await cli(['scan', '.'], dir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /ai-guard: warning: .*bad-config[\\/]\.aiguard\.json:1: .*; using the default settings until it is fixed\./);
    assert.match(run.stdout, /server\.js:2:10 +error +js-dynamic-eval/);
  });

  test('an invalid setting in .aiguard.json names the setting and the allowed values', async () => {
    const dir = writeTree(path.join(temp, 'bad-setting'), { '.aiguard.json': `{ "rules": { "${RULE}": "fatal" } }`, 'server.js': EVAL_JS });
    const run = await cli(['scan', '.'], dir);
    assert.match(run.stderr, /"rules\.js-dynamic-eval" must be equal to one of the allowed values: one of off, error, warning, info/);
    assert.equal(run.status, 1);
  });

  test('a broken rule file is named with its field; the other rules still run', async () => {
    const rulesDir = path.join(temp, 'rules-copy');
    // dereference: a symlinked rules folder must be copied, never written through.
    fs.cpSync(RULES_DIR, rulesDir, { recursive: true, dereference: true });
    assert.ok(!fs.lstatSync(rulesDir).isSymbolicLink());
    const broken = fs.readFileSync(path.join(rulesDir, 'javascript', `${RULE}.yaml`), 'utf8')
      .replace(`id: ${RULE}`, 'id: js-broken-rule')
      .replace('severity: error', 'severity: critical');
    fs.writeFileSync(path.join(rulesDir, 'javascript', 'js-broken-rule.yaml'), broken);
    const run = await cli(['scan', 'src', '--rules-dir', rulesDir], project);
    assert.match(run.stderr, /ai-guard: rule not loaded: .*js-broken-rule\.yaml: field "severity" must be one of: error, warning, info/);
    assert.match(run.stdout, /src\/server\.js:2:10 +error +js-dynamic-eval/);
    assert.doesNotMatch(run.stdout, /js-broken-rule/);
    assert.equal(run.status, 1);
  });

  test('a rules folder with no usable rule is a setup error (2), not a clean scan', async () => {
    const rulesDir = writeTree(path.join(temp, 'only-broken-rules'), { 'javascript/js-bad.yaml': 'id: [unclosed\n' });
    const run = await cli(['scan', '.', '--rules-dir', rulesDir], clean);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /js-bad\.yaml: is not valid YAML/);
    assert.match(run.stderr, /no usable rules were found in .*only-broken-rules, so nothing could be checked/);
  });
});

describe('ai-guard usage errors exit 2 with one clear line and a pointer to --help', { concurrency: PARALLEL }, () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['scan', '--bogus', '.'], /^ai-guard: unknown option --bogus\.$/],
    ['missing paths', ['scan'], /^ai-guard: scan needs at least one file or folder/],
    ['a nonexistent path', ['scan', 'no/such/dir'], /^ai-guard: no\/such\/dir does not exist\.$/],
    ['an invalid --format', ['scan', '.', '--format', 'xml'], /^ai-guard: --format must be one of text, json, sarif, not "xml"\.$/],
    ['an invalid --fail-on', ['scan', '.', '--fail-on', 'high'], /^ai-guard: --fail-on must be one of error, warning, info, none, not "high"\.$/],
    ['a flag without its value', ['scan', '.', '--output'], /^ai-guard: --output needs a value\.$/],
    ['an unknown command', ['lint', '.'], /^ai-guard: unknown command "lint"/],
    ['no command', [], /^ai-guard: no command given/],
    ['an option before the command', ['--format', 'json', '.'], /^ai-guard: --format goes after the command, as in "ai-guard scan <path…> --format"\.$/],
    ['an argument to rules', ['rules', 'extra'], /^ai-guard: rules takes no arguments, but got "extra"\.$/],
    ['a missing --rules-dir', ['scan', '.', '--rules-dir', 'nowhere'], /^ai-guard: --rules-dir nowhere is not a folder\.$/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const run = await cli(args, clean);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, run.stderr);
      assert.match(lines[0], message);
      assert.equal(lines[1], 'Run "ai-guard --help" for usage.');
    });
  }
});
