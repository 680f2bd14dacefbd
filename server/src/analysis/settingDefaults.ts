/**
 * The default of every `aiGuard.*` setting, keyed by its name under `aiGuard.` — the one place these
 * values are written. The server's settings (lsp/settings.ts), the region detector's thresholds
 * (regions/types.ts) and the client (client/src/config.ts) read them from here; package.json's
 * `contributes.configuration` must show the same values, which test/unit/settingDefaults.test.ts checks.
 * Plain data without imports, so the client bundle can take it.
 */
export const SETTING_DEFAULTS = Object.freeze({
  enable: true,
  scope: 'aiRegions',
  'detection.minLines': 3,
  'detection.minChars': 120,
  /** Generated, vendored and lock files: big mechanical writes that are never AI suggestions to review. */
  'detection.exclude': Object.freeze([
    '**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/*.min.js', '**/*.lock', '**/package-lock.json',
    '**/yarn.lock', '**/pnpm-lock.yaml', '**/go.sum', '**/*.generated.*', '**/__generated__/**', '**/vendor/**',
  ]),
  'codeLens.enabled': true,
  'gutter.enabled': true,
  exclude: Object.freeze([] as string[]),
  rules: Object.freeze({} as Record<string, string>),
  maxFileSizeKb: 1024,
  'testFiles.lowerSeverity': true,
  'trace.server': 'off',
} as const);

export type SettingName = keyof typeof SETTING_DEFAULTS;
