// Bundles the three entry points (client, server, CLI) and, with --tests, the test files.
// `node esbuild.config.mjs [--production] [--tests | --tests-only] [--watch]`
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const root = path.dirname(new URL(import.meta.url).pathname);

function copyWasm() {
  const out = path.join(root, 'dist', 'wasm');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));
  for (const grammar of ['javascript', 'typescript', 'tsx', 'python', 'go', 'bash']) {
    const file = `tree-sitter-${grammar}.wasm`;
    fs.copyFileSync(path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm', file), path.join(out, file));
  }
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  alias: {
    // jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot follow;
    // its ESM build bundles cleanly (without this, dist/server.js dies with "Cannot find module './impl/format'").
    'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
    // web-tree-sitter's ESM build calls createRequire(import.meta.url), which is empty in a CJS
    // bundle; its CJS build is equivalent and bundles cleanly.
    'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs',
  },
};

const products = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/main.ts' } },
  { entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
].map((p) => ({ ...common, outdir: 'dist', ...p }));

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : testFiles(full);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

if (args.has('--tests-only')) products.length = 0;
if (args.has('--tests') || args.has('--tests-only')) {
  products.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: testFiles('test'),
    // Tests keep packages external (Node resolves them itself), so the bundle-only aliases must not apply.
    alias: {},
    outdir: 'out/test',
    outbase: 'test',
    packages: 'external',
    external: ['vscode'],
  });
}

fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
copyWasm();
if (args.has('--watch')) {
  for (const options of products) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(products.map((options) => esbuild.build(options)));
}
