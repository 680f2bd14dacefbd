/**
 * What a run of hidden characters says. Attackers smuggle text to models in characters editors do
 * not draw: Unicode tag characters (U+E0020–E007E mirror ASCII), variation selectors (one byte each:
 * VS1–16 for 0–15, VS17–256 for 16–255), or two invisible characters standing for the bits 0 and 1.
 * The decoded text goes into the finding, so a person sees what the model would read.
 */
import { hex, shortName } from './characters';
import type { HiddenChar } from './hiddenRuns';

/** Printable text, with control characters shown as `\u…` so the message stays one readable line. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/\r?\n/g, ' ⏎ ').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length <= max ? shown : `${shown.slice(0, max - 1)}…`;
}

/** The ASCII that tag characters spell (LANGUAGE TAG and CANCEL TAG are markers, not text). */
export function decodeTags(chars: readonly HiddenChar[]): string {
  let out = '';
  for (const { cp } of chars) {
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}

/** The bytes variation selectors carry, in the encoding public "emoji smuggling" tools use. */
export function variationSelectorBytes(chars: readonly HiddenChar[]): Uint8Array {
  return Uint8Array.from(chars.map(({ cp }) => (cp >= 0xe0100 ? cp - 0xe0100 + 16 : cp - 0xfe00)));
}

/** Bytes as text when they are readable UTF-8; undefined for binary data. */
export function bytesAsText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return looksLikeText(text) ? text : undefined;
}

/** Mostly letters, digits, punctuation and spaces: what a smuggled instruction looks like. */
export function looksLikeText(text: string): boolean {
  if (text.length === 0) return false;
  let readable = 0;
  for (const ch of text) if (/[\p{L}\p{N}\p{P}\p{S}\p{Zs}\t\n\r]/u.test(ch)) readable++;
  return readable / [...text].length >= 0.9;
}

export function hexBytes(bytes: Uint8Array, max = 24): string {
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}

/**
 * A run of exactly two distinct invisible characters, 8 per byte, read as bits (either character
 * may be the 1): zero-width steganography. Undefined when neither reading gives text.
 */
export function decodeBinary(chars: readonly HiddenChar[]): string | undefined {
  const symbols = [...new Set(chars.map((c) => c.cp))];
  if (symbols.length !== 2 || chars.length < 16 || chars.length % 8 !== 0) return undefined;
  for (const one of symbols) {
    const bytes = new Uint8Array(chars.length / 8);
    chars.forEach((c, i) => {
      if (c.cp === one) bytes[i >> 3] |= 0x80 >> (i & 7);
    });
    const text = bytesAsText(bytes);
    if (text && /[\p{L}]{2}/u.test(text)) return text;
  }
  return undefined;
}

/** `⟨ZWSP⟩⟨ZWSP⟩…` for a short run, `12 × U+200B` style counts for a long one. */
export function spellRun(chars: readonly HiddenChar[]): string {
  if (chars.length <= 6) return chars.map((c) => `⟨${shortName(c.cp)}⟩`).join('');
  const counts = new Map<number, number>();
  for (const c of chars) counts.set(c.cp, (counts.get(c.cp) ?? 0) + 1);
  return [...counts].map(([cp, n]) => `${n} × ${hex(cp)}`).join(', ');
}
