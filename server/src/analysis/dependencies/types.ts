/**
 * The data of the dependency checks: what a file names (references), what is known about a package
 * (facts), and what the checks conclude (verdicts). Plain data, shared by extraction, registries,
 * cache, checks and hover; no I/O here.
 */
import type { OffsetSpan } from '../types';

export type Ecosystem = 'npm' | 'pypi' | 'go';

/** Where a reference was written: an import in code, a manifest entry, or an install command. */
export type ReferenceSource = 'import' | 'manifest' | 'command';

export interface PackageReference {
  ecosystem: Ecosystem;
  /**
   * As written: an npm package name (the package part of a specifier), a Python import path
   * (`yaml`, `google.cloud.storage`) or distribution name (manifests, commands), a Go import or module path.
   */
  name: string;
  /** The exact span of `name` in the text: what is underlined and what a fix replaces. */
  span: OffsetSpan;
  source: ReferenceSource;
  /** What "Remove this dependency" deletes (a whole import statement or manifest entry); absent when removal is not safe. */
  removal?: OffsetSpan;
  /** The version requirement as written (`^1.2.0`, `==2.31.0`, `v1.9.1`), when the reference has one. */
  versionSpec?: string;
  /** Registry named on the command line or in the file itself (`npm i --registry URL`, `pip install -i URL`, `--index-url` in requirements.txt). */
  indexUrl?: string;
  /** The reference may come from somewhere AI Guard cannot search (`--find-links`, a direct URL): never reported as missing. */
  unsearchableSource?: string;
}

/** A registry endpoint a lookup goes to. `auth` is only ever sent to `url`'s own host. */
export interface RegistryEndpoint {
  kind: Ecosystem;
  /** Base URL, with a trailing slash. */
  url: string;
  /** How messages name it: `npm`, `PyPI`, `registry.example.com`. */
  label: string;
  /** An Authorization header value for this registry only. */
  auth?: string;
  /** PyPI: the index speaks only the simple API (PEP 503/691). */
  simpleOnly?: boolean;
}

/**
 * What one registry lookup needs: the package, the registries to ask in order (PyPI extra indexes,
 * GOPROXY lists), and whether the full metadata (publish dates, repository) is worth its size.
 */
export interface PackageLookup {
  ecosystem: Ecosystem;
  /** npm package, normalised PyPI distribution, or Go module path candidates (longest first). */
  name: string;
  /** Go: the module paths that could hold the imported package, longest first. */
  candidates?: string[];
  registries: RegistryEndpoint[];
  /** Go: what the list does after the last proxy (`direct`: the VCS, which AI Guard never contacts; `off`). */
  fallback?: 'direct' | 'off';
  /** Go: per proxy, whether any failure (not only 404/410) moves on to the next one (`|` in GOPROXY). */
  fallThroughOnError?: boolean[];
  full: boolean;
}

export type FactsStatus = 'exists' | 'missing' | 'unverified';

export interface PackageFacts {
  status: FactsStatus;
  /** The registry that answered (label), e.g. `npm` or `registry.example.com`. */
  registry: string;
  /** How it is known: a registry answer, the project's lockfile or installed packages, the shipped popularity list. */
  source: 'registry' | 'lockfile' | 'installed' | 'popular';
  /** When the answer was obtained (ms since the epoch). */
  checkedAt: number;
  /** Go: the module that holds the imported package. */
  module?: string;
  latest?: string;
  /** Every published version (npm, PyPI, Go), newest last where the registry says. */
  versions?: string[];
  firstPublished?: string;
  latestPublished?: string;
  repository?: string;
  /** The whole package (its latest version) is deprecated, with the maintainers' text. */
  deprecated?: string;
  /** Versions deprecated (npm) or yanked (PyPI, Go retractions) with their reasons. */
  deprecatedVersions?: Record<string, string>;
  /** npm: install-time scripts of the latest version (`preinstall`, `install`, `postinstall`). */
  installScripts?: string[];
  /** Monthly downloads, where a source says (npm popularity list). */
  monthlyDownloads?: number;
  /** Unverified: why, as a phrase ("the registry timed out after 3 s"). */
  reason?: string;
  /** The registry's HTTP status for missing packages (404 or 410). */
  httpStatus?: number;
  /** PyPI: the distribution's own spelling of its name. */
  canonicalName?: string;
}

/** A popular package a name is confused with, and how. */
export interface Confusion {
  target: string;
  /** Why: `one letter differs`, `letters swapped`, `- and _ swapped`, `added "js"`, `scope dropped`, `look-alike letters` … */
  how: string;
}

export type Verdict =
  /** Never looked up: a built-in, the standard library, a local module, an alias, the project itself, … */
  | { kind: 'local'; why: string }
  /** Online and not known yet: the front door fetches it and checks again. */
  | { kind: 'pending'; lookup: PackageLookup; confusion?: Confusion }
  | { kind: 'missing'; facts: PackageFacts; suggestions: string[] }
  | { kind: 'unverified'; facts?: PackageFacts; reason: string; confusion?: Confusion }
  | { kind: 'exists'; facts: PackageFacts; confusion?: Confusion; risks: string[]; deprecation?: { version?: string; text: string } };

/** One reference with what the checks concluded about it. */
export interface CheckedReference {
  ref: PackageReference;
  /** The name that was (or would be) looked up: the npm package, PyPI distribution or Go module. */
  lookupName: string;
  verdict: Verdict;
}
