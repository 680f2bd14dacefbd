// The packaged .vsix holds what the extension needs at run time and nothing else (.vscodeignore is an
// allow-list): the bundles, the wasm grammars, the rules and their docs, icons; no sources, maps or node_modules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { packageExtension } from './harness.mjs';

/** Names of the entries of a zip file, read from its central directory. */
function zipEntries(file) {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

test('the .vsix is small and holds exactly the run-time files', () => {
  const vsix = packageExtension();
  const size = fs.statSync(vsix).size;
  assert.ok(size < 5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB; keep it under 5 MB`);
  const files = zipEntries(vsix).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  // vsce stores README.md as readme.md and LICENSE as LICENSE.txt.
  assert.ok(files.some((f) => f.toLowerCase() === 'readme.md'), 'the README is in the .vsix');
  assert.ok(files.some((f) => /^LICENSE(\.txt)?$/.test(f)), 'the LICENSE is in the .vsix');
  for (const required of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/wasm/tree-sitter.wasm',
    ...['javascript', 'typescript', 'tsx', 'python', 'go', 'bash'].map((g) => `dist/wasm/tree-sitter-${g}.wasm`),
    'rules/rule.schema.json', 'rules/javascript/js-insecure-random.yaml']) {
    assert.ok(files.includes(required), `${required} is in the .vsix`);
  }
  const unexpected = files.filter((f) => !/^(dist|rules|schemas|resources|docs\/rules)\//.test(f) && !/^(package\.json|readme\.md|changelog\.md|license(\.txt)?)$/i.test(f));
  assert.deepEqual(unexpected, [], 'only the allow-listed files are packaged');
  assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.includes('node_modules/')), [], 'no source maps or node_modules');
});
