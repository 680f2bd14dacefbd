// Rebuilds server/src/analysis/content/data/confusables.json from Unicode's confusables.txt (UTS #39):
//   node scripts/trim-confusables.mjs path/to/confusables.txt [version]
// Keeps single non-ASCII letters, digits and marks whose prototype is ASCII letters/digits — what
// makes a word look like an ASCII word. Other entries (symbol look-alikes, non-ASCII prototypes)
// are not needed by the confusable-identifier check.
import * as fs from 'node:fs';
import * as path from 'node:path';

const [file, version = 'unknown'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/trim-confusables.mjs confusables.txt [version]');
  process.exit(2);
}
const cps = (field) => field.trim().split(/\s+/).map((h) => String.fromCodePoint(parseInt(h, 16))).join('');
const map = {};
for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
  const body = line.replace(/#.*$/, '').trim();
  if (!body) continue;
  const [source, target] = body.split(';');
  const from = cps(source);
  const to = cps(target);
  if ([...from].length !== 1 || /^[\x00-\x7f]$/.test(from) || !/^[A-Za-z0-9]+$/.test(to) || !/[\p{L}\p{N}\p{M}]/u.test(from)) continue;
  map[from] = to;
}
const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0)));
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'server/src/analysis/content/data/confusables.json');
const doc = {
  $source: `Unicode UTS #39 confusables.txt, version ${version}, trimmed by scripts/trim-confusables.mjs to single letters, digits and marks outside ASCII whose prototype is ASCII letters/digits. Unicode data: Unicode License v3 (https://www.unicode.org/license.txt).`,
  map: sorted,
};
fs.writeFileSync(out, JSON.stringify(doc));
console.log(`${Object.keys(sorted).length} entries written to ${out}`);
