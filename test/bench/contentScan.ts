/**
 * The content rules over a folder of real files: how fast the hidden-Unicode checks run (they must
 * cost nothing), and every finding of a content rule, for a precision review.
 *   node out/test/bench/contentScan.js DIR [DIR…]     (after `node esbuild.config.mjs --tests`)
 * Prints one line per finding and a summary; `npm run bench` reports the speed row only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TextCheck } from '../../server/src/analysis/checks/checkTypes';
import { contentChecks } from '../../server/src/analysis/content';
import { Engine } from '../../server/src/analysis/engine';
import { mayBeTextFile, readSourceFile } from '../../server/src/analysis/files';
import { fileKindForPath } from '../../server/src/analysis/languages';
import { LineIndex } from '../../server/src/analysis/positions';
import { RULES_DIR, WASM_DIR } from '../helpers/paths';

const HIDDEN_CHECKS: TextCheck[] = [
  contentChecks.hiddenUnicodeBidi, contentChecks.hiddenUnicodeInvisible, contentChecks.hiddenUnicodeTagCharacters,
  contentChecks.hiddenUnicodeVariationSelectors, contentChecks.hiddenUnicodeConfusable,
];

export function textFilesUnder(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) textFilesUnder(full, out);
    else if (entry.isFile() && mayBeTextFile(full) && !full.endsWith('.map')) out.push(full);
  }
  return out;
}

export interface HiddenUnicodeSpeed { files: number; lines: number; seconds: number; linesPerSecond: number }

/** The five hidden-Unicode checks over texts already in memory (reading and parsing are not part of their cost). */
export function hiddenUnicodeSpeed(texts: Array<{ file: string; text: string }>, rounds = 3): HiddenUnicodeSpeed {
  let lines = 0;
  const prepared = texts.map(({ file, text }) => {
    const index = new LineIndex(text);
    lines += index.lineCount;
    return { file, text, index, kind: fileKindForPath(file) };
  });
  let best = Infinity;
  // Counted so the work cannot be optimised away; the findings themselves are listed elsewhere.
  let found = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const { file, text, index, kind } of prepared) {
      for (const check of HIDDEN_CHECKS) for (const _ of check({ filePath: file, text, kind, lines: index })) found++;
    }
    best = Math.min(best, performance.now() - t0);
  }
  const seconds = best / 1000;
  return { files: texts.length, lines, seconds, linesPerSecond: Math.round(lines / seconds) };
}

export function readTexts(dirs: string[]): Array<{ file: string; text: string }> {
  const texts: Array<{ file: string; text: string }> = [];
  for (const dir of dirs) {
    for (const file of textFilesUnder(dir)) {
      const read = readSourceFile(file, 2_000_000);
      if (read.ok) texts.push({ file, text: read.text });
    }
  }
  return texts;
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error('usage: contentScan.js DIR [DIR…]');
  const texts = readTexts(dirs);
  const speed = hiddenUnicodeSpeed(texts);
  const engine = await Engine.create({ rulesDir: RULES_DIR, wasmDir: WASM_DIR });
  const contentRules = new Set(engine.ruleSet.rules.filter((r) => r.query === undefined).map((r) => r.id));
  const disabledRules = new Set(engine.ruleSet.rules.filter((r) => !contentRules.has(r.id)).map((r) => r.id));
  const counts = new Map<string, number>();
  for (const { file, text } of texts) {
    let findings;
    try {
      findings = engine.scanText(file, text, { disabledRules, lowerSeverityInTests: false });
    } catch (err) {
      console.log(`ERROR ${file}: ${(err as Error).message}`);
      continue;
    }
    for (const f of findings) {
      counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
      const line = text.split('\n')[f.range.start.line] ?? '';
      console.log(`${file}:${f.range.start.line + 1}  ${f.ruleId}  ${f.message.slice(0, 200)}\n    | ${JSON.stringify(line.slice(0, 160))}`);
    }
  }
  console.log(`\n${texts.length} text files, ${speed.lines.toLocaleString('en')} lines; hidden-Unicode checks ${speed.linesPerSecond.toLocaleString('en')} lines/s (${(speed.seconds * 1000).toFixed(0)} ms)`);
  console.log(`findings by rule: ${JSON.stringify(Object.fromEntries(counts))}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
