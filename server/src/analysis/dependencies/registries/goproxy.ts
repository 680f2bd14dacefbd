/**
 * Go module proxy lookups (GOPROXY protocol): `<module>/@latest` for each module path that could
 * hold the imported package, longest first, through the proxy list — a 404/410 moves on to the
 * next candidate and, when every candidate is missing, to the next proxy after a `,`; any failure
 * moves on after a `|`. For the module found: `@v/list` (versions), the latest `.mod` (a
 * `// Deprecated:` comment, `retract` directives) and the earliest version's `.info` (first publish).
 */
import * as semver from 'semver';
import { escapeGoModulePath } from '../names';
import type { PackageFacts, PackageLookup, RegistryEndpoint } from '../types';
import type { HttpClient } from './http';

const LIMIT = 4 * 1024 * 1024;

export async function fetchGo(lookup: PackageLookup, http: HttpClient, now: number): Promise<PackageFacts> {
  const fallThroughOnError = lookup.fallThroughOnError ?? [];
  const candidates = lookup.candidates ?? [lookup.name];
  let missing: PackageFacts | undefined;
  for (let i = 0; i < lookup.registries.length; i++) {
    const endpoint = lookup.registries[i];
    const base = { registry: endpoint.label, source: 'registry' as const, checkedAt: now };
    let trouble: PackageFacts | undefined;
    let allMissing = true;
    for (const module of candidates) {
      const result = await http.get(`${endpoint.url}${escapeGoModulePath(module)}/@latest`, { maxBytes: LIMIT });
      if (result.kind === 'ok') {
        let info: { Version?: string; Time?: string };
        try {
          info = JSON.parse(result.body);
        } catch {
          trouble = { ...base, status: 'unverified', reason: `${endpoint.label} sent an answer that is not valid JSON` };
          allMissing = false;
          break;
        }
        return lookup.full ? details(module, info, endpoint, http, base) : { ...base, status: 'exists', module, ...(info.Version ? { latest: info.Version } : {}) };
      }
      if (result.kind === 'status' && (result.status === 404 || result.status === 410)) continue;
      allMissing = false;
      trouble = { ...base, status: 'unverified', reason: result.kind === 'failure' ? result.reason.replace('the registry', endpoint.label) : `${endpoint.label} answered HTTP ${result.status}` };
      break;
    }
    if (allMissing) {
      missing ??= { ...base, status: 'missing', httpStatus: 404 };
      continue; // `,` and `|` both fall through on "not found"
    }
    if (fallThroughOnError[i]) continue;
    return trouble!;
  }
  return missing ?? { registry: lookup.registries[0]?.label ?? 'the Go module proxy', source: 'registry', checkedAt: now, status: 'unverified', reason: 'no Go module proxy answered' };
}

async function details(module: string, info: { Version?: string; Time?: string }, endpoint: RegistryEndpoint, http: HttpClient, base: Pick<PackageFacts, 'registry' | 'source' | 'checkedAt'>): Promise<PackageFacts> {
  const facts: PackageFacts = { ...base, status: 'exists', module, ...(info.Version ? { latest: info.Version } : {}), ...(info.Time ? { latestPublished: info.Time } : {}) };
  const prefix = `${endpoint.url}${escapeGoModulePath(module)}/@v/`;
  const list = await http.get(`${prefix}list`, { maxBytes: LIMIT, accept: 'text/plain' });
  const versions = list.kind === 'ok' ? list.body.split('\n').map((v) => v.trim()).filter(Boolean).sort(compareGoVersions) : [];
  if (versions.length > 0) facts.versions = versions;
  else if (info.Version) facts.versions = [info.Version];
  if (info.Version) {
    const mod = await http.get(`${prefix}${encodeURIComponent(info.Version)}.mod`, { maxBytes: LIMIT, accept: 'text/plain' });
    if (mod.kind === 'ok') Object.assign(facts, goModNotes(mod.body));
  }
  const earliest = versions[0];
  if (earliest && earliest !== info.Version) {
    const first = await http.get(`${prefix}${encodeURIComponent(earliest)}.info`, { maxBytes: LIMIT });
    if (first.kind === 'ok') {
      try {
        const time = (JSON.parse(first.body) as { Time?: string }).Time;
        if (time) facts.firstPublished = time;
      } catch {
        // Without it the first-publish date is unknown; nothing else depends on it.
      }
    }
  } else if (info.Time) {
    facts.firstPublished = info.Time;
  }
  return facts;
}

/** `// Deprecated: …` on the module directive, and `retract` directives (versions withdrawn by the authors). */
export function goModNotes(text: string): Pick<PackageFacts, 'deprecated' | 'deprecatedVersions'> {
  const out: Pick<PackageFacts, 'deprecated' | 'deprecatedVersions'> = {};
  const deprecated = /^\s*\/\/\s*Deprecated:\s*(.+)$[\s\S]*?^\s*module\s/m.exec(text) ?? /^\s*module\s+\S+\s*\/\/\s*Deprecated:\s*(.+)$/m.exec(text);
  if (deprecated) out.deprecated = deprecated[1].trim();
  const retracted: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*retract\s+(v[^\s/]+)\s*(?:\/\/\s*(.*))?$/gm)) retracted[m[1]] = m[2]?.trim() || 'retracted by its authors';
  if (Object.keys(retracted).length > 0) out.deprecatedVersions = retracted;
  return out;
}

function compareGoVersions(a: string, b: string): number {
  const va = semver.valid(a.replace(/^v/, ''), { loose: true });
  const vb = semver.valid(b.replace(/^v/, ''), { loose: true });
  if (va && vb) return semver.compare(va, vb);
  return a < b ? -1 : a > b ? 1 : 0;
}
