/**
 * The shipped popularity lists (most downloaded npm packages with their monthly downloads, most
 * downloaded PyPI distributions by rank): what "a popular name" means for typosquat checks and
 * did-you-mean fixes, and proof that a name exists without asking a registry.
 *
 * Near-name search uses a symmetric-deletion index: two names within one edit (insertion,
 * deletion, substitution or adjacent swap) share a one-deletion variant, so candidates are found
 * by a few map look-ups instead of a scan; each is then confirmed by a real distance.
 */
import { distance } from 'fastest-levenshtein';
import type { Ecosystem } from './types';
import { normalizePypiName } from './names';

export interface PopularEntry {
  name: string;
  /** 1 = most popular. */
  rank: number;
  monthlyDownloads?: number;
}

export class Popularity {
  private readonly byKey = new Map<string, PopularEntry>();
  private deletionIndex?: Map<string, number[]>;
  private strippedIndex?: Map<string, number>;
  readonly entries: readonly PopularEntry[];

  constructor(readonly ecosystem: Ecosystem, entries: PopularEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      const key = this.key(entry.name);
      if (!this.byKey.has(key)) this.byKey.set(key, entry);
    }
  }

  /** npm: `name<TAB>downloads` lines; PyPI: one name a line in rank order. `#` lines are comments. */
  static parse(ecosystem: Ecosystem, text: string): Popularity {
    const entries: PopularEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [name, downloads] = line.split('\t');
      const monthly = downloads ? Number(downloads) : undefined;
      entries.push({ name: name.trim(), rank: entries.length + 1, ...(monthly !== undefined && Number.isFinite(monthly) ? { monthlyDownloads: monthly } : {}) });
    }
    return new Popularity(ecosystem, entries);
  }

  static empty(ecosystem: Ecosystem): Popularity {
    return new Popularity(ecosystem, []);
  }

  get size(): number {
    return this.entries.length;
  }

  /** How names compare: PyPI per PEP 503; npm case-insensitively (new npm names are lower case). */
  key(name: string): string {
    return this.ecosystem === 'pypi' ? normalizePypiName(name) : name.toLowerCase();
  }

  get(name: string): PopularEntry | undefined {
    return this.byKey.get(this.key(name));
  }

  /** Popular names within one insertion, deletion, substitution or adjacent swap of `name` (not `name` itself). */
  withinOneEdit(name: string): PopularEntry[] {
    const key = this.key(name);
    const index = this.deletions();
    const ranks = new Set<number>();
    for (const variant of [key, ...oneDeletions(key)]) for (const rank of index.get(variant) ?? []) ranks.add(rank);
    const out: PopularEntry[] = [];
    for (const rank of ranks) {
      const entry = this.entries[rank - 1];
      const other = this.key(entry.name);
      if (other !== key && damerauAtMostOne(key, other)) out.push(entry);
    }
    return out.sort((a, b) => a.rank - b.rank);
  }

  /** The most popular name that equals `name` once `-`, `_` and `.` are removed (`reactdom` ~ `react-dom`). */
  sameWithoutSeparators(name: string): PopularEntry | undefined {
    const stripped = this.key(name).replace(/[-_.]/g, '');
    if (!this.strippedIndex) {
      this.strippedIndex = new Map();
      for (const entry of this.entries) {
        const s = this.key(entry.name).replace(/[-_.]/g, '');
        if (!this.strippedIndex.has(s)) this.strippedIndex.set(s, entry.rank);
      }
    }
    const rank = this.strippedIndex.get(stripped);
    const entry = rank ? this.entries[rank - 1] : undefined;
    return entry && this.key(entry.name) !== this.key(name) ? entry : undefined;
  }

  /** Popular names within `maxDistance` edits, nearest and then most popular first (for did-you-mean). */
  nearest(name: string, maxDistance: number, limit: number): Array<PopularEntry & { distance: number }> {
    const key = this.key(name);
    const out: Array<PopularEntry & { distance: number }> = [];
    for (const entry of this.entries) {
      const other = this.key(entry.name);
      if (Math.abs(other.length - key.length) > maxDistance || other === key) continue;
      const d = damerauAtMostOne(key, other) ? 1 : distance(key, other);
      if (d <= maxDistance) out.push({ ...entry, distance: d });
    }
    return out.sort((a, b) => a.distance - b.distance || a.rank - b.rank).slice(0, limit);
  }

  private deletions(): Map<string, number[]> {
    if (this.deletionIndex) return this.deletionIndex;
    const index = new Map<string, number[]>();
    const add = (variant: string, rank: number) => {
      const list = index.get(variant);
      if (!list) index.set(variant, [rank]);
      else if (list[list.length - 1] !== rank) list.push(rank);
    };
    for (const entry of this.entries) {
      const key = this.key(entry.name);
      add(key, entry.rank);
      for (const variant of oneDeletions(key)) add(variant, entry.rank);
    }
    this.deletionIndex = index;
    return index;
  }
}

function oneDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** True when `a` and `b` differ by one insertion, deletion, substitution or swap of adjacent characters. */
export function damerauAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}
