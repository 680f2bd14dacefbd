import type { Severity } from '../types';
import type { RuleLanguage, TextRuleLanguage } from '../languages';
import type { ExpectedFinding } from './exampleMarkers';

export interface RuleFixSpec {
  /** Shown in the quick-fix menu. */
  title: string;
  /** Replacement text; `{{name}}` inserts the text of capture `name` or a variable set by the check. */
  replace: string;
  /** Capture whose node is replaced; defaults to `match`. */
  target?: string;
  /** A line that must exist in the file for the fix to compile (e.g. `import secrets`); added if missing. */
  ensureImport?: string;
}

export interface RuleExample {
  language?: RuleLanguage | TextRuleLanguage;
  /** The file the example stands for (e.g. `AGENTS.md`, `package.json`); a default per language otherwise. */
  path?: string;
  code: string;
  /** Bad examples, once loaded: the findings their line markers promise (exampleMarkers.ts); the markers are gone from `code`. */
  expected?: ExpectedFinding[];
}

/** The message id a check reports when it names none. */
export const DEFAULT_MESSAGE_ID = 'default';

/**
 * A rule as written in rules/<area>/<id>.yaml (after schema validation). Two kinds:
 * - a **query rule** has a tree-sitter `query` (and, when it needs one, a check run per match);
 * - a **text rule** has no query: its text check reads the whole text of any file whose
 *   kind its `languages` list (Markdown, JSON, … or `any`), with the syntax tree when there is one.
 */
export interface RuleSpec {
  id: string;
  title: string;
  /** Message templates by id; `{{name}}` inserts a capture's text or a value the check reports. `default` unless the check names another. */
  messages: Record<string, string>;
  severity: Severity;
  languages: Array<RuleLanguage | TextRuleLanguage>;
  category: string;
  cwe: number[];
  query?: string;
  fix?: RuleFixSpec;
  /** Text rules: titles of the quick fixes the check offers (documentation; the example tests hold the check to it). */
  fixes?: string[];
  docs: string;
  examples: { bad: Array<string | RuleExample>; good: Array<string | RuleExample> };
}

export interface LoadedRule extends RuleSpec {
  /** Examples as objects, bad ones with the findings their markers promise. */
  examples: { bad: RuleExample[]; good: RuleExample[] };
  /** Path of the rule file, for messages and docs links. */
  file: string;
}

/** A rule that has a tree-sitter query. */
export type QueryRule = LoadedRule & { query: string };
/** A rule without a query: a text check over the whole file. */
export type TextRule = LoadedRule & { query?: undefined };

export function isQueryRule(rule: LoadedRule): rule is QueryRule {
  return rule.query !== undefined;
}

export function isTextRule(rule: LoadedRule): rule is TextRule {
  return rule.query === undefined;
}

/** The template of `messageId` (or the default message), for a finding of `rule`. */
export function messageTemplate(rule: RuleSpec, messageId: string = DEFAULT_MESSAGE_ID): string {
  return rule.messages[messageId] ?? rule.messages[DEFAULT_MESSAGE_ID] ?? Object.values(rule.messages)[0] ?? rule.title;
}

export interface RuleLoadError {
  file: string;
  field?: string;
  message: string;
}

export function formatRuleLoadError(e: RuleLoadError): string {
  return e.field ? `${e.file}: field "${e.field}" ${e.message}` : `${e.file}: ${e.message}`;
}
