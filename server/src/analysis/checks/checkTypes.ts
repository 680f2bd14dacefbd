import type { Node, Tree } from 'web-tree-sitter';
import type { DependencyEnvironment } from '../dependencies/environment';
import type { FileKind, GrammarId } from '../languages';
import type { LineIndex } from '../positions';
import type { FileEdits, OffsetSpan, TextRange } from '../types';

/** What a named check sees for one query match. */
export interface CheckContext {
  /** The node captured as `@match` (what gets reported unless the check says otherwise). */
  match: Node;
  /** First node of each capture name in this match. */
  captures: Record<string, Node>;
  grammar: GrammarId;
  filePath: string;
}

export interface CheckReport {
  /** Report this node instead of `@match`. */
  node?: Node;
  /** Which of the rule's `messages` to use (`default` when absent). */
  messageId?: string;
  /** Values for `{{name}}` placeholders in the message and fix. */
  vars?: Record<string, string>;
  /** Replace this node with the rule's fix (instead of its `target` capture), e.g. a whole expression built around the match. */
  fixNode?: Node;
  /** false: the rule's fix does not apply to this particular match. */
  fixApplies?: boolean;
}

/**
 * A check decides what a query cannot say: whether a value is a literal, where it flows, whether it
 * comes from request input. Return false (or undefined) to drop the match, true or a report to keep it.
 */
export type Check = (ctx: CheckContext) => boolean | CheckReport | undefined;

/** Parses a shell command line with the bash grammar and hands its tree to `use` (freed afterwards); undefined without the grammar. */
export type WithShellTree = <T>(command: string, use: (tree: Tree) => T) => T | undefined;

/** What a text check (the check of a rule without a query) sees: one whole file. */
export interface TextCheckContext {
  /** Absolute path, or the document URI when the file is not on disk. */
  filePath: string;
  text: string;
  kind: FileKind;
  /** Line starts of `text` under LSP's rules; use it for every offset/position conversion. */
  lines: LineIndex;
  /** The syntax tree when the file has a grammar (JS/TS/Python/Go). */
  syntax?: { tree: Tree; grammar: GrammarId };
  /**
   * The parts of the text in scope (AI regions, changed lines); the whole text when absent. Findings
   * outside are dropped by the runner anyway; a check over a big file may look only here.
   */
  spans?: readonly OffsetSpan[];
  /** Package facts, workspace knowledge and lookups for the dependency checks; they report nothing without it. */
  dependencies?: DependencyEnvironment;
  /** Parses a shell command with the bash grammar and hands over its tree (freed afterwards); undefined without it. */
  withShellTree?: WithShellTree;
}

export interface TextCheckFix {
  title: string;
  edits: Array<{ span: OffsetSpan; newText: string }>;
  /** Edits of other files (the manifest that names the same package). */
  otherFiles?: FileEdits[];
}

export interface TextCheckReport {
  /** What is reported (UTF-16 offsets of `text`). */
  span: OffsetSpan;
  /** Which of the rule's `messages` to use (`default` when absent). */
  messageId?: string;
  /** Values for `{{name}}` placeholders in the message. */
  vars?: Record<string, string>;
  /** Quick fixes, the preferred one first. */
  fixes?: TextCheckFix[];
  /** Other places that explain the finding: in this file (`span`) or another (`filePath` + `range`). */
  related?: Array<{ span: OffsetSpan; message: string } | { filePath: string; range: TextRange; message: string }>;
}

/** A check over one file's whole text: hidden Unicode, prompt injection, secrets, dependency names … */
export type TextCheck = (ctx: TextCheckContext) => Iterable<TextCheckReport>;
