/**
 * Zero-width and other invisible characters (ZWSP, ZWNJ, ZWJ, word joiner, invisible math operators,
 * soft hyphen, a BOM that is not at the start, Hangul and Khmer fillers, the Mongolian vowel
 * separator, stray direction marks, interlinear annotation controls). They split identifiers that
 * look whole (`admin` vs `adm​in`), make strings that look equal differ, and hide words from a reader.
 * Legitimate uses are left alone (hiddenRuns.ts): emoji sequences, joiners in Persian or Indic
 * words, word breaks in Thai or Japanese, `@​name` escapes, soft hyphens inside words of prose.
 * A run of two distinct invisible characters that decodes as binary text is reported with the text.
 */
import type { TextCheck } from '../../checks/checkTypes';
import { isAgentFile } from '../agentFiles';
import { describeCodePoint } from './characters';
import { decodeBinary, printable, spellRun } from './decode';
import { hiddenChars, hiddenRuns } from './hiddenRuns';
import { groupByLine } from './lineGroups';
import { context, inScope, removeFix } from './reporting';
import { intentSummary } from '../promptInjection/intentSummary';
import type { Node } from 'web-tree-sitter';
import type { HiddenRun } from './hiddenRuns';

const STRING_NODE = /^(?:string|template_string|interpreted_string_literal|raw_string_literal|string_literal)$/;
const DIRECTION_MARKS = new Set([0x200e, 0x200f, 0x061c]);
const QUOTES_BEFORE = /^[A-Za-z]*(?:"""|'''|["'`])/;
const QUOTES_AFTER = /(?:"""|'''|["'`])$/;

/**
 * In parsed code, a string literal that is nothing but the character (`ZWSP = '​'`, an HTML entity
 * table, `text.replace('​', '')`) spells the character on purpose, and direction marks in a string
 * format right-to-left output (an Arabic date format): neither hides anything from a reader.
 */
function meantInString(root: Node, run: HiddenRun): boolean {
  let node: Node | null = root.descendantForIndex(run.span.startIndex, run.span.endIndex);
  while (node && !STRING_NODE.test(node.type)) node = node.parent;
  if (!node || node.startIndex > run.span.startIndex || node.endIndex < run.span.endIndex) return false;
  if (run.chars.every((c) => DIRECTION_MARKS.has(c.cp))) return true;
  const content = node.text.replace(QUOTES_BEFORE, '').replace(QUOTES_AFTER, '');
  return content.length === run.span.endIndex - run.span.startIndex;
}


/** Prose, where a soft hyphen between letters is a hyphenation hint, not a hidden character. */
const PROSE_KINDS = new Set(['markdown', 'text']);

export const hiddenUnicodeInvisible: TextCheck = function* ({ text, lines, spans, kind, filePath, syntax }) {
  if (hiddenChars(text).length === 0) return;
  const hyphenationIsHidden = !PROSE_KINDS.has(kind) || isAgentFile(filePath);
  const runs = hiddenRuns(text, 'invisible', { hyphenationIsHidden })
    .filter((run) => inScope(spans, run.span) && !(syntax && meantInString(syntax.tree.rootNode, run)));
  for (const group of groupByLine(text, lines, runs)) {
    const all = group.runs.flatMap((r) => r.chars);
    const decoded = group.runs.map((r) => decodeBinary(r.chars)).find((d) => d !== undefined);
    const names = [...new Set(all.map((c) => describeCodePoint(c.cp)))];
    yield {
      span: group.span,
      messageId: decoded ? 'binary' : 'default',
      vars: {
        count: String(all.length),
        chars: names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : ''),
        context: printable(context(text, group.runs[0]), 90),
        spelled: spellRun(all),
        hidden: decoded ? printable(decoded) : '',
        effect: decoded ? intentSummary(decoded) : '',
      },
      fixes: [removeFix('Remove the invisible characters', group.runs)],
    };
  }
};
