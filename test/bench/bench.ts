/**
 * `npm run bench`: prints a table of AI Guard's performance on real code.
 *  - full scan throughput (parse + all rules) per language,
 *  - per-edit latency: a 50-line block inserted into the middle of a ~10k-line file, then the
 *    incremental re-parse and the rules over the inserted span (what the server does per edit),
 *  - the huge-file case (TypeScript's 200k-line lib/typescript.js), and peak RSS.
 * Corpora: `AIGUARD_CORPORA=DIR` (made by ../shared/bench/corpora.sh) if set; otherwise the JS/TS in
 * node_modules (real third-party code). Python/Go rows need the corpora.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from '../../server/src/analysis/engine';
import { grammarForPath, type GrammarId } from '../../server/src/analysis/languages';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import { runRules } from '../../server/src/analysis/runner';
import { readSourceFile } from '../../server/src/analysis/files';
import { ROOT, RULES_DIR, WASM_DIR } from '../helpers/paths';
import { hiddenUnicodeSpeed, readTexts } from './contentScan';

interface Row { what: string; files: string; lines: string; result: string }

function listFiles(dir: string, limit: number, out: string[] = []): string[] {
  if (out.length >= limit || !fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= limit) break;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, limit, out);
    else if (grammarForPath(full) && !full.endsWith('.min.js')) out.push(full);
  }
  return out;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function throughput(engine: Engine, files: string[], label: string): Row {
  let lines = 0;
  let scanned = 0;
  let findings = 0;
  const t0 = performance.now();
  for (const file of files) {
    const read = readSourceFile(file, 2_000_000);
    if (!read.ok) continue;
    scanned++;
    lines += read.text.split('\n').length;
    findings += engine.scanText(file, read.text).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { what: `full scan, ${label}`, files: String(scanned), lines: lines.toLocaleString('en'), result: `${Math.round(lines / seconds).toLocaleString('en')} lines/s (${findings} findings)` };
}

function perEdit(engine: Engine, file: string, grammar: GrammarId, block: string, runs = 40): Row[] {
  const base = fs.readFileSync(file, 'utf8');
  const parse: number[] = [];
  const check: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < runs; i++) {
    const doc = new SyntaxDocument(engine.grammars, grammar, base);
    void doc.tree;
    const at = base.indexOf('\n', Math.floor(base.length / 2) + i * 7) + 1;
    const t0 = performance.now();
    doc.edit(at, at, block);
    const tree = doc.tree;
    const t1 = performance.now();
    runRules({ tree, text: doc.text, grammar, filePath: file }, engine.ruleSet, { spans: [{ startIndex: at, endIndex: at + block.length }] });
    const t2 = performance.now();
    runRules({ tree, text: doc.text, grammar, filePath: file }, engine.ruleSet);
    const t3 = performance.now();
    doc.dispose();
    parse.push(t1 - t0);
    check.push(t2 - t1);
    whole.push(t3 - t2);
  }
  const lines = base.split('\n').length.toLocaleString('en');
  const name = path.basename(file);
  const fmt = (v: number[]) => `${percentile(v, 50).toFixed(1)} ms median / ${percentile(v, 95).toFixed(1)} ms p95`;
  return [
    { what: `50-line insert into ${name}: incremental re-parse`, files: '1', lines, result: fmt(parse) },
    { what: `  … rules over the inserted block`, files: '1', lines, result: fmt(check) },
    { what: `  … rules over the whole file`, files: '1', lines, result: fmt(whole) },
  ];
}

function huge(engine: Engine, file: string): Row {
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const findings = engine.scanText(file, text).length;
  const ms = performance.now() - t0;
  return { what: `huge file ${path.basename(file)} (parse + all rules)`, files: '1', lines: text.split('\n').length.toLocaleString('en'), result: `${Math.round(ms)} ms (${findings} findings)` };
}

async function main(): Promise<void> {
  const engine = await Engine.create({ rulesDir: RULES_DIR, wasmDir: WASM_DIR });
  const corpora = process.env.AIGUARD_CORPORA;
  const rows: Row[] = [];
  const jsRoot = corpora ? path.join(corpora, 'js') : path.join(ROOT, 'node_modules');
  const jsFiles = listFiles(jsRoot, 1500).filter((f) => !f.includes(`${path.sep}typescript${path.sep}lib${path.sep}`));
  rows.push(throughput(engine, jsFiles, corpora ? 'JS/TS corpus' : 'JS/TS in node_modules'));
  if (corpora) {
    rows.push(throughput(engine, listFiles(path.join(corpora, 'python'), 1200), 'Python corpus'));
    rows.push(throughput(engine, listFiles(path.join(corpora, 'go'), 400), 'Go corpus'));
  }
  const block = [
    'app.get("/login", (req, res) => {',
    '  const state = Math.random().toString(36).substring(2);',
    '  res.cookie("oauth_state", state);',
    '  db.query(`SELECT * FROM users WHERE name = \'${req.query.name}\'`);',
    '  res.redirect(req.query.next);',
    '});',
  ].join('\n');
  const fiftyLines = Array.from({ length: 9 }, () => block).join('\n').split('\n').slice(0, 50).join('\n') + '\n';
  const editFile = corpora && fs.existsSync(path.join(corpora, 'single', 'jquery.js'))
    ? path.join(corpora, 'single', 'jquery.js')
    : path.join(ROOT, 'node_modules', 'esbuild', 'lib', 'main.js');
  rows.push(...perEdit(engine, editFile, 'javascript', fiftyLines));
  rows.push(huge(engine, path.join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js')));
  // The hidden-Unicode checks are a string scan over text already in memory: they must cost nothing.
  const textRoots = corpora ? ['js', 'jsts', 'python', 'py', 'go', 'single'].map((d) => path.join(corpora, d)).filter((d) => fs.existsSync(d)) : [path.join(ROOT, 'node_modules', 'zod')];
  const speed = hiddenUnicodeSpeed(readTexts(textRoots));
  rows.push({ what: 'hidden-Unicode checks (bidi, invisible, tags, selectors, confusables)', files: String(speed.files), lines: speed.lines.toLocaleString('en'), result: `${speed.linesPerSecond.toLocaleString('en')} lines/s` });
  rows.push({ what: 'peak RSS', files: '', lines: '', result: `${Math.round(process.resourceUsage().maxRSS / 1024)} MB` });

  const widths = ['what', 'files', 'lines', 'result'].map((k) => Math.max(k.length, ...rows.map((r) => r[k as keyof Row].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`AI Guard benchmark — ${engine.ruleSet.rules.length} rules, node ${process.version}`);
  console.log(line(['what', 'files', 'lines', 'result']));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line([r.what, r.files, r.lines, r.result]));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
