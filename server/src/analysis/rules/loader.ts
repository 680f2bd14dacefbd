/**
 * Reads rules/<language>/<id>.yaml, validates each against rules/rule.schema.json, and returns
 * every rule that is sound plus one clear error per broken file, so one bad file never takes the
 * others down. A rule's check is not named in the file: it is found by the rule id (checks/naming.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { textCheckOf, TEXT_CHECKS } from '../checks';
import { checkModuleOf, checkNameOf } from '../checks/naming';
import { RULE_LANGUAGES, type RuleLanguage } from '../languages';
import { readMarkers } from './exampleMarkers';
import { DEFAULT_MESSAGE_ID, type LoadedRule, type RuleExample, type RuleLoadError, type RuleSpec } from './ruleTypes';
import ruleSchema from '../../../../rules/rule.schema.json';
import { describeError } from '../errors';

const validateSpec = new Ajv({ allErrors: false, strict: false }).compile<RuleSpec>(ruleSchema);

export interface RuleLoadResult {
  rules: LoadedRule[];
  errors: RuleLoadError[];
}

export function loadRulesFromDirectory(rulesDir: string): RuleLoadResult {
  const files = listRuleFiles(rulesDir);
  const result: RuleLoadResult = { rules: [], errors: [] };
  if (files.length === 0) {
    result.errors.push({ file: rulesDir, message: 'contains no rule files (*.yaml). Reinstall the extension or check the rules path.' });
    return result;
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const display = path.relative(path.dirname(rulesDir), file) || file;
    const parsed = parseRuleFile(display, fs.readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      result.errors.push(parsed.error);
      continue;
    }
    const loaded = parsed.rule;
    const previous = seen.get(loaded.id);
    if (previous) {
      result.errors.push({ file: display, field: 'id', message: `"${loaded.id}" is already used by ${previous}` });
      continue;
    }
    seen.set(loaded.id, display);
    result.rules.push(loaded);
  }
  return result;
}

/** Parses and validates one rule file's text. Query syntax is checked later, when compiled per grammar. */
export type ParsedRuleFile = { ok: true; rule: LoadedRule } | { ok: false; error: RuleLoadError };

export function parseRuleFile(file: string, text: string): ParsedRuleFile {
  const fail = (error: Omit<RuleLoadError, 'file'>): ParsedRuleFile => ({ ok: false, error: { file, ...error } });
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    return fail({ message: `is not valid YAML: ${describeError(err).split('\n')[0]}` });
  }
  if (!validateSpec(data)) return fail(describeSchemaError(validateSpec.errors?.[0], data));
  if (data.query !== undefined) {
    if (!/@match\b/.test(data.query)) {
      return fail({ field: 'query', message: 'must capture the reported node as @match' });
    }
    const notParsed = data.languages.filter((l) => !RULE_LANGUAGES.includes(l as RuleLanguage));
    if (notParsed.length > 0) {
      return fail({ field: 'languages', message: `lists ${notParsed.join(', ')}, which have no grammar; a rule with a query runs on ${RULE_LANGUAGES.join(', ')} only` });
    }
  } else if (!textCheckOf(data.id)) {
    const known = [...TEXT_CHECKS.keys()].sort().join(', ') || 'none';
    return fail({ field: 'query', message: `is missing, so this is a text rule, but there is no text check named ${checkNameOf(data.id)} for it (known: ${known})` });
  }
  const expectedName = path.basename(file).replace(/\.ya?ml$/, '');
  if (expectedName !== data.id) {
    return fail({ field: 'id', message: `is "${data.id}" but the file is named ${path.basename(file)}; they must match` });
  }
  const examples = loadExamples(data);
  if ('error' in examples) return fail(examples.error);
  return { ok: true, rule: { ...data, examples, file } };
}

/** The examples as objects without their line markers; bad ones must mark the rule's lines, good ones none. */
function loadExamples(spec: RuleSpec): LoadedRule['examples'] | { error: Omit<RuleLoadError, 'file'> } {
  const loaded: LoadedRule['examples'] = { bad: [], good: [] };
  for (const kind of ['bad', 'good'] as const) {
    for (const [i, example] of spec.examples[kind].entries()) {
      const object: RuleExample = typeof example === 'string' ? { code: example } : { ...example };
      const field = `examples.${kind}.${i}`;
      const read = readMarkers(object.code, DEFAULT_MESSAGE_ID);
      if ('error' in read) return { error: { field, message: read.error } };
      const own = read.expected.filter((e) => e.ruleId === spec.id);
      if (kind === 'good' && read.expected.length > 0) {
        return { error: { field, message: `marks line ${read.expected[0].line + 1} with "ruleid:", but a good example must not fire any rule` } };
      }
      if (kind === 'bad' && own.length === 0) {
        return { error: { field, message: `marks no line with "ruleid: ${spec.id}": end each line that must fire with that comment` } };
      }
      const unknown = own.find((e) => spec.messages[e.messageId] === undefined);
      if (unknown) {
        return { error: { field, message: `line ${unknown.line + 1} expects message "${unknown.messageId}", which the rule's messages do not have (${Object.keys(spec.messages).join(', ')})` } };
      }
      loaded[kind].push(kind === 'bad' ? { ...object, code: read.code, expected: read.expected } : { ...object, code: read.code });
    }
  }
  return loaded;
}

function describeSchemaError(error: ErrorObject | undefined, data: unknown): { field?: string; message: string } {
  if (!error) return { message: 'does not match the rule schema' };
  const pointer = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { field: pointer ? `${pointer}.${missing}` : missing, message: 'is required but missing' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const id = (data as { id?: unknown } | null)?.id;
    if (!pointer && extra === 'check' && typeof id === 'string') {
      return { field: extra, message: `is not a rule field: a rule's check is found by its id (${id} → check ${checkNameOf(id)} in server/src/analysis/checks/${checkModuleOf(id) ?? '<language>/…'}.ts)` };
    }
    return { field: pointer ? `${pointer}.${extra}` : extra, message: 'is not a known rule field' };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { field: pointer || undefined, message: `must be one of: ${allowed.join(', ')}` };
  }
  return { field: pointer || undefined, message: error.message ?? 'is invalid' };
}

function listRuleFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'data') out.push(...listRuleFiles(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out.sort();
}
