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
/** Edits of a file other than the finding's own (e.g. the manifest that also names a package). */
export interface FileEdits { filePath: string; edits: TextEdit[] }
export interface Fix {
  title: string;
  /** Edits of the finding's own file. */
  edits: TextEdit[];
  /** Edits of other files, applied together with `edits`. */
  otherFiles?: FileEdits[];
}

/** Another place that explains a finding: where a tainted value came from, the manifest line of an import. */
export interface RelatedLocation {
  /** Absent: the finding's own file. */
  filePath?: string;
  range: TextRange;
  message: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  message: string;
  /** Which of the rule's `messages` the message was made from (rule findings only). */
  messageId?: string;
  severity: Severity;
  category: string;
  cwe: number[];
  range: TextRange;
  /** Offsets of `range`, kept so callers can compare with regions without re-deriving them. */
  span: OffsetSpan;
  /** Quick fixes, the preferred one first. */
  fixes?: Fix[];
  related?: RelatedLocation[];
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
