/**
 * Every setting default is written once (server/src/analysis/settingDefaults.ts); package.json shows
 * it to VS Code and the README table is generated from package.json, so both must agree with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_BYTES } from '../../server/src/analysis/files';
import { DEFAULT_DETECTION } from '../../server/src/analysis/regions';
import { SETTING_DEFAULTS } from '../../server/src/analysis/settingDefaults';
import { DEFAULT_SETTINGS, normalizeSettings, SCOPES, SETTINGS_SECTION } from '../../server/src/lsp/settings';
import { ROOT } from '../helpers/paths';

interface ContributedSetting { default: unknown; enum?: string[] }
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed: Record<string, ContributedSetting> = manifest.contributes.configuration.properties;

test('package.json contributes exactly the settings that have a default, with the same values', () => {
  const prefix = `${SETTINGS_SECTION}.`;
  assert.deepEqual(Object.keys(contributed).sort(), Object.keys(SETTING_DEFAULTS).map((name) => prefix + name).sort());
  for (const [name, value] of Object.entries(SETTING_DEFAULTS)) {
    assert.deepEqual(contributed[prefix + name].default, value, `${prefix}${name}`);
  }
});

test('the scope setting offers the scopes the server knows', () => {
  assert.deepEqual([...(contributed['aiGuard.scope'].enum ?? [])].sort(), [...SCOPES].sort());
});

test('the server reads its defaults from the one table', () => {
  assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  assert.deepEqual(DEFAULT_SETTINGS, {
    enable: SETTING_DEFAULTS.enable,
    scope: SETTING_DEFAULTS.scope,
    detection: { minLines: SETTING_DEFAULTS['detection.minLines'], minChars: SETTING_DEFAULTS['detection.minChars'], exclude: SETTING_DEFAULTS['detection.exclude'] },
    exclude: SETTING_DEFAULTS.exclude,
    rules: SETTING_DEFAULTS.rules,
    maxFileSizeKb: SETTING_DEFAULTS.maxFileSizeKb,
    testFiles: { lowerSeverity: SETTING_DEFAULTS['testFiles.lowerSeverity'] },
  });
  assert.deepEqual(DEFAULT_DETECTION, { minLines: SETTING_DEFAULTS['detection.minLines'], minChars: SETTING_DEFAULTS['detection.minChars'] });
  // The CLI and the gate, which have no settings, scan files up to the same size.
  assert.equal(DEFAULT_MAX_BYTES, SETTING_DEFAULTS.maxFileSizeKb * 1024);
});
