/**
 * From a reference to what is looked up, or why nothing is: Node built-ins, path aliases, the
 * project's own and workspace packages, Python's standard library and first-party modules, Go's
 * standard library, the module's own path, `replace`d and GOPRIVATE modules are never looked up.
 * Otherwise the result names the package (the npm package, the PyPI distribution an import maps
 * to, the Go module candidates), the registries to ask and what the project already proves.
 */
import * as path from 'node:path';
import { isGoStandardLibrary, isNodeBuiltin } from './builtins';
import type { DependencyEnvironment } from './environment';
import type { ExtractedReference } from './extract';
import { goModuleCandidates, normalizePypiName } from './names';
import { matchesGoPrivate, pythonIndexEndpoint, NPM_PUBLIC_REGISTRY, withSlash, hostLabel } from './registries/config';
import type { PackageFacts, PackageLookup, RegistryEndpoint } from './types';

export type Target =
  | { kind: 'local'; why: string }
  | {
    kind: 'package';
    /** The name shown and compared: npm package, PyPI distribution (as the import maps it), Go import or module path. */
    name: string;
    lookup?: PackageLookup;
    /** Why no lookup can decide (GOPROXY=off/direct only): the reference stays unverified. */
    unlookable?: string;
    /** What the project already proves (lockfile, installed package). */
    known?: PackageFacts;
    /** The reference names a registry of its own scope (private scope): never compared with public names. */
    privateScope?: boolean;
    /** Python import: the table or the installed package mapped it to a distribution of another name. */
    importedAs?: string;
  };

const JS_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.json', '.d.ts'];

export function targetOf(ref: ExtractedReference, filePath: string, env: DependencyEnvironment): Target {
  if (ref.optional) return { kind: 'local', why: 'the code handles the package being absent (an optional import)' };
  switch (ref.ecosystem) {
    case 'npm': return npmTarget(ref, filePath, env);
    case 'pypi': return pythonTarget(ref, filePath, env);
    default: return goTarget(ref, filePath, env);
  }
}

function npmTarget(ref: ExtractedReference, filePath: string, env: DependencyEnvironment): Target {
  const { project: index } = env;
  const project = index.npm(filePath);
  const specifier = ref.specifier ?? ref.name;
  if (ref.source === 'import') {
    if (isNodeBuiltin(specifier)) return { kind: 'local', why: 'a Node.js built-in module' };
    const alias = project.pathAliases.find((a) => (a.endsWith('/') ? specifier.startsWith(a) : specifier === a || specifier.startsWith(`${a}/`)));
    if (alias) return { kind: 'local', why: `a path alias of tsconfig/jsconfig ("${alias}")` };
    if (project.baseUrl) {
      const first = path.join(project.baseUrl, ...specifier.split('/').slice(0, ref.name.startsWith('@') ? 2 : 1));
      if (JS_EXTENSIONS.some((ext) => index.files.exists(first + ext))) return { kind: 'local', why: 'a module under the tsconfig/jsconfig baseUrl' };
    }
  }
  if (project.localNames.has(ref.name)) return { kind: 'local', why: 'this project or one of its workspace packages' };
  const config = project.config.endpointFor(ref.name);
  const endpoint: RegistryEndpoint = ref.indexUrl ? { kind: 'npm', url: withSlash(ref.indexUrl), label: hostLabel(ref.indexUrl) } : config;
  const lookup: PackageLookup = { ecosystem: 'npm', name: ref.name, registries: [endpoint], full: !env.data.popularity.npm.get(ref.name) };
  const known = project.lockNames.has(ref.name) ? 'lockfile' : index.npmInstalled(project, ref.name) ? 'installed' : undefined;
  return {
    kind: 'package', name: ref.name, lookup,
    ...(known ? { known: knownFacts(known, endpoint.label, env.now()) } : {}),
    ...(config.scoped || (endpoint.url !== NPM_PUBLIC_REGISTRY && ref.name.startsWith('@')) ? { privateScope: true } : {}),
  };
}

function pythonTarget(ref: ExtractedReference, filePath: string, env: DependencyEnvironment): Target {
  const { project: index, data } = env;
  const project = index.python(filePath);
  let distribution = ref.name;
  let importedAs: string | undefined;
  if (ref.source === 'import') {
    const dotted = ref.specifier ?? ref.name;
    const top = dotted.split('.')[0];
    if (data.stdlib.has(dotted)) return { kind: 'local', why: 'a module of the Python standard library' };
    if (top.startsWith('_')) return { kind: 'local', why: 'a private module (names starting with "_" are internal, not distributions)' };
    if (index.isFirstPartyPython(project, top)) return { kind: 'local', why: 'a module of this project' };
    const installed = project.installedImports.get(top);
    const mapped = installed ? { name: installed, mapped: true } : data.importNames.distributionFor(dotted);
    distribution = mapped.name;
    if (mapped.mapped && normalizePypiName(mapped.name) !== normalizePypiName(top)) importedAs = top;
  }
  const key = normalizePypiName(distribution);
  if (project.ownNames.has(key)) return { kind: 'local', why: 'this project\'s own distribution' };
  const registries = ref.indexUrl ? [pythonIndexEndpoint(ref.indexUrl)] : [project.indexes.primary, ...project.indexes.extra];
  const lookup: PackageLookup = { ecosystem: 'pypi', name: key, registries, full: true };
  const known = project.lockNames.has(key) ? 'lockfile' : project.installed.has(key) ? 'installed' : undefined;
  return {
    kind: 'package', name: distribution, lookup,
    ...(known ? { known: knownFacts(known, registries[0].label, env.now()) } : {}),
    ...(importedAs ? { importedAs } : {}),
  };
}

function goTarget(ref: ExtractedReference, filePath: string, env: DependencyEnvironment): Target {
  const project = env.project.go(filePath);
  const importPath = ref.name;
  if (ref.source === 'import' && isGoStandardLibrary(importPath)) return { kind: 'local', why: 'a package of the Go standard library' };
  const mod = project.modFile;
  const within = (module: string) => importPath === module || importPath.startsWith(`${module}/`);
  if (mod?.module && within(mod.module)) return { kind: 'local', why: 'a package of this module' };
  if (mod?.replaced.some(within)) return { kind: 'local', why: 'a module replaced in go.mod (its code comes from the replacement)' };
  if (matchesGoPrivate(importPath, project.proxy.privatePatterns)) return { kind: 'local', why: 'a private module (GOPRIVATE/GONOPROXY): never sent to a proxy' };
  const tree = goSourceTree(importPath, filePath, env);
  if (tree) return { kind: 'local', why: tree };
  const required = ref.source === 'import' ? mod?.requires.map((r) => r.name).filter(within).sort((a, b) => b.length - a.length)[0] : undefined;
  const candidates = ref.source === 'manifest' ? [importPath] : required ? [required] : goModuleCandidates(importPath);
  const known = candidates.find((c) => project.sumModules.has(c));
  const registries = project.proxy.proxies.map((p) => p.endpoint);
  if (registries.length === 0) {
    return { kind: 'package', name: importPath, unlookable: `GOPROXY is "${project.proxy.fallback ?? 'off'}" and AI Guard never contacts version control itself` };
  }
  const lookup: PackageLookup = {
    ecosystem: 'go', name: importPath, candidates, registries, full: true,
    fallThroughOnError: project.proxy.proxies.map((p) => p.fallThroughOnError),
    ...(project.proxy.fallback ? { fallback: project.proxy.fallback } : {}),
  };
  return { kind: 'package', name: importPath, lookup, ...(known ? { known: { ...knownFacts('lockfile', registries[0].label, env.now()), module: known } } : {}) };
}

/**
 * A package whose code is in the workspace without go.mod saying so: vendored (`vendor/<path>`), or
 * a GOPATH-style tree where the file itself sits under `…/<module path>/` (a `/vN` suffix is the major version).
 */
function goSourceTree(importPath: string, filePath: string, env: DependencyEnvironment): string | undefined {
  const dirs = env.project.ancestors(filePath);
  if (dirs.some((d) => env.project.files.isDirectory(path.join(d, 'vendor', ...importPath.split('/'))))) return 'a vendored package (vendor/ holds its code)';
  const unversioned = importPath.replace(/\/v\d+(?=\/|$)/, '');
  for (const candidate of goModuleCandidates(unversioned)) {
    const suffix = path.sep + candidate.split('/').join(path.sep);
    if (dirs.some((d) => d.endsWith(suffix) || d.includes(suffix + path.sep))) return 'a package of the source tree this file is in (GOPATH layout)';
  }
  return undefined;
}

function knownFacts(source: 'lockfile' | 'installed', registry: string, now: number): PackageFacts {
  return { status: 'exists', registry, source, checkedAt: now };
}
