// Builds the popularity lists the dependency checks ship (rules/data/dependencies/popular-*.txt)
// from the shared snapshots (npm: name + monthly downloads; PyPI: rank + name).
// `node scripts/build-popularity.mjs [--npm FILE] [--pypi FILE] [--npm-top N] [--pypi-top N]`
// Each output line is `name<TAB>monthly downloads with two significant digits` (npm) or `name` (PyPI,
// in rank order), so a list is small, diffable and needs no parser.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const npmSource = option('--npm', '/work/shared/data/popular-npm.tsv');
const pypiSource = option('--pypi', '/work/shared/data/popular-pypi.tsv');
const npmTop = Number(option('--npm-top', '20000'));
const pypiTop = Number(option('--pypi-top', '15000'));
const out = path.join(root, 'rules', 'data', 'dependencies');

function rows(file) {
  return fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split('\t'));
}

function twoDigits(n) {
  return Number(n.toPrecision(2)).toExponential().replace('e+', 'e');
}

const npm = rows(npmSource)
  .map(([name, downloads]) => ({ name, downloads: Number(downloads) }))
  .filter((r) => r.name && Number.isFinite(r.downloads))
  .sort((a, b) => b.downloads - a.downloads)
  .slice(0, npmTop);
const pypi = rows(pypiSource)
  .map(([rank, name]) => ({ rank: Number(rank), name }))
  .filter((r) => r.name && Number.isFinite(r.rank))
  .sort((a, b) => a.rank - b.rank)
  .slice(0, pypiTop);

const today = new Date().toISOString().slice(0, 10);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'popular-npm.txt'), [
  `# The ${npm.length} most downloaded npm packages (monthly downloads, two significant digits), most popular first.`,
  `# Built ${today} by scripts/build-popularity.mjs from a snapshot of npm download counts (>= ${npm[npm.length - 1].downloads} a month).`,
  ...npm.map((r) => `${r.name}\t${twoDigits(r.downloads)}`),
  '',
].join('\n'));
fs.writeFileSync(path.join(out, 'popular-pypi.txt'), [
  `# The ${pypi.length} most downloaded PyPI distributions, most popular first (rank = line number after these comments).`,
  `# Built ${today} by scripts/build-popularity.mjs from a snapshot of PyPI download ranks.`,
  ...pypi.map((r) => r.name),
  '',
].join('\n'));
for (const file of ['popular-npm.txt', 'popular-pypi.txt']) {
  console.log(`${file}: ${fs.statSync(path.join(out, file)).size} bytes`);
}
