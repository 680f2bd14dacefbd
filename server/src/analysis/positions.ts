/**
 * Every conversion between the ways AI Guard names a place in a text, in one module:
 *
 * - **offset**: a UTF-16 code-unit index into the JavaScript string (what `text.slice` takes, and
 *   what web-tree-sitter's `startIndex`/`endIndex` are for a UTF-16 parse);
 * - **LSP position**: zero-based line and UTF-16 character, where a line ends at `\n`, `\r\n` or a
 *   lone `\r` (LSP 3.17 "Position"; VS Code counts the same way);
 * - **tree-sitter point**: zero-based row and column, where only `\n` ends a row — tree-sitter's own
 *   convention, needed for `Tree.edit()` and nothing else;
 * - **report line**: the one-based line number printed by the CLI, the gate and SARIF.
 *
 * Findings, fixes, regions and CodeLens ranges are LSP positions computed from offsets through a
 * `LineIndex`; a node's `startPosition` is never used as an LSP position, because it disagrees with
 * LSP on any file with lone `\r` line breaks.
 */
import type { Position, TextRange, OffsetSpan } from './types';

/** Zero-based row and column counting only `\n` as a line break (tree-sitter's Point). */
export interface TreeSitterPoint { row: number; column: number }

/**
 * The line starts of one text under LSP's line-break rules, built in one linear pass; every lookup
 * is a binary search. Build it once per text and share it (it is immutable).
 */
export class LineIndex {
  /** Offset at which each line starts; `starts[0]` is 0. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0a /* \n */) starts.push(i + 1);
      else if (ch === 0x0d /* \r */) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where zero-based `line` starts (the text's length past the last line). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  /** Offset just before the line break of zero-based `line` (the line's content end). */
  lineContentEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }

  /** Offset after the line break of zero-based `line` (= start of the next line, or the text's end). */
  lineEnd(line: number): number {
    return this.lineStart(line + 1);
  }

  /** The text of zero-based `line` without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineContentEnd(line));
  }

  /** Zero-based line containing `offset` (clamped to the text). */
  lineAt(offset: number): number {
    const target = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The LSP position of `offset` (clamped to the text). An offset between the `\r` and the `\n` of
   * a CRLF is not a place in either line: like vscode-languageserver-textdocument, it maps to the
   * line's end, before the `\r`.
   */
  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    if (clamped > 0 && this.text.charCodeAt(clamped) === 0x0a && this.text.charCodeAt(clamped - 1) === 0x0d) clamped--;
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  /** The offset of an LSP position; a character past the line's end stops at the line break. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineContentEnd(position.line));
  }

  rangeOf(span: OffsetSpan): TextRange {
    return { start: this.positionAt(span.startIndex), end: this.positionAt(span.endIndex) };
  }

  spanOf(range: TextRange): OffsetSpan {
    return { startIndex: this.offsetAt(range.start), endIndex: this.offsetAt(range.end) };
  }

  /** One-based report line of `offset`. */
  reportLineAt(offset: number): number {
    return toReportLine(this.lineAt(offset));
  }

  /**
   * Spans covering one-based, inclusive line ranges, each with its line break (so an edit at the
   * end of the last line still counts as inside).
   */
  spansOfReportLines(ranges: ReadonlyArray<{ start: number; end: number }>): OffsetSpan[] {
    return ranges
      .filter((r) => r.start <= this.starts.length && r.end >= r.start)
      .map((r) => ({ startIndex: this.lineStart(fromReportLine(r.start)), endIndex: this.lineEnd(fromReportLine(Math.min(r.end, this.starts.length))) }));
  }
}

/** Zero-based LSP line → one-based line as people (CLI, gate, SARIF) count. */
export function toReportLine(zeroBasedLine: number): number {
  return zeroBasedLine + 1;
}

/** One-based line as people count → zero-based LSP line. */
export function fromReportLine(oneBasedLine: number): number {
  return oneBasedLine - 1;
}

/**
 * The tree-sitter point of `offset`: rows end only at `\n`. Only for `Tree.edit()`; never shown to
 * anyone and never an LSP position.
 */
export function treeSitterPointAt(text: string, offset: number): TreeSitterPoint {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
