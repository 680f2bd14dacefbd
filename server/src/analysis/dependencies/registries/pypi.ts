/**
 * PyPI lookups: the JSON API (`/pypi/<name>/json`) for versions, upload times, project URLs and
 * yanked releases; the simple API (PEP 503/691) where an index has no JSON API, and to confirm a
 * "not found" from an index whose JSON API may simply not exist. A name is missing only when every
 * index of the project (primary and extra) says so.
 */
import type { PackageFacts, PackageLookup, RegistryEndpoint } from '../types';
import type { HttpClient } from './http';

const JSON_LIMIT = 16 * 1024 * 1024;
const SIMPLE_LIMIT = 8 * 1024 * 1024;

interface PypiFile { upload_time_iso_8601?: string; upload_time?: string; yanked?: boolean; yanked_reason?: string | null }
interface PypiDocument {
  info?: { name?: string; version?: string; project_urls?: Record<string, string> | null; home_page?: string | null; yanked?: boolean };
  releases?: Record<string, PypiFile[]>;
}

export async function fetchPypi(lookup: PackageLookup, http: HttpClient, now: number): Promise<PackageFacts> {
  let firstTrouble: PackageFacts | undefined;
  let missing: PackageFacts | undefined;
  for (const endpoint of lookup.registries) {
    const facts = await fetchFromIndex(lookup.name, endpoint, http, now);
    if (facts.status === 'exists') return facts;
    if (facts.status === 'missing') missing ??= facts;
    else firstTrouble ??= facts;
  }
  // One index that could not answer means the name may still be there.
  return firstTrouble ?? missing!;
}

/** The JSON API URL of an index: PyPI's own, or `…/simple/` → `…/pypi/<name>/json` on Warehouse-like servers. */
function jsonUrl(endpoint: RegistryEndpoint, name: string): string | undefined {
  if (!/\/simple\/$/.test(endpoint.url)) return undefined;
  return `${endpoint.url.replace(/simple\/$/, 'pypi/')}${encodeURIComponent(name)}/json`;
}

async function fetchFromIndex(name: string, endpoint: RegistryEndpoint, http: HttpClient, now: number): Promise<PackageFacts> {
  const base = { registry: endpoint.label, source: 'registry' as const, checkedAt: now };
  const authOrigin = new URL(endpoint.url).origin;
  const isPublic = endpoint.label === 'PyPI';
  const url = endpoint.simpleOnly ? undefined : jsonUrl(endpoint, name);
  if (url) {
    const result = await http.get(url, { auth: endpoint.auth, authOrigin, maxBytes: JSON_LIMIT });
    if (result.kind === 'ok') {
      const facts = parseJsonApi(result.body, base);
      if (facts) return facts;
    } else if (result.kind === 'status' && (result.status === 404 || result.status === 410) && isPublic) {
      return { ...base, status: 'missing', httpStatus: result.status };
    } else if (isPublic) {
      return { ...base, status: 'unverified', reason: result.kind === 'failure' ? result.reason.replace('the registry', endpoint.label) : `${endpoint.label} answered HTTP ${result.status}` };
    }
  }
  return fetchSimple(name, endpoint, http, base, authOrigin);
}

function parseJsonApi(body: string, base: Pick<PackageFacts, 'registry' | 'source' | 'checkedAt'>): PackageFacts | undefined {
  let doc: PypiDocument;
  try {
    doc = JSON.parse(body) as PypiDocument;
  } catch {
    return undefined;
  }
  if (!doc?.info || typeof doc.releases !== 'object' || doc.releases === null) return undefined;
  const releases = Object.entries(doc.releases);
  const uploaded = (files: PypiFile[]) => files.map((f) => f.upload_time_iso_8601 ?? f.upload_time).filter((t): t is string => typeof t === 'string').sort();
  const withTimes = releases.map(([version, files]) => ({ version, files: Array.isArray(files) ? files : [], times: uploaded(Array.isArray(files) ? files : []) }));
  const ordered = withTimes.filter((r) => r.times.length > 0).sort((a, b) => (a.times[0] < b.times[0] ? -1 : 1));
  const facts: PackageFacts = { ...base, status: 'exists', versions: ordered.map((r) => r.version) };
  if (doc.info.name) facts.canonicalName = doc.info.name;
  if (doc.info.version) facts.latest = doc.info.version;
  if (ordered[0]) facts.firstPublished = ordered[0].times[0];
  const latest = withTimes.find((r) => r.version === doc.info?.version);
  if (latest?.times.length) facts.latestPublished = latest.times[latest.times.length - 1];
  const yanked: Record<string, string> = {};
  for (const release of withTimes) {
    if (release.files.length > 0 && release.files.every((f) => f.yanked)) yanked[release.version] = release.files.find((f) => f.yanked_reason)?.yanked_reason || 'yanked without a reason';
  }
  if (Object.keys(yanked).length > 0) facts.deprecatedVersions = yanked;
  const live = withTimes.filter((r) => r.files.length > 0);
  if (live.length > 0 && live.every((r) => yanked[r.version])) facts.deprecated = 'every release is yanked';
  const repository = repositoryOf(doc.info);
  if (repository) facts.repository = repository;
  return facts;
}

const SOURCE_KEYS = /^(source|source code|repository|code|github|gitlab|homepage|home)$/i;
const FORGES = /^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|sr\.ht|git\.sr\.ht)\//i;

function repositoryOf(info: NonNullable<PypiDocument['info']>): string | undefined {
  const urls = Object.entries(info.project_urls ?? {}).filter(([, u]) => typeof u === 'string');
  const forge = urls.find(([, u]) => FORGES.test(u))?.[1] ?? (info.home_page && FORGES.test(info.home_page) ? info.home_page : undefined);
  return forge ?? urls.find(([key]) => SOURCE_KEYS.test(key) && !/pypi\.org/.test(urls.find(([k]) => k === key)?.[1] ?? ''))?.[1];
}

/** PEP 691 JSON or PEP 503 HTML: a 200 proves the name; PEP 700 JSON also lists versions. */
async function fetchSimple(name: string, endpoint: RegistryEndpoint, http: HttpClient, base: Pick<PackageFacts, 'registry' | 'source' | 'checkedAt'>, authOrigin: string): Promise<PackageFacts> {
  const url = `${endpoint.url}${encodeURIComponent(name)}/`;
  const result = await http.get(url, { accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1', auth: endpoint.auth, authOrigin, maxBytes: SIMPLE_LIMIT });
  if (result.kind === 'failure') return { ...base, status: 'unverified', reason: result.reason.replace('the registry', endpoint.label) };
  if (result.kind === 'status') {
    if (result.status === 404 || result.status === 410) return { ...base, status: 'missing', httpStatus: result.status };
    return { ...base, status: 'unverified', reason: `${endpoint.label} answered HTTP ${result.status}` };
  }
  if (/json/.test(result.contentType)) {
    try {
      const doc = JSON.parse(result.body) as { versions?: unknown; files?: unknown };
      const versions = Array.isArray(doc.versions) ? doc.versions.filter((v): v is string => typeof v === 'string') : undefined;
      if (!Array.isArray(doc.files) && !versions) return { ...base, status: 'unverified', reason: `${endpoint.label} sent a simple-API answer without files` };
      return { ...base, status: 'exists', ...(versions ? { versions, latest: versions[versions.length - 1] } : {}) };
    } catch {
      return { ...base, status: 'unverified', reason: `${endpoint.label} sent an answer that is not valid JSON` };
    }
  }
  if (/<a\s/i.test(result.body) || /<html/i.test(result.body)) return { ...base, status: 'exists' };
  return { ...base, status: 'unverified', reason: `${endpoint.label} sent an answer that is neither a PEP 503 page nor PEP 691 JSON` };
}
