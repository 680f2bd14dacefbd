/**
 * The `aiGuard.*` settings of one resource, pulled with workspace/configuration and cached per
 * document URI (a multi-root workspace can configure each folder differently). The cache is
 * dropped on workspace/didChangeConfiguration. Values are checked field by field: a wrong type
 * falls back to that field's default instead of breaking analysis.
 */
import type { ProjectConfig, RuleSetting } from '../analysis/config';
import { DEFAULT_DETECTION, type DetectionSettings } from '../analysis/regions';
import { SETTING_DEFAULTS } from '../analysis/settingDefaults';
import { describeError } from '../analysis/errors';

export const SETTINGS_SECTION = 'aiGuard';

export const SCOPES = ['wholeFile', 'changedLines', 'aiRegions'] as const;
export type Scope = (typeof SCOPES)[number];

export interface DocumentSettings {
  enable: boolean;
  /** `aiRegions`: only AI regions are checked; `changedLines`: regions plus lines added since HEAD; `wholeFile`: everything. */
  scope: Scope;
  /** When a change counts as an AI insertion, and which files never get regions. */
  detection: DetectionSettings & { exclude: string[] };
  /** Globs relative to the workspace folder, on top of the built-in excludes and `.aiguard.json`. */
  exclude: string[];
  rules: Record<string, RuleSetting>;
  maxFileSizeKb: number;
  testFiles: { lowerSeverity: boolean };
}

/** The defaults (analysis/settingDefaults.ts) in the nested shape the client sends. */
export const DEFAULT_SETTINGS: Readonly<DocumentSettings> = Object.freeze({
  enable: SETTING_DEFAULTS.enable,
  scope: SETTING_DEFAULTS.scope,
  detection: { ...DEFAULT_DETECTION, exclude: [...SETTING_DEFAULTS['detection.exclude']] },
  exclude: [...SETTING_DEFAULTS.exclude],
  rules: {},
  maxFileSizeKb: SETTING_DEFAULTS.maxFileSizeKb,
  testFiles: { lowerSeverity: SETTING_DEFAULTS['testFiles.lowerSeverity'] },
});

const RULE_SETTINGS = new Set<string>(['off', 'error', 'warning', 'info']);

/** Reads what the client sent; anything malformed keeps its default. */
export function normalizeSettings(raw: unknown): DocumentSettings {
  const settings: DocumentSettings = structuredClone(DEFAULT_SETTINGS) as DocumentSettings;
  if (!raw || typeof raw !== 'object') return settings;
  const value = raw as Record<string, unknown>;
  if (typeof value.enable === 'boolean') settings.enable = value.enable;
  if (typeof value.scope === 'string' && (SCOPES as readonly string[]).includes(value.scope)) settings.scope = value.scope as Scope;
  if (Array.isArray(value.exclude)) settings.exclude = value.exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      if (typeof setting === 'string' && RULE_SETTINGS.has(setting)) settings.rules[id] = setting as RuleSetting;
    }
  }
  if (typeof value.maxFileSizeKb === 'number' && Number.isFinite(value.maxFileSizeKb) && value.maxFileSizeKb > 0) {
    settings.maxFileSizeKb = value.maxFileSizeKb;
  }
  const detection = value.detection as Record<string, unknown> | undefined;
  if (detection && typeof detection === 'object') {
    const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 1;
    if (positive(detection.minLines)) settings.detection.minLines = Math.floor(detection.minLines);
    if (positive(detection.minChars)) settings.detection.minChars = Math.floor(detection.minChars);
    if (Array.isArray(detection.exclude)) settings.detection.exclude = detection.exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  }
  const testFiles = value.testFiles as Record<string, unknown> | undefined;
  if (testFiles && typeof testFiles.lowerSeverity === 'boolean') settings.testFiles.lowerSeverity = testFiles.lowerSeverity;
  return settings;
}

/** Fetches the raw `aiGuard` section for a resource URI (or for no resource). */
export type SettingsFetcher = (scopeUri: string | undefined) => Promise<unknown>;

export class SettingsCache {
  private readonly cache = new Map<string, Promise<DocumentSettings>>();

  constructor(private readonly fetch: SettingsFetcher, private readonly log: (message: string) => void) {}

  get(uri: string): Promise<DocumentSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri).then(normalizeSettings, (err: unknown) => {
        this.log(`Could not read the aiGuard settings for ${uri} (${describeError(err)}); using the defaults.`);
        return normalizeSettings(undefined);
      });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

/**
 * The folder's `.aiguard.json` with the editor settings on top: a rule set in `aiGuard.rules` wins
 * over the file, and either one can switch off the lower severity of test files.
 */
export function effectiveConfig(project: ProjectConfig, settings: DocumentSettings): ProjectConfig {
  return {
    ...project,
    ignore: [...project.ignore, ...settings.exclude],
    rules: { ...project.rules, ...settings.rules },
    lowerSeverityInTests: project.lowerSeverityInTests && settings.testFiles.lowerSeverity,
  };
}
