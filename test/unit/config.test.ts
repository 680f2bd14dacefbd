import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, loadProjectConfig, parseProjectConfig } from '../../server/src/analysis/config';
import { PathFilter, matchesAnyGlob } from '../../server/src/analysis/pathFilter';

test('a missing .aiguard.json gives the defaults', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-cfg-'));
  assert.deepEqual(loadProjectConfig(dir), { config: DEFAULT_CONFIG, errors: [] });
});

test('an .aiguard.json that exists but cannot be read is reported like a malformed one, not taken for missing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-cfg-'));
  const file = path.join(dir, '.aiguard.json');
  fs.mkdirSync(file); // EISDIR: the one read error a test running as root can cause for real
  const unreadable = loadProjectConfig(dir);
  assert.equal(unreadable.file, file);
  assert.deepEqual(unreadable.config, DEFAULT_CONFIG);
  assert.equal(unreadable.errors.length, 1);
  assert.match(unreadable.errors[0], new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: could not be read \\(EISDIR: [^)]*\\); using the default settings until it is fixed\\.$`));
});

test('permission errors count as unreadable; only a missing file is missing', () => {
  const failWith = (code: string) => () => {
    throw Object.assign(new Error(`${code}: simulated, open '/w/.aiguard.json'`), { code });
  };
  const denied = loadProjectConfig('/w', failWith('EACCES'));
  assert.equal(denied.file, path.join('/w', '.aiguard.json'));
  assert.match(denied.errors[0], /: could not be read \(EACCES: simulated\); using the default settings/);
  assert.deepEqual(loadProjectConfig('/w', failWith('ENOENT')), { config: DEFAULT_CONFIG, errors: [] });
  // The folder itself is gone or is a file: there is no configuration either.
  assert.deepEqual(loadProjectConfig('/w', failWith('ENOTDIR')), { config: DEFAULT_CONFIG, errors: [] });
});

test('comments and trailing commas are accepted', () => {
  const r = parseProjectConfig('{\n // team policy\n "rules": { "js-dynamic-eval": "off", },\n "ignore": ["gen/**"],\n}');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.config.rules, { 'js-dynamic-eval': 'off' });
  assert.deepEqual(r.config.ignore, ['gen/**']);
});

test('invalid JSON names the file and line and falls back to defaults', () => {
  const r = parseProjectConfig('{\n "rules": {\n  "x": \n}', '/w/.aiguard.json');
  assert.match(r.errors[0], /^\/w\/\.aiguard\.json:4: ValueExpected; using the default settings/);
  assert.deepEqual(r.config, DEFAULT_CONFIG);
});

test('invalid values are named and skipped, valid ones kept', () => {
  const r = parseProjectConfig('{ "rules": { "a": "loud", "b": "off" }, "gate": { "failOn": "error" }, "colour": 1 }');
  assert.equal(r.errors.length, 2, r.errors.join('\n'));
  assert.ok(r.errors.some((e) => e.includes('"rules.a"') && e.includes('one of off, error, warning, info')));
  assert.ok(r.errors.some((e) => e.includes('must NOT have additional properties')));
  assert.deepEqual(r.config.rules, { b: 'off' });
  assert.equal(r.config.gate.failOn, 'error');
});

test('path filter: built-in excludes, globs and nested .gitignore files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aiguard-filter-'));
  fs.mkdirSync(path.join(root, 'pkg', 'gen'), { recursive: true });
  fs.writeFileSync(path.join(root, '.gitignore'), '*.log\n/secret/\n');
  fs.writeFileSync(path.join(root, 'pkg', '.gitignore'), 'gen/\n');
  const filter = new PathFilter(root, ['**/*.generated.ts', 'legacy/**']);
  const excluded = (p: string, dir = false) => filter.isExcluded(path.join(root, p), dir);
  assert.ok(excluded('node_modules/x/index.js'));
  assert.ok(excluded('a/b/app.min.js'));
  assert.ok(excluded('debug.log'));
  assert.ok(excluded('secret', true));
  assert.ok(excluded('pkg/gen/x.js'));
  assert.ok(excluded('pkg/gen', true));
  assert.ok(excluded('src/api.generated.ts'));
  assert.ok(excluded('legacy/old.js'));
  assert.ok(excluded('legacy', true));
  assert.ok(!excluded('gen/x.js'), 'pkg/.gitignore applies only below pkg/');
  assert.ok(!excluded('src/app.ts'));
  assert.ok(!excluded('src', true));
});

test('globs without a slash match the file name anywhere', () => {
  assert.ok(matchesAnyGlob('a/b/c.snap', ['*.snap']));
  assert.ok(!matchesAnyGlob('a/b/c.ts', ['*.snap']));
});
