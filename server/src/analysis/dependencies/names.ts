/**
 * Package names per ecosystem: which part of an import specifier is the package, which strings can
 * be package names at all (so `$lib/x`, `@/components`, `virtual:x` are never looked up), and how
 * each registry compares names (PEP 503 normalisation for PyPI, module path prefixes for Go).
 */

/** validate-npm-package-name's rule for new and old names: URL-safe characters, optional scope. */
const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/** The package part of an npm import specifier: `lodash/fp` → `lodash`, `@s/p/x` → `@s/p`. */
export function npmPackageOfSpecifier(specifier: string): string | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return isNpmPackageName(name) ? name : undefined;
}

export function isNpmPackageName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && NPM_NAME.test(name) && !name.startsWith('.') && !name.startsWith('_');
}

/** `@scope/name` → `scope`; undefined for unscoped names. */
export function npmScopeOf(name: string): string | undefined {
  return name.startsWith('@') ? name.slice(1, name.indexOf('/')) : undefined;
}

/** PEP 503: PyPI compares names lower-cased with runs of `-`, `_` and `.` as one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** PEP 508 distribution names: letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
export function isPypiName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);
}

/**
 * Go: an import path whose first element has no dot is the standard library (or a module of the
 * project's own, which is checked separately): the go command reserves such paths.
 */
export function isGoStandardLibraryPath(importPath: string): boolean {
  const first = importPath.split('/')[0];
  return !first.includes('.');
}

/** Hosts whose module paths are always `host/owner/repo`: the module is at least three elements long. */
const THREE_ELEMENT_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'gitee.com']);

/**
 * The module paths that could hold a Go package, longest first: `github.com/a/b/c/d` may be the
 * module `github.com/a/b/c/d`, `…/c` or `github.com/a/b`. `gopkg.in/yaml.v3` is one element past its host.
 */
export function goModuleCandidates(importPath: string): string[] {
  const parts = importPath.split('/');
  const host = parts[0];
  const minimum = THREE_ELEMENT_HOSTS.has(host) ? 3 : 2;
  const out: string[] = [];
  for (let n = parts.length; n >= Math.min(minimum, parts.length); n--) out.push(parts.slice(0, n).join('/'));
  // Deeply nested packages: the module is almost always one of the shortest few (a bounded number of requests).
  return out.length <= 4 ? out : [...out.slice(0, 1), ...out.slice(-3)];
}

/** Go module proxy protocol: upper-case letters are escaped as `!` + lower case. */
export function escapeGoModulePath(modulePath: string): string {
  return modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export function isGoModulePath(path: string): boolean {
  return /^[A-Za-z0-9.~_+-]+(?:\/[A-Za-z0-9.~_+-]+)*$/.test(path) && path.split('/')[0].includes('.');
}
