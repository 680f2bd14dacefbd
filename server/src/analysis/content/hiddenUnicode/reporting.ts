/** Pieces the hidden-Unicode checks share: scope tests, the "remove the run" fix, and the line a run sits in, spelled out. */
import type { TextCheckFix } from '../../checks/checkTypes';
import type { OffsetSpan } from '../../types';
import { shortName } from './characters';
import type { HiddenRun } from './hiddenRuns';

export function inScope(spans: readonly OffsetSpan[] | undefined, span: OffsetSpan): boolean {
  return !spans || spans.some((s) => span.startIndex < s.endIndex && span.endIndex > s.startIndex);
}

export function removeFix(title: string, runs: readonly HiddenRun[]): TextCheckFix {
  return { title, edits: runs.map((run) => ({ span: run.span, newText: '' })) };
}

/**
 * Up to 30 visible characters on each side of the run on its line, the run itself shown as `⟨…⟩`
 * markers (at most three of them): where it hides, in a form the hover can show.
 */
export function context(text: string, run: HiddenRun): string {
  const lineStart = text.lastIndexOf('\n', run.span.startIndex - 1) + 1;
  let lineEnd = text.indexOf('\n', run.span.endIndex);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(Math.max(lineStart, run.span.startIndex - 30), run.span.startIndex).trimStart();
  const after = text.slice(run.span.endIndex, Math.min(lineEnd, run.span.endIndex + 30)).replace(/\r$/, '').trimEnd();
  const shown = run.chars.length <= 3 ? run.chars.map((c) => `⟨${shortName(c.cp)}⟩`).join('') : `⟨${run.chars.length} hidden⟩`;
  return `${before}${shown}${after}`;
}

/** The whole reported stretch: from the first run's start to the last one's end (for one finding per line). */
export function spanOf(runs: readonly HiddenRun[]): OffsetSpan {
  return { startIndex: runs[0].span.startIndex, endIndex: runs[runs.length - 1].span.endIndex };
}
