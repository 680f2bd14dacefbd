/** Plain data shared by the engine and its front doors (LSP server, CLI, gate). No protocol types here. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}

/** Zero-based line and UTF-16 character, the same convention as LSP and tree-sitter here. */
export interface Position { line: number; character: number }
export interface TextRange { start: Position; end: Position }
/** Half-open UTF-16 offset span of the document text. */
export interface OffsetSpan { startIndex: number; endIndex: number }

export interface TextEdit { range: TextRange; newText: string }
export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  ruleId: string;
  title: string;
  message: string;
  severity: Severity;
  category: string;
  cwe: number[];
  range: TextRange;
  /** Offsets of `range`, kept so callers can compare with regions without re-deriving them. */
  span: OffsetSpan;
  fix?: Fix;
}

/**
 * One content change of a document as the editor reports it: offsets are UTF-16 and relative to
 * the text *before* this change (changes of one edit are applied in order). The insertion
 * detector and the incremental parser both consume exactly this.
 */
export interface TextChange {
  start: number;
  end: number;
  insertedText: string;
  replacedText: string;
}
