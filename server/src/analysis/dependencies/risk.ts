/**
 * Signals that an existing package is risky to install (slopsquat risk) and deprecation, from a
 * registry's facts. A popular package is never "risky" by these signals (it has a history), and a
 * single weak signal (few versions, no repository link, install scripts) is common among honest
 * small packages, so it takes a strong one (brand new, or a release in the last two days) or two weak ones.
 */
import * as semver from 'semver';
import type { PackageFacts } from './types';

const DAY = 24 * 60 * 60 * 1000;
export const NEW_PACKAGE_DAYS = 30;
export const FRESH_RELEASE_HOURS = 48;
export const FEW_VERSIONS = 2;

export function riskReasons(facts: PackageFacts, now: number): string[] {
  const strong: string[] = [];
  const weak: string[] = [];
  const first = facts.firstPublished ? Date.parse(facts.firstPublished) : NaN;
  const latest = facts.latestPublished ? Date.parse(facts.latestPublished) : NaN;
  if (Number.isFinite(first) && now - first < NEW_PACKAGE_DAYS * DAY) {
    const days = Math.max(0, Math.floor((now - first) / DAY));
    strong.push(days === 0 ? 'first published today' : `first published ${days} day${days === 1 ? '' : 's'} ago`);
  } else if (Number.isFinite(latest) && now - latest < FRESH_RELEASE_HOURS * 60 * 60 * 1000) {
    const hours = Math.max(0, Math.floor((now - latest) / (60 * 60 * 1000)));
    strong.push(`its latest version (${facts.latest ?? 'unknown'}) was published ${hours} hour${hours === 1 ? '' : 's'} ago`);
  }
  if (facts.versions && facts.versions.length <= FEW_VERSIONS) weak.push(`only ${facts.versions.length} version${facts.versions.length === 1 ? '' : 's'}`);
  if (facts.source === 'registry' && facts.repository === undefined && facts.firstPublished !== undefined) weak.push('no source repository linked');
  if (facts.installScripts?.length) weak.push(`runs ${facts.installScripts.join('/')} scripts when installed`);
  return strong.length > 0 || weak.length >= 2 ? [...strong, ...weak] : [];
}

/**
 * The deprecation that applies to a reference: the version its range resolves to (npm), its pin
 * (PyPI `==`), or the whole package (its latest version deprecated / every release yanked).
 */
export function deprecationFor(facts: PackageFacts, versionSpec: string | undefined): { version?: string; text: string } | undefined {
  const versions = facts.deprecatedVersions ?? {};
  const resolved = resolveVersion(facts, versionSpec);
  if (resolved && versions[resolved] !== undefined) return { version: resolved, text: versions[resolved] || 'no reason given' };
  if (facts.deprecated !== undefined) return { text: facts.deprecated || 'no reason given' };
  return undefined;
}

function resolveVersion(facts: PackageFacts, spec: string | undefined): string | undefined {
  if (!spec) return undefined;
  const pin = /^===?\s*([^\s,;]+)$/.exec(spec.trim());
  if (pin) return pin[1];
  if (facts.versions && semver.validRange(spec, { loose: true })) {
    return semver.maxSatisfying(facts.versions.filter((v) => semver.valid(v, { loose: true })), spec, { loose: true }) ?? undefined;
  }
  return facts.versions?.includes(spec) ? spec : undefined;
}
