/**
 * Reported runs grouped by line, with the span a squiggle should cover: hidden characters have no
 * width, so the finding spans the visible words they sit between (or the run alone on an empty line).
 */
import type { LineIndex } from '../../positions';
import type { OffsetSpan } from '../../types';
import type { HiddenRun } from './hiddenRuns';

export interface LineGroup {
  runs: HiddenRun[];
  span: OffsetSpan;
}

const WORD = /[^\s]/u;

export function groupByLine(text: string, lines: LineIndex, runs: readonly HiddenRun[]): LineGroup[] {
  const groups: LineGroup[] = [];
  let currentLine = -1;
  for (const run of runs) {
    const line = lines.lineAt(run.span.startIndex);
    if (line !== currentLine || groups.length === 0) {
      groups.push({ runs: [run], span: { ...run.span } });
      currentLine = line;
    } else {
      const group = groups[groups.length - 1];
      group.runs.push(run);
      group.span.endIndex = run.span.endIndex;
    }
  }
  for (const group of groups) widen(text, lines, group);
  return groups;
}

/** Out to the ends of the neighbouring words, staying on the line. */
function widen(text: string, lines: LineIndex, group: LineGroup): void {
  const line = lines.lineAt(group.span.startIndex);
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineContentEnd(line);
  let start = group.span.startIndex;
  while (start > lineStart && WORD.test(text[start - 1])) start--;
  let end = group.span.endIndex;
  while (end < lineEnd && WORD.test(text[end])) end++;
  group.span = { startIndex: start, endIndex: Math.max(end, group.span.endIndex) };
}
