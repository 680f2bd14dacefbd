/**
 * Command ids are written once: short names in protocol.ts (the client's command table is typed by
 * them), the `aiGuard.` prefix added by commandId(). package.json must contribute the same commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_NAMES, commandId } from '../../server/src/lsp/protocol';
import { ROOT } from '../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json contributes exactly the commands of the command table', () => {
  const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command);
  assert.deepEqual([...contributed].sort(), COMMAND_NAMES.map(commandId).sort());
});

test('menus refer only to commands of the table', () => {
  const known = new Set(COMMAND_NAMES.map(commandId));
  const menus = manifest.contributes.menus as Record<string, Array<{ command: string }>>;
  const unknown = Object.values(menus).flat().map((item) => item.command).filter((id) => !known.has(id));
  assert.deepEqual(unknown, []);
});

test('the sources never spell out a command id: they go through commandId()', () => {
  const ids = new Set(COMMAND_NAMES.map(commandId));
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/['"`](aiGuard\.\w+)['"`]/g)) {
          if (ids.has(m[1])) offenders.push(`${path.relative(ROOT, full)}: ${m[1]}`);
        }
      }
    }
  };
  walk(path.join(ROOT, 'client', 'src'));
  walk(path.join(ROOT, 'server', 'src'));
  assert.deepEqual(offenders, []);
});
