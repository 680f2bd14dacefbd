/**
 * `.aiguard.json` at a workspace folder root: JSON with comments, validated against
 * schemas/aiguard.schema.json. Never executed. A malformed file yields clear errors and the
 * defaults, never a crash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { osErrorText } from './files';
import type { Severity } from './types';
import configSchema from '../../../schemas/aiguard.schema.json';

export const CONFIG_FILE_NAME = '.aiguard.json';

export type RuleSetting = 'off' | Severity;

export interface GatePolicy {
  /** Block commits whose staged hunks overlap unreviewed AI regions. */
  requireVerified: boolean;
  /** Block findings at or above this level on staged changed lines. */
  failOn: Severity;
}

export interface ProjectConfig {
  /** Globs (relative to the folder) never scanned, on top of .gitignore. */
  ignore: string[];
  /** Per-rule overrides: switch off or change severity. */
  rules: Record<string, RuleSetting>;
  /** Lower severity one step in test files and fixtures. */
  lowerSeverityInTests: boolean;
  gate: GatePolicy;
}

export const DEFAULT_CONFIG: ProjectConfig = Object.freeze({
  ignore: [],
  rules: {},
  lowerSeverityInTests: true,
  gate: { requireVerified: true, failOn: 'warning' },
}) as ProjectConfig;

export interface ConfigLoadResult {
  config: ProjectConfig;
  /** Path of the file read, when there was one. */
  file?: string;
  /** Sentences naming the file and what is wrong; the defaults apply where the file is broken. */
  errors: string[];
}

const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(configSchema);

/** Errors that mean there is no configuration file, as opposed to one that cannot be read. */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The folder's `.aiguard.json`. A missing file gives the defaults quietly; a file that exists but
 * cannot be read (a folder of that name, no permission) is reported like a malformed one, because
 * the person who wrote it expects it to apply. `readFile` is replaceable for tests.
 */
export function loadProjectConfig(folder: string, readFile: (file: string) => string = (file) => fs.readFileSync(file, 'utf8')): ConfigLoadResult {
  const file = path.join(folder, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const defaults = structuredClone(DEFAULT_CONFIG);
    if (MISSING.has((err as NodeJS.ErrnoException)?.code ?? '')) return { config: defaults, errors: [] };
    return { config: defaults, file, errors: [`${file}: could not be read (${osErrorText(err)}); using the default settings until it is fixed.`] };
  }
  return { ...parseProjectConfig(text, file), file };
}

export function parseProjectConfig(text: string, file = CONFIG_FILE_NAME): ConfigLoadResult {
  const parseErrors: ParseError[] = [];
  const data: unknown = parseJsonc(text, parseErrors, { allowTrailingComma: true });
  if (parseErrors.length > 0) {
    const first = parseErrors[0];
    const line = text.slice(0, first.offset).split('\n').length;
    return { config: structuredClone(DEFAULT_CONFIG), errors: [`${file}:${line}: ${printParseErrorCode(first.error)}; using the default settings until it is fixed.`] };
  }
  if (!validateConfig(data)) {
    const errors = (validateConfig.errors ?? []).map((e) => {
      const where = e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'the top level';
      const allowed = e.keyword === 'enum' ? `: one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
      return `${file}: ${where} ${e.message}${allowed}; that setting is ignored.`;
    });
    return { config: mergeValid(data), errors };
  }
  return { config: mergeValid(data), errors: [] };
}

/** Takes each valid part of a possibly invalid object, falling back to defaults field by field. */
function mergeValid(data: unknown): ProjectConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  if (!data || typeof data !== 'object') return config;
  const raw = data as Record<string, unknown>;
  if (Array.isArray(raw.ignore)) config.ignore = raw.ignore.filter((g): g is string => typeof g === 'string');
  if (raw.rules && typeof raw.rules === 'object') {
    for (const [id, value] of Object.entries(raw.rules)) {
      if (value === 'off' || value === 'error' || value === 'warning' || value === 'info') config.rules[id] = value;
    }
  }
  if (typeof raw.lowerSeverityInTests === 'boolean') config.lowerSeverityInTests = raw.lowerSeverityInTests;
  const gate = raw.gate as Record<string, unknown> | undefined;
  if (gate && typeof gate === 'object') {
    if (typeof gate.requireVerified === 'boolean') config.gate.requireVerified = gate.requireVerified;
    if (gate.failOn === 'error' || gate.failOn === 'warning' || gate.failOn === 'info') config.gate.failOn = gate.failOn;
  }
  return config;
}
