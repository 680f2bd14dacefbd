/**
 * package.json, read with jsonc-parser (offsets of every key and value): the names in every
 * dependency field, `overrides`/`resolutions`/`pnpm.overrides`, `npm:` aliases (the real package is
 * in the value), and the `scripts`, whose install commands are read like any shell line. Entries
 * that do not come from a registry (`file:`, `link:`, `workspace:`, git and tarball URLs, GitHub
 * shorthands) are left out.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { OffsetSpan } from '../../types';
import { isNpmPackageName } from '../names';
import type { PackageReference } from '../types';
import type { EmbeddedScript } from './embedded';
import { intersectsAny, listEntryRemoval } from './spans';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const BUNDLED_FIELDS = ['bundleDependencies', 'bundledDependencies'];

export interface PackageJsonContents {
  references: PackageReference[];
  scripts: EmbeddedScript[];
}

export function packageJsonReferences(text: string, spans?: readonly OffsetSpan[]): PackageJsonContents {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const out: PackageJsonContents = { references: [], scripts: [] };
  if (root?.type !== 'object') return out;
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || !intersectsAny(spans, property.offset, property.offset + property.length)) continue;
    const field = key.value as string;
    if (DEPENDENCY_FIELDS.includes(field) && value.type === 'object') {
      for (const entry of value.children ?? []) addEntry(text, entry, field, out.references, spans);
    } else if (BUNDLED_FIELDS.includes(field) && value.type === 'array') {
      for (const item of value.children ?? []) {
        if (item.type === 'string' && isNpmPackageName(item.value)) out.references.push(named(item, item.value));
      }
    } else if (field === 'overrides' || field === 'resolutions') {
      addOverrides(text, value, field, out.references, spans);
    } else if (field === 'pnpm' && value.type === 'object') {
      const overrides = value.children?.find((p) => p.children?.[0]?.value === 'overrides')?.children?.[1];
      if (overrides) addOverrides(text, overrides, 'pnpm.overrides', out.references, spans);
    } else if (field === 'scripts' && value.type === 'object') {
      for (const script of value.children ?? []) {
        const body = script.children?.[1];
        if (body?.type !== 'string' || !intersectsAny(spans, body.offset, body.offset + body.length)) continue;
        // Only scripts without JSON escapes map 1:1 onto the file's offsets.
        const raw = text.slice(body.offset + 1, body.offset + body.length - 1);
        if (raw === body.value) out.scripts.push({ text: raw, offset: body.offset + 1, language: 'shell' });
      }
    }
  }
  return out;
}

/** One `"name": "spec"` of a dependency field. */
function addEntry(text: string, entry: JsonNode, field: string, out: PackageReference[], spans?: readonly OffsetSpan[]): void {
  const [key, value] = entry.children ?? [];
  if (!key || key.type !== 'string' || !intersectsAny(spans, entry.offset, entry.offset + entry.length)) return;
  const spec = value?.type === 'string' ? (value.value as string) : '';
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(spec);
  if (alias && value && isNpmPackageName(alias[1])) {
    out.push({ ...named(value, alias[1], 'npm:'.length), versionSpec: alias[2] ?? '', removal: listEntryRemoval(text, entry.offset, entry.offset + entry.length) });
    return;
  }
  if (!fromRegistry(spec) || !isNpmPackageName(key.value)) return;
  out.push({ ...named(key, key.value), versionSpec: spec, removal: listEntryRemoval(text, entry.offset, entry.offset + entry.length) });
}

/** False for specs that name no registry version: local paths, workspaces, git/tarball URLs, GitHub `user/repo`. */
export function fromRegistry(spec: string): boolean {
  if (/^(file|link|workspace|portal|git|git\+[a-z]+|github|gitlab|bitbucket|gist|https?):/i.test(spec)) return false;
  if (/^[./~]/.test(spec)) return false;
  return !/^[^@\s/][^\s/]*\/[^\s]+$/.test(spec); // user/repo[#ref]
}

/** Override keys: `foo`, `foo@1`, `**\/foo`, `a/foo`, `@s/x`, `a>b`; nested objects are overrides too. */
function addOverrides(text: string, node: JsonNode, field: string, out: PackageReference[], spans?: readonly OffsetSpan[]): void {
  if (node.type !== 'object') return;
  for (const entry of node.children ?? []) {
    const [key, value] = entry.children ?? [];
    if (!key || !intersectsAny(spans, entry.offset, entry.offset + entry.length)) continue;
    const name = overrideTarget(key.value as string);
    if (name) {
      const at = (key.value as string).lastIndexOf(name.text);
      out.push(named(key, name.text, at));
    }
    if (value?.type === 'object') addOverrides(text, value, field, out, spans);
  }
}

function overrideTarget(key: string): { text: string } | undefined {
  if (key === '.' || key.startsWith('$')) return undefined;
  // The package being overridden is the last one in the path (`a>b`, `**/b`, `a/b`).
  const last = key.split('>').pop()!.replace(/^(\*\*\/)+/, '');
  const segments = last.split('/');
  let candidate = segments.length >= 2 && segments[segments.length - 2].startsWith('@')
    ? segments.slice(-2).join('/')
    : segments[segments.length - 1];
  candidate = candidate.replace(/(.)@.*$/, '$1');
  return isNpmPackageName(candidate) ? { text: candidate } : undefined;
}

/** A reference to `name`, which starts `inner` characters into the string node's content. */
function named(node: JsonNode, name: string, inner = 0): PackageReference {
  const start = node.offset + 1 + inner;
  return { ecosystem: 'npm', name, source: 'manifest', span: { startIndex: start, endIndex: start + name.length } };
}
