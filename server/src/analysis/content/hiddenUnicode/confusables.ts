/**
 * Words that look like ASCII words but are spelled with look-alike letters of other scripts
 * (CVE-2021-42694, "homoglyph" identifiers: `sаyHello` with a Cyrillic а calls another function
 * than `sayHello`; `gіthub.com` with a Ukrainian і is another host). A word is reported when
 *  - it mixes Latin with Cyrillic, Greek, Armenian, Cherokee … letters and its UTS #39 skeleton
 *    (every letter replaced by its ASCII prototype) is plain ASCII, or
 *  - in code, it is an identifier written wholly in another script whose skeleton equals an ASCII
 *    identifier used in the same file (two names that look identical).
 * Not reported: words of one non-Latin script (Russian, Greek prose; `α`, `μ` in maths), Latin
 * with Han/Kana/Hangul (allowed together by UTS #39), words with letters that have no ASCII
 * look-alike (`getИмя`), comments in code (a homoglyph there changes nothing that runs).
 */
import type { Node } from 'web-tree-sitter';
import type { TextCheck } from '../../checks/checkTypes';
import confusables from '../data/confusables.json';
import { inScope } from './reporting';

const PROTOTYPE = new Map<string, string>(Object.entries((confusables as { map: Record<string, string> }).map));
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_GLOBAL = /[^\x00-\x7f]/g;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_$]/u;
const LATIN = /\p{sc=Latin}/u;
/** Scripts UTS #39's "highly restrictive" level allows beside Latin. */
const ALLOWED_WITH_LATIN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Bopomofo}]/u;
const OTHER_LETTER = /(?![\p{sc=Latin}\p{sc=Common}\p{sc=Inherited}])\p{L}/u;

/** The word with every confusable letter replaced by its ASCII prototype; undefined if some letter has none. */
export function asciiSkeleton(word: string): string | undefined {
  let out = '';
  for (const ch of word.normalize('NFD')) {
    if (!NON_ASCII.test(ch)) out += ch;
    else if (/\p{M}/u.test(ch)) continue; // combining marks over a look-alike do not change what it looks like enough to matter
    else {
      const proto = PROTOTYPE.get(ch);
      if (!proto) return undefined;
      out += proto;
    }
  }
  return out;
}

/**
 * Latin mixed with another script's letters, and mostly Latin: `pаypal` is; `μs` and `kΩ` (units,
 * one Latin letter) are not.
 */
function mixesScripts(word: string): boolean {
  const letters = [...word.replace(new RegExp(ALLOWED_WITH_LATIN.source, 'gu'), '')];
  const latin = letters.filter((ch) => LATIN.test(ch)).length;
  const other = letters.filter((ch) => OTHER_LETTER.test(ch)).length;
  return other > 0 && latin >= 2 && latin >= other;
}

const IDENTIFIER = /identifier|^name$|^property_identifier$|^shorthand_property_identifier|^field_identifier$|^type_identifier$|^package_identifier$/;
const COMMENT = /comment/;

export const hiddenUnicodeConfusable: TextCheck = function* ({ text, spans, syntax }) {
  if (!NON_ASCII.test(text)) return;
  let asciiIdentifiers: Set<string> | undefined;
  for (const span of wordsWithNonAscii(text)) {
    const word = text.slice(span.startIndex, span.endIndex);
    if (!/\p{L}/u.test(word) || !inScope(spans, span)) continue;
    const node: Node | null | undefined = syntax?.tree.rootNode.descendantForIndex(span.startIndex, span.endIndex);
    if (node && COMMENT.test(node.type)) continue;
    const skeleton = asciiSkeleton(word);
    if (!skeleton || skeleton === word || !/[A-Za-z]/.test(skeleton)) continue;
    if (mixesScripts(word)) {
      yield report(span, word, skeleton, 'mixed', occurrencesOf(text, word));
      continue;
    }
    // One non-Latin script throughout: only a finding when it copies a name the code also uses.
    if (!node || !IDENTIFIER.test(node.type) || node.text !== word) continue;
    asciiIdentifiers ??= collectAsciiIdentifiers(syntax!.tree.rootNode);
    if (asciiIdentifiers.has(skeleton)) yield report(span, word, skeleton, 'lookalike', occurrencesOf(text, word));
  }
};

/**
 * The words (letters, marks, digits, `_`, `$`) that hold a non-ASCII character, found from the
 * non-ASCII characters outwards: linear in the text, however long its ASCII words are.
 */
function* wordsWithNonAscii(text: string): Iterable<{ startIndex: number; endIndex: number }> {
  NON_ASCII_GLOBAL.lastIndex = 0;
  let covered = -1;
  for (let m = NON_ASCII_GLOBAL.exec(text); m; m = NON_ASCII_GLOBAL.exec(text)) {
    if (m.index < covered) continue;
    const at = m.index;
    if (!WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at) ?? 0)) && !(text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff)) continue;
    let start = at;
    while (start > 0 && WORD_CHAR.test(charBefore(text, start))) start -= charBefore(text, start).length;
    let end = at;
    while (end < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(end) ?? 0))) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    covered = end;
    NON_ASCII_GLOBAL.lastIndex = Math.max(end, at + 1);
    if (end > start) yield { startIndex: start, endIndex: end };
  }
}

function charBefore(text: string, offset: number): string {
  const low = text.charCodeAt(offset - 1);
  return low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? text.slice(offset - 2, offset) : text.slice(offset - 1, offset);
}

/** Every occurrence of `word` as a whole word: the fix renames them all, or the code would break. */
function occurrencesOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const before = text.slice(Math.max(0, at - 2), at);
    const after = text.slice(at + word.length, at + word.length + 2);
    if (!/[\p{L}\p{N}_$]$/u.test(before) && !/^[\p{L}\p{M}\p{N}_$]/u.test(after)) out.push(at);
  }
  return out;
}

function report(span: { startIndex: number; endIndex: number }, word: string, skeleton: string, messageId: string, occurrences: number[]) {
  const odd = [...word].filter((ch) => NON_ASCII.test(ch)).map((ch) => `${ch} U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return {
    span,
    messageId,
    vars: { word, skeleton, letters: [...new Set(odd)].slice(0, 4).join(', ') },
    fixes: [{ title: `Replace with ${skeleton}`, edits: occurrences.map((at) => ({ span: { startIndex: at, endIndex: at + word.length }, newText: skeleton })) }],
  };
}

function collectAsciiIdentifiers(root: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node) => {
    if (IDENTIFIER.test(node.type) && !NON_ASCII.test(node.text)) names.add(node.text);
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return names;
}
