/**
 * Precision and recall of the typosquat check on real data (not a test: numbers for the docs).
 *  - precision: each of the top-N names of the shipped lists, checked as if it were not on the list
 *    (leave-one-out): how many legitimate popular names would look like a typosquat of another;
 *  - recall: the real typosquat names of test/fixtures/dependencies/malicious-typosquats.tsv
 *    (collected from public malicious-package advisories, with sources).
 * `node esbuild.config.mjs --tests && node out/test/bench/typosquatMetrics.js [N]`
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Popularity } from '../../server/src/analysis/dependencies/popularity';
import { findConfusion } from '../../server/src/analysis/dependencies/typosquat';
import type { Ecosystem } from '../../server/src/analysis/dependencies/types';
import { ROOT } from '../helpers/paths';

const data = path.join(ROOT, 'rules', 'data', 'dependencies');
const lists: Record<'npm' | 'pypi', Popularity> = {
  npm: Popularity.parse('npm', fs.readFileSync(path.join(data, 'popular-npm.txt'), 'utf8')),
  pypi: Popularity.parse('pypi', fs.readFileSync(path.join(data, 'popular-pypi.txt'), 'utf8')),
};
const top = Number(process.argv[2] ?? 5000);
const verbose = process.argv.includes('--verbose');
const limitArg = process.argv.find((a) => a.startsWith('--target-limit='));
const targetRankLimit = limitArg ? Number(limitArg.split('=')[1]) : undefined;

for (const ecosystem of ['npm', 'pypi'] as const) {
  const popularity = lists[ecosystem];
  const entries = popularity.entries.slice(0, top);
  let flagged = 0;
  let flaggedByMorePopular = 0;
  for (const entry of entries) {
    const confusion = findConfusion(entry.name, popularity, { evenIfListed: true, targetRankLimit });
    if (!confusion) continue;
    flagged++;
    const target = popularity.get(confusion.target)!;
    if (target.rank < entry.rank) flaggedByMorePopular++;
    if (verbose) console.log(`${ecosystem}\t${entry.name} (#${entry.rank})\t~ ${confusion.target} (#${target.rank})\t${confusion.how}`);
  }
  console.log(`${ecosystem}: top ${entries.length} names — as shipped 0 flagged (listed names are exempt); leave-one-out ${flagged} (${(100 * flagged / entries.length).toFixed(2)} %), of which ${flaggedByMorePopular} against a more popular name`);
}

const fixture = path.join(ROOT, 'test', 'fixtures', 'dependencies', 'malicious-typosquats.tsv');
if (fs.existsSync(fixture)) {
  const rows = fs.readFileSync(fixture, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const byEcosystem = new Map<Ecosystem, { total: number; caught: number; missed: string[] }>();
  for (const [ecosystem, name, imitates] of rows) {
    const popularity = lists[ecosystem as 'npm' | 'pypi'];
    if (!popularity) continue;
    const stats = byEcosystem.get(ecosystem as Ecosystem) ?? { total: 0, caught: 0, missed: [] };
    byEcosystem.set(ecosystem as Ecosystem, stats);
    stats.total++;
    const confusion = findConfusion(name, popularity, { targetRankLimit });
    if (confusion) stats.caught++;
    else stats.missed.push(`${name} (${imitates})`);
    if (verbose && confusion) console.log(`caught ${ecosystem} ${name} ~ ${confusion.target} (${confusion.how}); advisory says it imitates ${imitates}`);
  }
  for (const [ecosystem, stats] of byEcosystem) {
    console.log(`${ecosystem}: recall ${stats.caught}/${stats.total} (${(100 * stats.caught / stats.total).toFixed(1)} %) real typosquats; missed: ${stats.missed.join(', ') || 'none'}`);
  }
}
