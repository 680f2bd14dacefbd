/**
 * pyproject.toml: PEP 621 `[project]` dependencies and optional-dependencies, PEP 735
 * `[dependency-groups]`, `[build-system] requires`, PDM and uv dev-dependency groups (PEP 508
 * strings), and Poetry's `[tool.poetry.*dependencies]` tables (names as keys). smol-toml decides
 * what the document means; tomlPositions finds where each string is, and an entry is used only when
 * both agree.
 */
import { parse as parseToml } from 'smol-toml';
import type { OffsetSpan } from '../../types';
import type { PackageReference } from '../types';
import { parseRequirement } from './requirements';
import { intersectsAny, listEntryRemoval, startsLine, wholeLinesOf } from './spans';
import { tomlEntries, type TomlEntry, type TomlPath } from './tomlPositions';

export interface PyprojectContents {
  references: PackageReference[];
  /** Index URLs the project installs from besides PyPI (`[[tool.uv.index]]`, `[[tool.poetry.source]]`, `tool.uv.index-url`). */
  indexes: Array<{ url: string; isDefault: boolean }>;
  /** The project's own distribution name. */
  projectName?: string;
  /** False when the document is not valid TOML (nothing is reported then). */
  valid: boolean;
}

/** Paths (with `*` for any key and `#` for any array index) whose strings are PEP 508 requirements. */
const REQUIREMENT_ARRAYS: ReadonlyArray<ReadonlyArray<string>> = [
  ['project', 'dependencies', '#'],
  ['project', 'optional-dependencies', '*', '#'],
  ['dependency-groups', '*', '#'],
  ['build-system', 'requires', '#'],
  ['tool', 'pdm', 'dev-dependencies', '*', '#'],
  ['tool', 'uv', 'dev-dependencies', '#'],
  ['tool', 'uv', 'constraint-dependencies', '#'],
  ['tool', 'uv', 'override-dependencies', '#'],
];

/** Paths whose keys are Poetry dependency names. */
const POETRY_TABLES: ReadonlyArray<ReadonlyArray<string>> = [
  ['tool', 'poetry', 'dependencies', '*'],
  ['tool', 'poetry', 'dev-dependencies', '*'],
  ['tool', 'poetry', 'group', '*', 'dependencies', '*'],
];

export function pyprojectReferences(text: string, spans?: readonly OffsetSpan[]): PyprojectContents {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch {
    return { references: [], indexes: [], valid: false };
  }
  const out: PyprojectContents = { references: [], indexes: indexesOf(document), valid: true };
  const project = document.project as Record<string, unknown> | undefined;
  if (typeof project?.name === 'string') out.projectName = project.name;
  for (const entry of tomlEntries(text)) {
    if (!intersectsAny(spans, entry.start, entry.end)) continue;
    if (entry.kind === 'string' && REQUIREMENT_ARRAYS.some((p) => matches(p, entry.path)) && valueAt(document, entry.path) === entry.value) {
      const reference = requirementReference(text, entry);
      if (reference) out.references.push(reference);
    } else if (entry.kind === 'key' && POETRY_TABLES.some((p) => matches(p, entry.path))) {
      const reference = poetryReference(text, entry, document);
      if (reference) out.references.push(reference);
    }
  }
  return out;
}

function requirementReference(text: string, entry: TomlEntry): PackageReference | undefined {
  const requirement = parseRequirement(entry.value);
  if (!requirement || !entry.verbatim) return undefined;
  const start = entry.start + requirement.nameStart;
  return {
    ecosystem: 'pypi', name: requirement.name, source: 'manifest', versionSpec: requirement.specifier,
    span: { startIndex: start, endIndex: start + requirement.name.length },
    removal: listEntryRemoval(text, entry.start - 1, entry.end + 1),
    ...(requirement.url ? { unsearchableSource: requirement.url } : {}),
  };
}

/** `requests = "^2.31"` or `requests = { version = "^2", extras = [...] }`; git, path and url dependencies name no index package. */
function poetryReference(text: string, entry: TomlEntry, document: Record<string, unknown>): PackageReference | undefined {
  const name = entry.value;
  const parent = valueAt(document, entry.path.slice(0, -1));
  if (name === 'python' || !entry.verbatim || !parent || typeof parent !== 'object' || !Object.hasOwn(parent, name)) return undefined;
  const spec = (parent as Record<string, unknown>)[name];
  const table = spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
  if (table && (table.git || table.path || table.url)) return undefined;
  const version = typeof spec === 'string' ? spec : typeof table?.version === 'string' ? table.version : '';
  const lineEnd = text.indexOf('\n', entry.end);
  return {
    ecosystem: 'pypi', name, source: 'manifest', versionSpec: version,
    span: { startIndex: entry.start, endIndex: entry.end },
    // A whole `name = …` line; only when the key starts its line (not a dotted or inline-table key).
    ...(startsLine(text, entry.start) ? { removal: wholeLinesOf(text, { startIndex: entry.start, endIndex: lineEnd < 0 ? text.length : lineEnd }) } : {}),
    ...(typeof table?.source === 'string' ? { unsearchableSource: `the Poetry source "${table.source}"` } : {}),
  };
}

function indexesOf(document: Record<string, unknown>): Array<{ url: string; isDefault: boolean }> {
  const tool = (document.tool ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const out: Array<{ url: string; isDefault: boolean }> = [];
  const uv = tool.uv ?? {};
  if (typeof uv['index-url'] === 'string') out.push({ url: uv['index-url'], isDefault: true });
  for (const url of Array.isArray(uv['extra-index-url']) ? uv['extra-index-url'] : []) if (typeof url === 'string') out.push({ url, isDefault: false });
  for (const index of Array.isArray(uv.index) ? uv.index : []) {
    if (index && typeof index.url === 'string') out.push({ url: index.url, isDefault: index.default === true });
  }
  for (const source of Array.isArray(tool.poetry?.source) ? tool.poetry.source : []) {
    if (source && typeof source.url === 'string') out.push({ url: source.url, isDefault: source.priority === 'primary' || source.priority === 'default' || source.default === true });
  }
  return out;
}

function matches(pattern: ReadonlyArray<string>, path: TomlPath): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((part, i) => (part === '#' ? typeof path[i] === 'number' : part === '*' ? typeof path[i] === 'string' : part === path[i]));
}

function valueAt(document: unknown, path: TomlPath): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
