/**
 * Is a name a look-alike of a far more popular package? The confusions attackers register, as
 * collected in malicious-package advisories: one letter added, dropped, changed or two swapped
 * (`axois`), separators changed or dropped (`reactdom`, `python_dateutil`), a language or version
 * suffix or prefix added (`lodashjs`, `requests2`, `python3-dateutil`), a scope dropped or faked
 * (`babel-core` for `@babel/core`, `@lodash/lodash`), and look-alike letters (`l0dash`, Cyrillic `о`).
 *
 * Names on the popularity list are established packages and never reported: the list holds every
 * package with more than ~0.5 M downloads a month (npm) or the 15,000 most downloaded (PyPI).
 */
import { npmScopeOf } from './names';
import type { Popularity, PopularEntry } from './popularity';
import type { Confusion } from './types';

/** Only names this popular are worth impersonating, and only they make a near name suspicious. */
export const TARGET_RANK_LIMIT = { npm: 5000, pypi: 5000, go: 0 } as const;
/** Shorter names have too many legitimate one-letter neighbours (`ms`, `ws`, `pg`, `qs`). */
const MIN_LENGTH_FOR_ONE_EDIT = 5;

const SUFFIXES = ['js', '-js', '.js', '_js', 'py', '-py', '_py', '-dev', '_dev', 'dev', '2', '-2', '_2', '3', '-3', '-node', '-python', '_python', '-lib', 'lib'];
const PREFIXES = ['node-', 'js-', 'py-', 'py', 'python-', 'python3-', 'python_', 'pip-'];

/** Confusable characters → the letter they imitate (Cyrillic, Greek, digits). */
const HOMOGLYPHS: Record<string, string> = {
  '0': 'o', '1': 'l', '5': 's', 'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'х': 'x', 'у': 'y', 'і': 'i', 'ј': 'j', 'ѕ': 's',
  'ԁ': 'd', 'һ': 'h', 'ӏ': 'l', 'ɡ': 'g', 'ο': 'o', 'α': 'a', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'ρ': 'p', 'ⅼ': 'l', 'ı': 'i',
};

export function lookalikeSkeleton(name: string): string {
  let out = '';
  for (const ch of name.toLowerCase().normalize('NFKC')) out += HOMOGLYPHS[ch] ?? ch;
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

export function findConfusion(name: string, popularity: Popularity, options: { evenIfListed?: boolean; targetRankLimit?: number } = {}): Confusion | undefined {
  if (popularity.size === 0 || (!options.evenIfListed && popularity.get(name))) return undefined;
  const limit = options.targetRankLimit ?? TARGET_RANK_LIMIT[popularity.ecosystem];
  const popular = (e: PopularEntry | undefined): e is PopularEntry => e !== undefined && e.rank <= limit;
  const key = popularity.key(name);

  const skeleton = lookalikeSkeleton(key);
  if (skeleton !== key.toLowerCase()) {
    const target = popularity.get(skeleton);
    if (popular(target)) return { target: target.name, how: 'look-alike letters' };
  }
  const separators = popularity.sameWithoutSeparators(key);
  if (popular(separators)) return { target: separators.name, how: 'the same name with different separators' };

  for (const suffix of SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length + 2) {
      const target = popularity.get(key.slice(0, -suffix.length));
      if (popular(target)) return { target: target.name, how: `"${suffix}" added` };
    }
  }
  for (const prefix of PREFIXES) {
    if (key.startsWith(prefix) && key.length > prefix.length + 2) {
      const target = popularity.get(key.slice(prefix.length));
      if (popular(target)) return { target: target.name, how: `"${prefix}" added` };
    }
  }

  const ownScope = popularity.ecosystem === 'npm' ? npmScopeOf(key) : undefined;
  // Only a scope's owners publish under it: a name in a scope that popular packages use is theirs, not a squat.
  if (ownScope && scopeIsKnown(ownScope, popularity)) return undefined;
  if (popularity.ecosystem === 'npm') {
    const scope = ownScope;
    if (scope) {
      const bare = key.slice(scope.length + 2);
      // `@lodash/lodash` for `lodash`. Organisations wrap popular packages under their own scope
      // (`@tryghost/debug`), so an unknown scope alone says nothing; one named after the package does.
      const target = popularity.get(bare);
      if (popular(target) && scope.replace(/[-_.]?js$/, '') === popularity.key(target.name).replace(/[-_.]?js$/, '')) {
        return { target: target.name, how: `a scope of its own name (@${scope}) added to it` };
      }
    } else {
      const dropped = droppedScope(key, popularity);
      if (popular(dropped)) return { target: dropped.name, how: 'its scope written as part of the name' };
    }
  }

  if (key.length >= MIN_LENGTH_FOR_ONE_EDIT) {
    // Two letters swapped is a typing slip and hardly ever a name of its own: any listed package counts as the target.
    const near = popularity.withinOneEdit(key).find((e) => e.name.length >= MIN_LENGTH_FOR_ONE_EDIT && !versionDigitsOnly(key, popularity.key(e.name))
      && (e.rank <= limit || isSwap(key, popularity.key(e.name))));
    if (near) return { target: near.name, how: describeEdit(key, popularity.key(near.name)) };
  }
  return undefined;
}

/**
 * Did-you-mean candidates for a name that does not exist: its confusion target, then popular names
 * within two edits (one for short names), nearest and most popular first.
 */
export function suggestionsFor(name: string, popularity: Popularity, limit = 3): string[] {
  const out: string[] = [];
  const confusion = findConfusion(name, popularity);
  if (confusion) out.push(confusion.target);
  const key = popularity.key(name);
  const maxDistance = key.length <= 4 ? 1 : key.length <= 10 ? 2 : 3;
  for (const entry of popularity.nearest(key, maxDistance, limit + 1)) {
    if (!out.includes(entry.name)) out.push(entry.name);
  }
  return out.slice(0, limit);
}

/** `node10` / `node14`, `corejs2` / `corejs3`: names that differ only in a digit are versions of a family, not typos. */
function versionDigitsOnly(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return /\d/.test(a[i] ?? '') && /\d/.test(b[i] ?? '');
}

/** `@babel/core` written as `babel-core` / `babelcore`. */
function droppedScope(key: string, popularity: Popularity): PopularEntry | undefined {
  for (let i = 1; i < key.length - 1; i++) {
    if (key[i] !== '-') continue;
    const scoped = popularity.get(`@${key.slice(0, i)}/${key.slice(i + 1)}`);
    if (scoped) return scoped;
  }
  return undefined;
}

const knownScopes = new WeakMap<Popularity, Set<string>>();

function scopeIsKnown(scope: string, popularity: Popularity): boolean {
  let scopes = knownScopes.get(popularity);
  if (!scopes) {
    scopes = new Set(popularity.entries.map((e) => npmScopeOf(e.name)).filter((s): s is string => s !== undefined));
    knownScopes.set(popularity, scopes);
  }
  return scopes.has(scope);
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function describeEdit(a: string, b: string): string {
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (a[i] === b[i + 1] && a[i + 1] === b[i]) return `"${b[i]}${b[i + 1]}" swapped`;
    return `"${b[i]}" changed to "${a[i]}"`;
  }
  return a.length > b.length ? 'one letter added' : 'one letter dropped';
}
