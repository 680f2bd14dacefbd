/**
 * One pass over a text that finds every hidden code point, decides which are legitimate where they
 * stand (ZWJ inside an emoji sequence, VS16 after an emoji, ZWNJ in Persian, ZWSP between Thai
 * words, a flag's tag sequence …) and groups the others into runs by class. The result is kept for
 * the last text seen, so the checks of one file (bidi, invisible, tags, variation selectors) share
 * a single scan.
 */
import type { OffsetSpan } from '../../types';
import {
  ANY_HIDDEN, ANY_HIDDEN_GLOBAL, classOf, EMOJI_MODIFIER, HANGUL_JAMO, JOINING_SCRIPT_LETTER, KHMER, LETTER, MONGOLIAN,
  NO_SPACE_SCRIPT_LETTER, NON_LATIN_LETTER, PICTOGRAPH, RTL_LETTER, VARIATION_BASE, type HiddenClass,
} from './characters';

export interface HiddenChar {
  /** UTF-16 offset. */
  offset: number;
  cp: number;
  /** 1 or 2 (astral). */
  length: number;
  hiddenClass: HiddenClass;
  /** A legitimate use where it stands (see `isLegitimate`); reported only when false. */
  legitimate: boolean;
  /** A soft hyphen between two letters: legitimate in prose, reported in code and agent files. */
  hyphenation?: boolean;
}

/** Consecutive reported characters of one class. */
export interface HiddenRun {
  hiddenClass: HiddenClass;
  chars: HiddenChar[];
  span: OffsetSpan;
}

let lastText: string | undefined;
let lastChars: HiddenChar[] = [];

/** Every hidden code point of `text`, with its legitimacy decided. Cached for the last text. */
export function hiddenChars(text: string): HiddenChar[] {
  if (text === lastText) return lastChars;
  lastText = text;
  lastChars = ANY_HIDDEN.test(text) ? scan(text) : [];
  return lastChars;
}

/** The reported characters of `hiddenClass`, grouped into runs of adjacent characters. */
export function hiddenRuns(text: string, hiddenClass: HiddenClass, options: { hyphenationIsHidden?: boolean } = {}): HiddenRun[] {
  const runs: HiddenRun[] = [];
  for (const ch of hiddenChars(text)) {
    if (ch.hiddenClass !== hiddenClass) continue;
    if (ch.legitimate && !(ch.hyphenation && options.hyphenationIsHidden)) continue;
    const last = runs[runs.length - 1];
    if (last && last.span.endIndex === ch.offset) {
      last.chars.push(ch);
      last.span.endIndex = ch.offset + ch.length;
    } else {
      runs.push({ hiddenClass, chars: [ch], span: { startIndex: ch.offset, endIndex: ch.offset + ch.length } });
    }
  }
  return runs;
}

function scan(text: string): HiddenChar[] {
  const chars: HiddenChar[] = [];
  ANY_HIDDEN_GLOBAL.lastIndex = 0;
  for (let m = ANY_HIDDEN_GLOBAL.exec(text); m; m = ANY_HIDDEN_GLOBAL.exec(text)) {
    const cp = m[0].codePointAt(0) ?? 0;
    chars.push({ offset: m.index, cp, length: m[0].length, hiddenClass: classOf(cp), legitimate: false });
  }
  // Runs of adjacent hidden characters are judged together: the visible neighbours of the run are
  // what a ZWJ joins or a variation selector varies.
  for (let i = 0; i < chars.length;) {
    let j = i + 1;
    while (j < chars.length && chars[j].offset === chars[j - 1].offset + chars[j - 1].length) j++;
    judgeRun(text, chars.slice(i, j));
    i = j;
  }
  return chars;
}

function codePointBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function codePointAt(text: string, offset: number): string {
  return offset < text.length ? String.fromCodePoint(text.codePointAt(offset) ?? 0) : '';
}

function judgeRun(text: string, run: HiddenChar[]): void {
  const start = run[0].offset;
  const end = run[run.length - 1].offset + run[run.length - 1].length;
  const before = codePointBefore(text, start);
  const after = codePointAt(text, end);
  // An emoji tag sequence (🏴 + tag letters/digits + CANCEL TAG) is how subdivision flags are spelled.
  const tagsAt = run.findIndex((c) => c.hiddenClass === 'tag');
  if (tagsAt >= 0) judgeTagSequence(run, tagsAt, tagsAt === 0 ? before : codePointBefore(text, run[tagsAt].offset));
  run.forEach((ch, index) => {
    if (ch.hiddenClass === 'tag') return;
    if (ch.hiddenClass === 'variation-selector') {
      // One selector right after a visible base varies it (VS16 emoji, VS15 text, ideographic variants).
      const next = run[index + 1];
      ch.legitimate = index === 0 && before !== '' && VARIATION_BASE.test(before) && next?.hiddenClass !== 'variation-selector';
      return;
    }
    if (ch.hiddenClass === 'invisible') judgeInvisible(text, ch, before, after, run, index);
  });
}

function judgeTagSequence(run: HiddenChar[], from: number, base: string): void {
  let to = from;
  while (to < run.length && run[to].hiddenClass === 'tag') to++;
  const tags = run.slice(from, to);
  const spec = tags.slice(0, -1);
  const legitimate = base !== '' && /\p{Emoji}/u.test(base) && tags[tags.length - 1].cp === 0xe007f
    && spec.length >= 2 && spec.length <= 7
    && spec.every((t) => (t.cp >= 0xe0030 && t.cp <= 0xe0039) || (t.cp >= 0xe0061 && t.cp <= 0xe007a));
  for (const t of tags) t.legitimate = legitimate;
}

function judgeInvisible(text: string, ch: HiddenChar, before: string, after: string, run: HiddenChar[], index: number): void {
  // A selector or joiner inside the run (VS16 before ZWJ in 🏳️‍🌈) still belongs to the emoji.
  const emojiBefore = PICTOGRAPH.test(before) || EMOJI_MODIFIER.test(before);
  // Alone: the only invisible character of its run, apart from selectors and direction marks beside it.
  const alone = run.length === 1 || run.every((c, i) => i === index || c.hiddenClass === 'variation-selector' || c.cp === 0x200e || c.cp === 0x200f || c.cp === 0x061c);
  // A doubled joiner or space inside a word of a script that uses it is a typing slip, not a payload.
  const fewOfTheSame = run.length <= 3 && run.every((c) => c.cp === ch.cp || c.hiddenClass === 'variation-selector' || c.cp === 0x200e || c.cp === 0x200f);
  const joiningWord = JOINING_SCRIPT_LETTER.test(before) || JOINING_SCRIPT_LETTER.test(after);
  switch (ch.cp) {
    case 0x200d: // ZERO WIDTH JOINER: inside emoji sequences; half forms and chillu letters of Indic words, Arabic joining
      ch.legitimate = (alone && emojiBefore && PICTOGRAPH.test(after)) || (fewOfTheSame && joiningWord);
      return;
    case 0x200c: // ZERO WIDTH NON-JOINER: Persian and Indic words
      ch.legitimate = fewOfTheSame && joiningWord;
      return;
    case 0x200b: // ZERO WIDTH SPACE: a word break in scripts without spaces; `@​name` / `#​12` that must not link
    case 0x2060: // WORD JOINER
      ch.legitimate = (fewOfTheSame && (NO_SPACE_SCRIPT_LETTER.test(before) || NO_SPACE_SCRIPT_LETTER.test(after)))
        || (alone && (before === '@' || before === '#'))
        // Next to a space or punctuation it splits no word or name (translation tools leave "​​" before words);
        // a longer run may be a payload.
        || (run.length <= 3 && !(WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after)));
      return;
    case 0x200e: // LEFT-TO-RIGHT MARK: changes nothing in left-to-right text, fixes neutrals in right-to-left text
      ch.legitimate = true;
      return;
    case 0x200f: case 0x061c: // right-to-left marks only belong next to right-to-left text
      ch.legitimate = RTL_LETTER.test(lineAround(text, ch.offset));
      return;
    case 0x00ad: // SOFT HYPHEN: a hyphenation hint inside a word
      ch.hyphenation = alone && LETTER.test(before) && LETTER.test(after);
      ch.legitimate = ch.hyphenation;
      return;
    case 0x034f: // COMBINING GRAPHEME JOINER keeps marks of Hebrew, Arabic … apart
      ch.legitimate = alone && NON_LATIN_LETTER.test(before);
      return;
    case 0x180b: case 0x180c: case 0x180d: case 0x180e: case 0x180f:
      ch.legitimate = MONGOLIAN.test(before) || MONGOLIAN.test(after);
      return;
    case 0x17b4: case 0x17b5:
      ch.legitimate = KHMER.test(before) || KHMER.test(after);
      return;
    case 0x115f: case 0x1160:
      ch.legitimate = HANGUL_JAMO.test(before) || HANGUL_JAMO.test(after);
      return;
    case 0xfeff: // a byte order mark is only a mark at the very start
      ch.legitimate = ch.offset === 0;
      return;
    default:
      ch.legitimate = false;
  }
}

const WORD_CHARACTER = /[\p{L}\p{M}\p{N}_$]/u;

function lineAround(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  return text.slice(start, end);
}
