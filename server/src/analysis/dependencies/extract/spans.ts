/** Span helpers shared by the extractors. */
import type { OffsetSpan } from '../../types';

export function intersectsAny(spans: readonly OffsetSpan[] | undefined, start: number, end: number): boolean {
  return !spans || spans.some((s) => start <= s.endIndex && s.startIndex <= end);
}

/**
 * What deleting `span` should delete: the whole line(s) when nothing else stands on them (so no
 * blank line is left behind), else exactly the span.
 */
export function wholeLinesOf(text: string, span: OffsetSpan): OffsetSpan {
  let start = span.startIndex;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = span.endIndex;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === ';')) end++;
  const atLineStart = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  const atLineEnd = end === text.length || text[end] === '\n' || text[end] === '\r';
  if (!atLineStart || !atLineEnd) return span;
  if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
  else if (end < text.length) end += 1;
  return { startIndex: start, endIndex: end };
}

/** `span` shifted by `offset` (a snippet's position in its file). */
export function shifted(span: OffsetSpan, offset: number): OffsetSpan {
  return { startIndex: span.startIndex + offset, endIndex: span.endIndex + offset };
}

/**
 * What deleting one entry of a comma-separated list (a JSON property, a TOML array item) deletes:
 * the entry with the comma after it (whole lines when it stands alone on them), or, for the last
 * entry, the comma before it, so the list stays valid.
 */
export function listEntryRemoval(text: string, start: number, end: number): OffsetSpan {
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  if (text[after] === ',') return wholeLinesOf(text, { startIndex: start, endIndex: after + 1 });
  let before = start;
  while (before > 0 && /\s/.test(text[before - 1])) before--;
  if (text[before - 1] === ',') return { startIndex: before - 1, endIndex: end };
  return wholeLinesOf(text, { startIndex: start, endIndex: end });
}

/** Only spaces or tabs stand between the line start and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r';
}
