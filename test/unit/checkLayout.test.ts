/**
 * The layout a newcomer can predict: a rule and its TypeScript check find each other by name
 * (rules/javascript/js-cors-wildcard-credentials.yaml ↔ checks/javascript/corsWildcardCredentials.ts
 * exporting `jsCorsWildcardCredentials`), checks and data flow live in one folder per language, and
 * no module imports itself back through others.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKS, checkOf, TEXT_CHECKS } from '../../server/src/analysis/checks';
import { isQueryRule, isTextRule } from '../../server/src/analysis/rules/ruleTypes';
import { checkModuleOf, checkNameOf, LANGUAGE_FOLDERS } from '../../server/src/analysis/checks/naming';
import { sharedEngine } from '../helpers/engine';
import { ROOT, RULES_DIR } from '../helpers/paths';

const ANALYSIS = path.join(ROOT, 'server', 'src', 'analysis');
const CHECKS_DIR = path.join(ANALYSIS, 'checks');

function filesUnder(dir: string, ext = '.ts'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : e.name.endsWith(ext) ? [full] : [];
  });
}

/** Names of the `Check` constants a file exports (`export const jsSsrf: Check = …`). */
function exportedChecks(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^export const (\w+): Check\b/gm)].map((m) => m[1]);
}

describe('rules and checks find each other by name', () => {
  test('the naming convention', () => {
    const derived = ['js-cors-wildcard-credentials', 'py-jinja2-autoescape-off', 'go-sql-injection', 'hidden-unicode-bidi']
      .map((id) => [id, checkNameOf(id), checkModuleOf(id)]);
    assert.deepEqual(derived, [
      ['js-cors-wildcard-credentials', 'jsCorsWildcardCredentials', 'javascript/corsWildcardCredentials'],
      ['py-jinja2-autoescape-off', 'pyJinja2AutoescapeOff', 'python/jinja2AutoescapeOff'],
      ['go-sql-injection', 'goSqlInjection', 'go/sqlInjection'],
      ['hidden-unicode-bidi', 'hiddenUnicodeBidi', undefined],
    ]);
  });

  test('each query rule sits in the folder of its language prefix', async () => {
    const engine = await sharedEngine();
    for (const rule of engine.ruleSet.rules.filter(isQueryRule)) {
      const folder = LANGUAGE_FOLDERS[rule.id.split('-')[0]];
      assert.ok(folder, `${rule.id} has no known language prefix (${Object.keys(LANGUAGE_FOLDERS).join(', ')})`);
      assert.equal(path.relative(RULES_DIR, path.join(RULES_DIR, '..', rule.file)).split(path.sep)[0], folder, `${rule.file} belongs in rules/${folder}/`);
    }
  });

  test("a rule's check is exported under its derived name by the file derived from its id", async () => {
    const engine = await sharedEngine();
    const withCheck = engine.ruleSet.rules.filter((rule) => isQueryRule(rule) && checkOf(rule.id));
    assert.ok(withCheck.length > 0);
    for (const rule of withCheck) {
      const file = path.join(CHECKS_DIR, `${checkModuleOf(rule.id)}.ts`);
      assert.ok(fs.existsSync(file), `${rule.id}: its check belongs in ${path.relative(ROOT, file)}`);
      assert.ok(exportedChecks(file).includes(checkNameOf(rule.id)), `${path.relative(ROOT, file)} must export ${checkNameOf(rule.id)}: Check`);
    }
  });

  test("a text rule's check is exported under its derived name from the analysis folder of the rule's area", async () => {
    const engine = await sharedEngine();
    const textRules = engine.ruleSet.rules.filter(isTextRule);
    assert.ok(textRules.length > 0);
    for (const rule of textRules) {
      const area = path.relative(RULES_DIR, path.join(RULES_DIR, '..', rule.file)).split(path.sep)[0];
      const name = checkNameOf(rule.id);
      assert.ok(TEXT_CHECKS.has(name), `${rule.id}: no text check ${name}`);
      const exporting = filesUnder(path.join(ANALYSIS, area)).filter((file) => new RegExp(`^export const ${name}: TextCheck\\b`, 'm').test(fs.readFileSync(file, 'utf8')));
      assert.equal(exporting.length, 1, `${rule.id}: ${name} must be exported by one file under server/src/analysis/${area}/`);
    }
  });

  test('every registered check belongs to a rule, and every check a file exports is registered', async () => {
    const engine = await sharedEngine();
    const queryChecks = new Set(engine.ruleSet.rules.filter(isQueryRule).map((rule) => checkNameOf(rule.id)));
    const textChecks = new Set(engine.ruleSet.rules.filter(isTextRule).map((rule) => checkNameOf(rule.id)));
    const orphans = [...[...CHECKS.keys()].filter((name) => !queryChecks.has(name)), ...[...TEXT_CHECKS.keys()].filter((name) => !textChecks.has(name))];
    assert.deepEqual(orphans, [], 'checks without a rule of the matching id (renamed rule? typo?)');
    const exported = filesUnder(CHECKS_DIR).flatMap((file) => exportedChecks(file).map((name) => ({ name, file })));
    const unregistered = exported.filter(({ name }) => !CHECKS.has(name)).map(({ name, file }) => `${name} in ${path.relative(ROOT, file)}`);
    assert.deepEqual(unregistered, [], 'exported checks missing from checks/index.ts');
  });
});

describe('layout', () => {
  test('checks/ and dataflow/ hold one folder per language; files beside them are shared by all languages', () => {
    const languages = new Set(Object.values(LANGUAGE_FOLDERS));
    for (const area of ['checks', 'dataflow']) {
      const entries = fs.readdirSync(path.join(ANALYSIS, area), { withFileTypes: true });
      const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
      assert.deepEqual(folders, [...languages].sort(), `analysis/${area}/ folders`);
      const languageNamed = entries.filter((e) => e.isFile() && /^(js|py|go|javascript|python|typescript)[A-Z.]/.test(e.name)).map((e) => e.name);
      assert.deepEqual(languageNamed, [], `language-specific files belong in analysis/${area}/<language>/`);
    }
  });

  test('no module of the server or the client imports itself back through others', () => {
    const cycles: string[] = [];
    for (const dir of ['server/src', 'client/src']) {
      const files = filesUnder(path.join(ROOT, dir));
      const graph = new Map(files.map((file) => [file, valueImports(file)]));
      const state = new Map<string, 'visiting' | 'done'>();
      const stack: string[] = [];
      const visit = (file: string) => {
        state.set(file, 'visiting');
        stack.push(file);
        for (const dep of graph.get(file) ?? []) {
          if (state.get(dep) === 'visiting') cycles.push(stack.slice(stack.indexOf(dep)).map((f) => path.relative(ROOT, f)).join(' → '));
          else if (!state.has(dep)) visit(dep);
        }
        stack.pop();
        state.set(file, 'done');
      };
      for (const file of files) if (!state.has(file)) visit(file);
    }
    assert.deepEqual(cycles, []);
  });
});

/** Relative modules a file imports at run time (`import type` is erased and cannot form a cycle). */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target) out.push(target);
  }
  return out;
}
