/**
 * Text smuggled in characters nobody sees. Unicode tag characters (U+E0000–E007F) mirror ASCII and
 * render as nothing: "ASCII smuggling" hides whole instructions in a line that looks empty, and
 * models read them. Runs of variation selectors carry one byte each ("emoji smuggling": an emoji
 * followed by dozens of selectors looks like one emoji). Both are decoded into the finding.
 * Not reported: flag emoji spelled with tags (🏴 + `gbeng` + CANCEL TAG), one selector after its
 * base (VS16 after an emoji, VS15 after a symbol, ideographic variation sequences).
 */
import type { TextCheck } from '../../checks/checkTypes';
import { bytesAsText, decodeTags, hexBytes, printable, variationSelectorBytes } from './decode';
import { hiddenChars, hiddenRuns } from './hiddenRuns';
import { groupByLine } from './lineGroups';
import { inScope, removeFix } from './reporting';
import { intentSummary } from '../promptInjection/intentSummary';

export const hiddenUnicodeTagCharacters: TextCheck = function* ({ text, lines, spans }) {
  if (hiddenChars(text).length === 0) return;
  const runs = hiddenRuns(text, 'tag').filter((run) => inScope(spans, run.span));
  for (const group of groupByLine(text, lines, runs)) {
    const chars = group.runs.flatMap((r) => r.chars);
    const hidden = decodeTags(chars);
    yield {
      span: group.span,
      messageId: hidden.trim() ? 'default' : 'noText',
      vars: { count: String(chars.length), hidden: printable(hidden, 240), effect: intentSummary(hidden) },
      fixes: [removeFix('Remove the hidden tag characters', group.runs)],
    };
  }
};

export const hiddenUnicodeVariationSelectors: TextCheck = function* ({ text, lines, spans }) {
  if (hiddenChars(text).length === 0) return;
  const runs = hiddenRuns(text, 'variation-selector').filter((run) => inScope(spans, run.span));
  for (const group of groupByLine(text, lines, runs)) {
    const chars = group.runs.flatMap((r) => r.chars);
    // One stray selector (no base before it) varies nothing and carries no message: not worth a finding.
    if (chars.length < 2) continue;
    const bytes = variationSelectorBytes(chars);
    const decoded = bytesAsText(bytes);
    yield {
      span: group.span,
      messageId: decoded ? 'default' : 'bytes',
      vars: {
        count: String(chars.length),
        hidden: decoded ? printable(decoded, 240) : '',
        bytes: hexBytes(bytes),
        effect: decoded ? intentSummary(decoded) : '',
      },
      fixes: [removeFix('Remove the hidden variation selectors', group.runs)],
    };
  }
};
