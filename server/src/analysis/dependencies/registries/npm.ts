/**
 * npm registry lookups. Popular and lockfile-proven packages need only existence and deprecation,
 * which the abbreviated document (`application/vnd.npm.install-v1+json`) carries; an unknown
 * package is fetched in full for its publish dates and repository, with a size cap (a few popular
 * packages have documents of tens of megabytes) and the abbreviated document as the fallback.
 */
import type { PackageFacts, PackageLookup, RegistryEndpoint } from '../types';
import type { HttpClient, HttpResult } from './http';

const FULL_LIMIT = 10 * 1024 * 1024;
const ABBREVIATED_LIMIT = 16 * 1024 * 1024;
const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

interface NpmDocument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { deprecated?: string; scripts?: Record<string, string>; hasInstallScript?: boolean; repository?: unknown }>;
  time?: Record<string, string> & { unpublished?: unknown };
  repository?: unknown;
}

export async function fetchNpm(lookup: PackageLookup, http: HttpClient, now: number): Promise<PackageFacts> {
  const endpoint = lookup.registries[0];
  const url = `${endpoint.url}${encodeURIComponent(lookup.name).replace(/^%40/, '@')}`;
  let result = await get(http, url, endpoint, lookup.full);
  let full = lookup.full;
  if (full && result.kind === 'failure' && result.tooLarge) {
    result = await get(http, url, endpoint, false);
    full = false;
  }
  return factsOf(result, endpoint, now, full);
}

function get(http: HttpClient, url: string, endpoint: RegistryEndpoint, full: boolean): Promise<HttpResult> {
  return http.get(url, { accept: full ? 'application/json' : ABBREVIATED, auth: endpoint.auth, authOrigin: new URL(endpoint.url).origin, maxBytes: full ? FULL_LIMIT : ABBREVIATED_LIMIT });
}

export function factsOf(result: HttpResult, endpoint: RegistryEndpoint, now: number, full: boolean): PackageFacts {
  const base = { registry: endpoint.label, source: 'registry' as const, checkedAt: now };
  if (result.kind === 'failure') return { ...base, status: 'unverified', reason: result.reason.replace('the registry', endpoint.label) };
  if (result.kind === 'status') {
    if (result.status === 404 || result.status === 410) return { ...base, status: 'missing', httpStatus: result.status };
    if (result.status === 401 || result.status === 403) return { ...base, status: 'unverified', reason: `${endpoint.label} refused the request (HTTP ${result.status}); check the registry credentials in .npmrc` };
    return { ...base, status: 'unverified', reason: `${endpoint.label} answered HTTP ${result.status}` };
  }
  let doc: NpmDocument;
  try {
    doc = JSON.parse(result.body) as NpmDocument;
  } catch {
    return { ...base, status: 'unverified', reason: `${endpoint.label} sent an answer that is not valid JSON` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { ...base, status: 'unverified', reason: `${endpoint.label} sent an answer that is not a package document` };
  // An unpublished package keeps a stub with only `time.unpublished`: the name exists no more.
  if (!doc.versions && doc.time?.unpublished) return { ...base, status: 'missing', httpStatus: 404 };
  if (!doc.versions || typeof doc.versions !== 'object') return { ...base, status: 'unverified', reason: `${endpoint.label} sent a package document without versions` };
  const versions = Object.keys(doc.versions);
  const latest = doc['dist-tags']?.latest ?? versions[versions.length - 1];
  const latestVersion = latest ? doc.versions[latest] : undefined;
  const deprecatedVersions: Record<string, string> = {};
  for (const [version, manifest] of Object.entries(doc.versions)) {
    if (typeof manifest?.deprecated === 'string' && manifest.deprecated) deprecatedVersions[version] = manifest.deprecated;
  }
  const facts: PackageFacts = { ...base, status: 'exists', versions, ...(latest ? { latest } : {}) };
  if (Object.keys(deprecatedVersions).length > 0) facts.deprecatedVersions = deprecatedVersions;
  if (latest && deprecatedVersions[latest]) facts.deprecated = deprecatedVersions[latest];
  const scripts = latestVersion?.scripts ? INSTALL_SCRIPTS.filter((s) => latestVersion.scripts?.[s]) : latestVersion?.hasInstallScript ? ['install'] : [];
  if (scripts.length > 0) facts.installScripts = scripts;
  if (full) {
    const time = doc.time ?? {};
    const published = versions.map((v) => time[v]).filter((t): t is string => typeof t === 'string').sort();
    const created = typeof time.created === 'string' ? time.created : published[0];
    if (created) facts.firstPublished = created;
    const latestTime = latest ? time[latest] : undefined;
    if (typeof latestTime === 'string') facts.latestPublished = latestTime;
    const repository = repositoryUrl(doc.repository) ?? repositoryUrl(latestVersion?.repository);
    if (repository) facts.repository = repository;
  }
  return facts;
}

function repositoryUrl(value: unknown): string | undefined {
  const url = typeof value === 'string' ? value : typeof (value as { url?: unknown })?.url === 'string' ? (value as { url: string }).url : undefined;
  return url && url.trim() ? url.trim().replace(/^git\+/, '') : undefined;
}
