/**
 * Where shell code sits in files that are not shell scripts: Dockerfile `RUN` instructions, `run:`
 * (and GitLab `script:`) entries of CI YAML, Markdown code fences tagged as shell (and untagged or
 * `console` fences, with their `$ ` prompts dropped) plus inline code that starts with an installer.
 * Each comes back as an EmbeddedScript that maps its text onto the file.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Scalar } from 'yaml';
import type { OffsetSpan } from '../../types';
import { ScriptBuilder, type EmbeddedScript, type ScriptPiece } from './embedded';
import { intersectsAny } from './spans';

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;

function* lines(text: string): Generator<{ start: number; body: string; end: number }> {
  LINE.lastIndex = 0;
  for (let m = LINE.exec(text); m && m[0].length > 0; m = LINE.exec(text)) {
    const body = m[0].replace(/[\r\n]+$/, '');
    yield { start: m.index, body, end: m.index + m[0].length };
  }
}

/** Dockerfile `RUN` in shell form (with `\` continuations) and exec form (`RUN ["pip", "install", "x"]`). */
export function dockerfileScripts(text: string, spans?: readonly OffsetSpan[]): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  let current: { start: number; end: number } | undefined;
  for (const line of lines(text)) {
    if (!current) {
      const run = /^\s*RUN\s+((?:--[a-z-]+=\S+\s+)*)/i.exec(line.body);
      if (!run) continue;
      current = { start: line.start + run[0].length, end: line.start + line.body.length };
    } else {
      current.end = line.start + line.body.length;
    }
    if (line.body.trimEnd().endsWith('\\')) continue;
    if (intersectsAny(spans, current.start, current.end)) out.push(dockerRun(text, current.start, current.end));
    current = undefined;
  }
  if (current && intersectsAny(spans, current.start, current.end)) out.push(dockerRun(text, current.start, current.end));
  return out;
}

function dockerRun(text: string, start: number, end: number): EmbeddedScript {
  const body = text.slice(start, end);
  const exec = /^\[\s*"/.test(body) ? execFormScript(body, start) : undefined;
  // Shell form as it stands: bash itself reads `\` + line break as a continuation.
  return exec ?? { text: body, language: 'shell', offset: start };
}

/** `["npm", "install", "x"]` → a script of the same words, joined with spaces, each mapped to its place in the file. */
function execFormScript(body: string, start: number): EmbeddedScript | undefined {
  const pieces: ScriptPiece[] = [];
  let text = '';
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    // A word the shell would split or expand differently would not survive the join.
    if (m[1].includes('\\') || /[\s'"$`;&|<>]/.test(m[1])) return undefined;
    if (text) text += ' ';
    pieces.push({ at: text.length, fileOffset: start + m.index + 1, length: m[1].length });
    text += m[1];
  }
  return pieces.length > 0 ? { text, language: 'shell', pieces } : undefined;
}

/** `run:` values of CI YAML (GitHub Actions, CircleCI …) and the items of GitLab `script:` lists. */
export function yamlScripts(text: string, spans?: readonly OffsetSpan[]): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  let document;
  try {
    document = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  } catch {
    return out;
  }
  if (document.errors.length > 0) return out;
  const add = (scalar: Scalar) => {
    const range = scalar.range;
    if (!range || typeof scalar.value !== 'string' || !intersectsAny(spans, range[0], range[1])) return;
    const script = scalarScript(text, scalar, range[0], range[1]);
    if (script) out.push(script);
  };
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = pair.key.value;
      if (key === 'run' && isScalar(pair.value)) add(pair.value);
      else if (key === 'run' && isMap(pair.value)) {
        const command = pair.value.get('command', true);
        if (isScalar(command)) add(command);
      } else if ((key === 'script' || key === 'before_script' || key === 'after_script') && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isScalar(item)) add(item);
      }
    },
  });
  return out;
}

function scalarScript(text: string, scalar: Scalar, start: number, end: number): EmbeddedScript | undefined {
  const raw = text.slice(start, end);
  const value = scalar.value as string;
  if (scalar.type === 'PLAIN') return raw === value ? { text: value, language: 'shell', offset: start } : undefined;
  if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') {
    return raw.slice(1, -1) === value ? { text: value, language: 'shell', offset: start + 1 } : undefined;
  }
  // Block scalars: the lines after the header, without their indentation.
  const builder = new ScriptBuilder();
  const bodyStart = raw.search(/\r?\n|\r/);
  if (bodyStart < 0) return undefined;
  let indent: number | undefined;
  for (const line of lines(raw.slice(bodyStart).replace(/^\r?\n|^\r/, ''))) {
    const lineOffset = start + bodyStart + (raw[bodyStart] === '\r' && raw[bodyStart + 1] === '\n' ? 2 : 1) + line.start;
    if (line.body.trim() === '') continue;
    const own = line.body.length - line.body.trimStart().length;
    indent ??= own;
    builder.add(lineOffset + Math.min(indent, own), line.body.slice(Math.min(indent, own)));
  }
  return builder.empty ? undefined : builder.build();
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'shellsession', 'sh-session', 'fish', 'ksh', 'powershell', 'ps', 'pwsh', 'cmd', 'bat', 'batch', '']);
const PROMPT = /^(\s*)([$%>]|PS>|PS [^>]*>)\s/;
/** Inline code worth parsing: it starts with an installer. */
const INSTALLER_START = /^\s*(?:sudo\s+)?(?:npm|pnpm|yarn|bun|npx|pnpx|bunx|pip\d*(?:\.\d+)?|python\d*(?:\.\d+)?\s+-m\s+pip|uv|uvx|poetry|pdm|pipenv|pipx|go)\s/;

/** Shell snippets of a Markdown file: code fences of shell (or no) language, and installer commands in inline code. */
export function markdownScripts(text: string, spans?: readonly OffsetSpan[]): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  let fence: { marker: string; shell: boolean; dockerfile: boolean; builder: ScriptBuilder; start: number } | undefined;
  for (const line of lines(text)) {
    if (fence) {
      const closing = new RegExp(`^\\s{0,3}${fence.marker[0] === '`' ? '`' : '~'}{${fence.marker.length},}\\s*$`);
      if (closing.test(line.body)) {
        if (!fence.builder.empty && intersectsAny(spans, fence.start, line.start)) out.push(fence.builder.build());
        fence = undefined;
        continue;
      }
      if (fence.dockerfile) {
        const run = /^\s*RUN\s+/i.exec(line.body);
        if (run) fence.builder.add(line.start + run[0].length, line.body.slice(run[0].length));
      } else if (fence.shell) {
        const prompt = PROMPT.exec(line.body);
        const skip = prompt ? prompt[0].length : 0;
        fence.builder.add(line.start + skip, line.body.slice(skip));
      }
      continue;
    }
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(line.body);
    if (open) {
      const info = open[2].toLowerCase();
      fence = { marker: open[1], shell: SHELL_FENCES.has(info), dockerfile: info === 'dockerfile' || info === 'docker', builder: new ScriptBuilder(), start: line.start };
      continue;
    }
    for (const code of line.body.matchAll(/(`+)([^`]+?)\1(?!`)/g)) {
      const inner = code[2];
      const offset = line.start + (code.index ?? 0) + code[1].length;
      if (INSTALLER_START.test(inner) && intersectsAny(spans, offset, offset + inner.length)) out.push({ text: inner, language: 'shell', offset });
    }
  }
  return out;
}
