/**
 * requirements*.txt and constraints files, parsed as pip reads them: logical lines (a trailing `\`
 * continues a line), comments from ` #`, option lines (`-r`/`-c` includes, `-i`/`--index-url`,
 * `--extra-index-url`, `-f`/`--find-links`, `-e`), and PEP 508 requirements: a name, optional
 * `[extras]`, version specifiers, `; markers`, per-requirement options (`--hash=…`). Direct
 * references (`name @ https://…`), paths and URLs name no registry package.
 */
import type { OffsetSpan } from '../../types';
import { isPypiName } from '../names';
import type { PackageReference } from '../types';
import { intersectsAny } from './spans';

export interface RequirementsFile {
  references: PackageReference[];
  /** Files named by `-r` / `-c`, as written. */
  includes: string[];
  /** `-i` / `--index-url`: the index this file installs from. */
  indexUrl?: string;
  /** `--extra-index-url` / `--find-links`: other sources pip may take a package from. */
  extraSources: string[];
}

/** Is `basename` a requirements or constraints file? (`requirements.txt`, `requirements-dev.in`, `constraints.txt`, `dev-requirements.txt`) */
export function isRequirementsFile(filePath: string): boolean {
  const parts = filePath.split(/[\\/]/);
  const base = parts[parts.length - 1].toLowerCase();
  if (/^(.*[-_.])?(requirements|constraints)([-_.].*)?\.(txt|in)$/.test(base)) return true;
  return parts[parts.length - 2]?.toLowerCase() === 'requirements' && /\.(txt|in)$/.test(base);
}

const OPTION_WITH_VALUE = /^(-r|--requirement|-c|--constraint|-i|--index-url|--extra-index-url|-f|--find-links|-e|--editable|--trusted-host|--no-binary|--only-binary|--prefer-binary|--use-feature)(?:[= \t]+(\S+))?/;

export function requirementsReferences(text: string, spans?: readonly OffsetSpan[]): RequirementsFile {
  const out: RequirementsFile = { references: [], includes: [], extraSources: [] };
  for (const line of logicalLines(text)) {
    const content = stripComment(line.text);
    const trimmed = content.trimStart();
    if (trimmed === '') continue;
    const indent = content.length - trimmed.length;
    if (trimmed.startsWith('-')) {
      const option = OPTION_WITH_VALUE.exec(trimmed);
      if (!option) continue;
      const [, flag, value] = option;
      if (!value) continue;
      if (flag === '-r' || flag === '--requirement' || flag === '-c' || flag === '--constraint') out.includes.push(value);
      else if (flag === '-i' || flag === '--index-url') out.indexUrl = value;
      else if (flag === '--extra-index-url' || flag === '-f' || flag === '--find-links') out.extraSources.push(value);
      continue;
    }
    const requirement = parseRequirement(trimmed);
    if (!requirement) continue;
    const start = line.offsetOf(indent + requirement.nameStart);
    const span = { startIndex: start, endIndex: start + requirement.name.length };
    if (!intersectsAny(spans, span.startIndex, span.endIndex) || line.offsetOf(indent + requirement.nameStart + requirement.name.length) !== span.endIndex) continue;
    out.references.push({
      ecosystem: 'pypi', name: requirement.name, source: 'manifest', span, versionSpec: requirement.specifier,
      removal: line.removal,
      ...(requirement.url ? { unsearchableSource: requirement.url } : {}),
    });
  }
  return out;
}

export interface Requirement {
  name: string;
  /** Offset of the name in the requirement string. */
  nameStart: number;
  extras: string[];
  /** `>=2,<3`, `==1.0.*`; empty when unconstrained. */
  specifier: string;
  /** A direct reference (`name @ url`): not installed from an index. */
  url?: string;
}

/**
 * One PEP 508 requirement (`requests[socks]>=2.31; python_version>"3.8"`, `pkg @ https://…`).
 * Undefined for anything that is not one: paths, URLs, archive names, option fragments.
 */
export function parseRequirement(input: string): Requirement | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(input);
  if (!match) return undefined;
  const [, name, extrasText, restText] = match;
  if (!isPypiName(name)) return undefined;
  const rest = ` ${restText.split(';')[0]}`.replace(/\s--?\w[\w-]*(=\S*)?/g, '').trim();
  // A path or URL that merely starts like a name (`foo/bar.whl`, `foo.tar.gz`, `https://…`).
  if (/^[/:\\]/.test(restText) || /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(name)) return undefined;
  const extras = extrasText ? extrasText.slice(1, -1).split(',').map((e) => e.trim()).filter(Boolean) : [];
  if (rest.startsWith('@')) return { name, nameStart: input.indexOf(name), extras, specifier: '', url: rest.slice(1).trim() };
  if (rest !== '' && !/^[(]?\s*(===|==|!=|~=|<=|>=|<|>)/.test(rest)) return undefined;
  return { name, nameStart: input.indexOf(name), extras, specifier: rest.replace(/[()\s]/g, '') };
}

interface LogicalLine {
  text: string;
  /** File offset of a character of `text`. */
  offsetOf(index: number): number;
  /** The physical lines of this logical line, with their line break. */
  removal: OffsetSpan;
}

/** pip joins a line ending in `\` with the next; offsets map back through the join. */
function* logicalLines(text: string): Generator<LogicalLine> {
  const physical = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let parts: Array<{ offset: number; text: string }> = [];
  let start = 0;
  for (let m = physical.exec(text); m && m[0].length > 0; m = physical.exec(text)) {
    const body = m[0].slice(0, m[0].length - m[1].length);
    if (parts.length === 0) start = m.index;
    if (body.endsWith('\\')) {
      parts.push({ offset: m.index, text: body.slice(0, -1) });
      continue;
    }
    parts.push({ offset: m.index, text: body });
    yield joined(parts, start, m.index + m[0].length);
    parts = [];
  }
  if (parts.length > 0) yield joined(parts, start, text.length);
}

function joined(parts: Array<{ offset: number; text: string }>, start: number, end: number): LogicalLine {
  const textOf = parts.map((p) => p.text).join('');
  return {
    text: textOf,
    offsetOf(index) {
      let at = index;
      for (const part of parts) {
        if (at <= part.text.length) return part.offset + at;
        at -= part.text.length;
      }
      return end;
    },
    removal: { startIndex: start, endIndex: end },
  };
}

/** pip: `#` starts a comment at the line start or after whitespace. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}
