/**
 * Names a lockfile proves to exist: a package manager resolved and downloaded each of them from a
 * registry, so no request is needed to know that (a typosquat can still hide in a lockfile, which
 * the typosquat check sees anyway). Read with line scans rather than full parses: lockfiles of
 * big monorepos run to megabytes and only the names are wanted.
 */
import { normalizePypiName } from '../names';

export const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];
export const PYTHON_LOCKFILES = ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'];

export function lockfileNames(fileName: string, text: string): Set<string> {
  switch (fileName) {
    case 'package-lock.json': case 'npm-shrinkwrap.json': return packageLockNames(text);
    case 'pnpm-lock.yaml': return pnpmLockNames(text);
    case 'yarn.lock': return yarnLockNames(text);
    case 'bun.lock': return bunLockNames(text);
    case 'poetry.lock': case 'uv.lock': case 'pdm.lock': return tomlPackageNames(text);
    case 'Pipfile.lock': return pipfileLockNames(text);
    case 'go.sum': return goSumModules(text);
    default: return new Set();
  }
}

function packageLockNames(text: string): Set<string> {
  const names = new Set<string>();
  let data: { packages?: Record<string, unknown>; dependencies?: Record<string, unknown> };
  try {
    data = JSON.parse(text);
  } catch {
    return names;
  }
  for (const key of Object.keys(data.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at >= 0) names.add(key.slice(at + 'node_modules/'.length));
  }
  const walk = (deps: Record<string, unknown> | undefined) => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      names.add(name);
      walk((entry as { dependencies?: Record<string, unknown> })?.dependencies);
    }
  };
  walk(data.dependencies);
  return names;
}

/** `  /name@1.0.0:`, `  /@s/x/1.0.0:` (v5), `  name@1.0.0:`, `  '@s/x@1.0.0(peer@2)':` (v9). */
function pnpmLockNames(text: string): Set<string> {
  const names = new Set<string>();
  const re = /^ {2}['"]?\/?((?:@[^/\s'"]+\/)?[^@/\s'"()]+)[@/][^\s]*['"]?:\s*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) names.add(m[1]);
  return names;
}

/** Top-level entry lines: `lodash@^4.17.21, lodash@^4.0.0:`, `"@s/x@npm:^1.0.0":`. */
function yarnLockNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(' ') || line.startsWith('#') || !line.trimEnd().endsWith(':')) continue;
    for (const spec of line.trimEnd().slice(0, -1).split(',')) {
      const s = spec.trim().replace(/^"|"$/g, '');
      const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
      if (at > 0) names.add(s.slice(0, at));
    }
  }
  return names;
}

/** bun.lock (JSONC): `"packages": { "name": ["name@1.0.0", …] }`. */
function bunLockNames(text: string): Set<string> {
  const names = new Set<string>();
  const re = /^\s{4}"((?:@[^/"]+\/)?[^@"]+)": \["/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) names.add(m[1]);
  return names;
}

/** poetry.lock, uv.lock, pdm.lock: `name = "…"` right after each `[[package]]`. */
function tomlPackageNames(text: string): Set<string> {
  const names = new Set<string>();
  const re = /^\[\[package\]\]\s*\r?\nname\s*=\s*"([^"]+)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) names.add(normalizePypiName(m[1]));
  return names;
}

function pipfileLockNames(text: string): Set<string> {
  const names = new Set<string>();
  try {
    const data = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    for (const section of ['default', 'develop']) for (const name of Object.keys(data[section] ?? {})) names.add(normalizePypiName(name));
  } catch {
    // A broken Pipfile.lock proves nothing.
  }
  return names;
}

/** go.sum: `module version hash` lines. */
function goSumModules(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const module = line.split(' ')[0];
    if (module) names.add(module);
  }
  return names;
}
