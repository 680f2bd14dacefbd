import type { Severity } from '../types';
import type { RuleLanguage } from '../languages';

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

export interface RuleExample { language?: RuleLanguage; code: string }

/** A rule as written in rules/<language>/<id>.yaml (after schema validation). */
export interface RuleSpec {
  id: string;
  title: string;
  message: string;
  severity: Severity;
  languages: RuleLanguage[];
  category: string;
  cwe: number[];
  query: string;
  options?: Record<string, unknown>;
  fix?: RuleFixSpec;
  docs: string;
  /** Optional external reference, shown next to the docs. */
  url?: string;
  examples: { bad: Array<string | RuleExample>; good: Array<string | RuleExample> };
}

export interface LoadedRule extends RuleSpec {
  /** Path of the rule file, for messages and docs links. */
  file: string;
}

export interface RuleLoadError {
  file: string;
  field?: string;
  message: string;
}

export function formatRuleLoadError(e: RuleLoadError): string {
  return e.field ? `${e.file}: field "${e.field}" ${e.message}` : `${e.file}: ${e.message}`;
}
