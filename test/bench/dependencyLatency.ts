/**
 * Do registry lookups delay static diagnostics? The real server bundle over stdio, a 50-line AI
 * block pasted into a document (twelve package imports nobody knows, and an `eval`), timed from the
 * change to the first publish that holds the static finding — with a registry that never answers
 * (the fake on 127.0.0.1 holds every request open) and with lookups off (`online: false`).
 * `node esbuild.config.mjs --tests && node out/test/bench/dependencyLatency.js [runs]`
 */
import * as path from 'node:path';
import { FakeRegistry } from '../helpers/fakeRegistry';
import { fileUri, LspTestClient } from '../helpers/lspClient';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const RUNS = Number(process.argv[2] ?? 20);
const IMPORTS = Array.from({ length: 12 }, (_, i) => `import helper${i} from "unknown-helper-pkg-${i}";`);
const BODY = Array.from({ length: 37 }, (_, i) => `export const value${i} = helper${i % 12}(${i});`);
const BLOCK = `${[...IMPORTS, 'export const run = (input) => eval(input);', ...BODY].join('\n')}\n`;

async function measure(online: boolean, registry: FakeRegistry): Promise<number[]> {
  const folder = makeTempDir('ai-guard-bench-deps-');
  writeTree(folder, { '.npmrc': `registry=${registry.npmUrl}\n` });
  const client = await LspTestClient.start({ folder, settings: { scope: 'wholeFile', dependencies: { online, timeoutMs: 3000 } }, env: { HOME: folder } });
  const times: number[] = [];
  try {
    // The first runs start the engine and compile the queries; they are not what is measured.
    for (let run = -3; run < RUNS; run++) {
      const uri = fileUri(path.join(folder, `file${run + 3}.js`));
      await client.open(uri, '// start\n');
      const started = process.hrtime.bigint();
      const published = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: BLOCK }]);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!published.diagnostics.some((d) => d.code === 'js-dynamic-eval')) throw new Error('the first publish lacks the static finding');
      if (run >= 0) times.push(ms);
    }
  } finally {
    await client.shutdown();
  }
  return times;
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const registry = await FakeRegistry.start();
  registry.defaultFault = { kind: 'hang' };
  try {
    // Alternating rounds, so a machine that warms up or gets busier does not favour either side.
    const offline: number[] = [];
    const dead: number[] = [];
    for (let round = 0; round < 2; round++) {
      dead.push(...(await measure(true, registry)));
      offline.push(...(await measure(false, registry)));
    }
    console.log(`static diagnostics after a 50-line paste with 12 unknown imports (${2 * RUNS} runs each, after warm-up):`);
    console.log(`  lookups off (online: false):        ${stats(offline)}`);
    console.log(`  registry that never answers:        ${stats(dead)} (${registry.requests.length} requests held open)`);
  } finally {
    await registry.stop();
  }
}

void main();
