import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder above this file whose package.json is ai-guard's. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'ai-guard') return dir;
  }
  throw new Error(`No ai-guard package.json above ${__dirname}`);
}

export const ROOT = repoRoot();
export const RULES_DIR = path.join(ROOT, 'rules');
export const WASM_DIR = path.join(ROOT, 'dist', 'wasm');
export const DIST = path.join(ROOT, 'dist');
