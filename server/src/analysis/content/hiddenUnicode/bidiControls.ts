/**
 * Trojan Source (CVE-2021-42574): Unicode bidirectional controls make an editor show code in an
 * order other than the one the compiler (or an agent) reads. An override or embedding left open
 * inside a comment or string flips the rest of the line, so `/* admin only *\/ if (isAdmin)` can
 * hide a `return` that runs first.
 *
 * Reported: an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) on a line without any
 * right-to-left letters (nothing there needs them), or one that the same line does not close again
 * (or a closer without an opener): that is what reorders text beyond the control's own span.
 * Not reported: balanced controls around Hebrew, Arabic, Persian … text, where they are the
 * legitimate way to keep mixed-direction prose readable. The lone marks U+200E/U+200F/U+061C do
 * not reorder anything by themselves and are left to the invisible-character check.
 */
import type { TextCheck, TextCheckReport } from '../../checks/checkTypes';
import type { OffsetSpan } from '../../types';

const OPENERS: Record<number, string> = {
  0x202a: 'LRE', 0x202b: 'RLE', 0x202d: 'LRO', 0x202e: 'RLO',
  0x2066: 'LRI', 0x2067: 'RLI', 0x2068: 'FSI',
};
const CLOSERS: Record<number, string> = { 0x202c: 'PDF', 0x2069: 'PDI' };
/** Embeddings and overrides close with PDF; isolates with PDI. */
const CLOSES_WITH: Record<number, number> = {
  0x202a: 0x202c, 0x202b: 0x202c, 0x202d: 0x202c, 0x202e: 0x202c,
  0x2066: 0x2069, 0x2067: 0x2069, 0x2068: 0x2069,
};
const ANY_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan … and their presentation forms. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

export function controlName(code: number): string | undefined {
  return OPENERS[code] ?? CLOSERS[code];
}

/** The line in the order the characters really are, with each control spelled out (`⟨RLO⟩`). */
export function spelledOut(line: string): string {
  let out = '';
  for (const ch of line) {
    const name = controlName(ch.codePointAt(0) ?? 0);
    out += name ? `⟨${name}⟩` : ch;
  }
  return out.trim();
}

/** True when every opener on the line is closed in order on the same line, and no closer is unmatched. */
function isBalanced(line: string): boolean {
  const stack: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (OPENERS[code]) stack.push(CLOSES_WITH[code]);
    else if (CLOSERS[code]) {
      if (stack.pop() !== code) return false;
    }
  }
  return stack.length === 0;
}

export const hiddenUnicodeBidi: TextCheck = function* ({ text, lines, spans }) {
  // A string scan: skip the whole file at once when no control occurs.
  if (!ANY_CONTROL.test(text)) return;
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineContentEnd(line);
    if (spans && !spans.some((s) => s.startIndex <= end && start <= s.endIndex)) continue;
    const lineText = text.slice(start, end);
    if (!ANY_CONTROL.test(lineText)) continue;
    if (RTL_LETTER.test(lineText) && isBalanced(lineText)) continue;
    yield reportFor(lineText, start);
  }
};

function reportFor(lineText: string, lineStart: number): TextCheckReport {
  const controls: OffsetSpan[] = [];
  const names: string[] = [];
  for (let i = 0; i < lineText.length; i++) {
    const name = controlName(lineText.charCodeAt(i));
    if (!name) continue;
    controls.push({ startIndex: lineStart + i, endIndex: lineStart + i + 1 });
    if (!names.includes(name)) names.push(name);
  }
  // The controls themselves are invisible and one character wide: the squiggle covers the line they
  // reorder, from its first visible character.
  const indent = lineText.length - lineText.trimStart().length;
  return {
    span: { startIndex: lineStart + indent, endIndex: lineStart + lineText.trimEnd().length },
    messageId: RTL_LETTER.test(lineText) ? 'unbalanced' : 'default',
    vars: { controls: names.join(', '), count: String(controls.length), reads: truncate(spelledOut(lineText), 160) },
    fixes: [{ title: 'Remove the bidirectional control characters', edits: controls.map((span) => ({ span, newText: '' })) }],
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
