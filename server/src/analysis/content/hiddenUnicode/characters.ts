/**
 * The code points the hidden-Unicode checks care about, their names, and the scripts that use some
 * of them legitimately. One regular expression (`ANY_HIDDEN`) tells whether a text holds any of
 * them at all, so the common case — a file with none — costs one linear scan.
 */

/**
 * Every invisible or reordering code point a check looks at: Unicode's Default_Ignorable_Code_Point
 * set (soft hyphen, CGJ, ALM, Hangul fillers, Khmer inherent vowels, Mongolian selectors, zero-width
 * and bidi controls, word joiner, invisible operators, variation selectors, BOM, tags …) plus the
 * interlinear annotation controls. Written out (not `\p{DI}`) so V8 compiles it to a plain class.
 */
export const ANY_HIDDEN = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]|\udb40[\udc00-\udfff]|\ud834[\udd73-\udd7a]|\ud82f[\udca0-\udca3]/;
/** The same set, global, for walking every occurrence. */
export const ANY_HIDDEN_GLOBAL = new RegExp(ANY_HIDDEN.source, 'g');

export type HiddenClass = 'bidi' | 'tag' | 'variation-selector' | 'invisible';

export function isBidiControl(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}
export function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}
export function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

export function classOf(cp: number): HiddenClass {
  if (isBidiControl(cp)) return 'bidi';
  if (isTag(cp)) return 'tag';
  if (isVariationSelector(cp)) return 'variation-selector';
  return 'invisible';
}

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN', 0x034f: 'COMBINING GRAPHEME JOINER', 0x061c: 'ARABIC LETTER MARK', 0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER', 0x17b4: 'KHMER VOWEL INHERENT AQ', 0x17b5: 'KHMER VOWEL INHERENT AA', 0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK', 0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION', 0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS', 0x3164: 'HANGUL FILLER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0xffa0: 'HALFWIDTH HANGUL FILLER', 0xfff9: 'INTERLINEAR ANNOTATION ANCHOR', 0xfffa: 'INTERLINEAR ANNOTATION SEPARATOR',
  0xfffb: 'INTERLINEAR ANNOTATION TERMINATOR', 0xe0001: 'LANGUAGE TAG', 0xe007f: 'CANCEL TAG',
};
/** Short forms for spelling a run out inline (`⟨ZWSP⟩`). */
const SHORT: Record<number, string> = {
  0x00ad: 'SHY', 0x034f: 'CGJ', 0x061c: 'ALM', 0x200b: 'ZWSP', 0x200c: 'ZWNJ', 0x200d: 'ZWJ', 0x200e: 'LRM', 0x200f: 'RLM',
  0x2060: 'WJ', 0x2062: 'INVISIBLE TIMES', 0x2064: 'INVISIBLE PLUS', 0x3164: 'HANGUL FILLER', 0xfeff: 'BOM', 0x180e: 'MVS',
};

export function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+200B ZERO WIDTH SPACE`, or a descriptive name for ranges. */
export function describeCodePoint(cp: number): string {
  const name = NAMES[cp]
    ?? (cp >= 0xfe00 && cp <= 0xfe0f ? `VARIATION SELECTOR-${cp - 0xfe00 + 1}` : undefined)
    ?? (cp >= 0xe0100 && cp <= 0xe01ef ? `VARIATION SELECTOR-${cp - 0xe0100 + 17}` : undefined)
    ?? (cp >= 0xe0020 && cp <= 0xe007e ? `TAG ${JSON.stringify(String.fromCharCode(cp - 0xe0000))}` : undefined)
    ?? (isBidiControl(cp) ? 'BIDIRECTIONAL CONTROL' : 'INVISIBLE FORMAT CHARACTER');
  return `${hex(cp)} ${name}`;
}

export function shortName(cp: number): string {
  return SHORT[cp] ?? hex(cp);
}

// Scripts whose writing needs a hidden character between letters:
/** ZWNJ/ZWJ shape the joining of Arabic-script and Brahmic (Indic) letters: Persian `می‌خواهم`, Hindi `क्‍ष`. */
export const JOINING_SCRIPT_LETTER = /[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mandaic}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Myanmar}\p{sc=Khmer}\p{sc=Tibetan}\p{sc=Mongolian}]/u;
/** Scripts written without spaces, where ZWSP marks a word break: Thai, Lao, Khmer, Myanmar, Tibetan, Chinese, Japanese. */
export const NO_SPACE_SCRIPT_LETTER = /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Javanese}\p{sc=Balinese}]/u;
/** Letters and marks of any script other than Latin (CGJ and soft hyphens sit between such letters). */
export const LETTER = /[\p{L}\p{M}]/u;
export const NON_LATIN_LETTER = /(?![\p{sc=Latin}])[\p{L}\p{M}]/u;
export const MONGOLIAN = /\p{sc=Mongolian}/u;
export const KHMER = /\p{sc=Khmer}/u;
export const HANGUL_JAMO = /[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/;
/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko …): LRM/RLM/ALM only matter next to them. */
export const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;
/** Emoji that ZWJ sequences join, and the modifiers (skin tones, hair) that may stand between. */
export const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
export const EMOJI_MODIFIER = /[\u{1f3fb}-\u{1f3ff}\u{1f9b0}-\u{1f9b3}]/u;
/** Characters a variation selector may follow: emoji, and any letter/symbol with standardized or ideographic variants. */
export const VARIATION_BASE = /[\p{Emoji}\p{L}\p{N}\p{S}\p{P}]/u;
