/**
 * go.mod, parsed as the go command reads it: one directive per line, `directive ( … )` blocks, `//`
 * comments. `require` lines are references (module path and version); `module` and `replace` tell
 * which paths are the project's own or come from elsewhere and are never looked up.
 */
import type { OffsetSpan } from '../../types';
import { isGoModulePath } from '../names';
import type { PackageReference } from '../types';
import { intersectsAny, wholeLinesOf } from './spans';

export interface GoModFile {
  module?: string;
  requires: PackageReference[];
  /** Modules replaced by `replace old => new`: their code comes from the replacement. */
  replaced: string[];
  /** Replacement targets that are module paths (not local directories). */
  replacements: string[];
}

export function goModContents(text: string, spans?: readonly OffsetSpan[]): GoModFile {
  const out: GoModFile = { requires: [], replaced: [], replacements: [] };
  let block: string | undefined;
  const lineRe = /[^\r\n]*(\r\n|\r|\n|$)/g;
  for (let m = lineRe.exec(text); m && m[0].length > 0; m = lineRe.exec(text)) {
    const lineStart = m.index;
    const raw = m[0].slice(0, m[0].length - m[1].length);
    const comment = raw.indexOf('//');
    const code = comment >= 0 ? raw.slice(0, comment) : raw;
    const tokens = tokenize(code, lineStart);
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens[0].text === ')') {
        block = undefined;
        continue;
      }
      directive(block, tokens, text, out, spans, { startIndex: lineStart, endIndex: lineStart + raw.length });
      continue;
    }
    if (tokens.length >= 2 && tokens[tokens.length - 1].text === '(') {
      block = tokens[0].text;
      continue;
    }
    directive(tokens[0].text, tokens.slice(1), text, out, spans, { startIndex: lineStart, endIndex: lineStart + raw.length });
  }
  return out;
}

interface Token { text: string; start: number }

function directive(verb: string, args: Token[], text: string, out: GoModFile, spans: readonly OffsetSpan[] | undefined, line: OffsetSpan): void {
  if (verb === 'module' && args[0]) out.module = unquote(args[0].text);
  else if (verb === 'require' && args.length >= 2) {
    const path = unquote(args[0].text);
    const start = args[0].start + (args[0].text.startsWith('"') ? 1 : 0);
    if (!isGoModulePath(path) || !intersectsAny(spans, start, start + path.length)) return;
    out.requires.push({
      ecosystem: 'go', name: path, source: 'manifest', versionSpec: args[1].text,
      span: { startIndex: start, endIndex: start + path.length },
      removal: wholeLinesOf(text, line),
    });
  } else if (verb === 'replace') {
    const arrow = args.findIndex((t) => t.text === '=>');
    if (arrow < 1) return;
    out.replaced.push(unquote(args[0].text));
    const target = args[arrow + 1] ? unquote(args[arrow + 1].text) : '';
    if (target && !target.startsWith('.') && !target.startsWith('/')) out.replacements.push(target);
  }
}

function tokenize(code: string, offset: number): Token[] {
  const out: Token[] = [];
  const re = /"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[^\s"`]+/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push({ text: m[0], start: offset + m.index });
  return out;
}

function unquote(token: string): string {
  return token.startsWith('"') || token.startsWith('`') ? token.slice(1, -1) : token;
}
