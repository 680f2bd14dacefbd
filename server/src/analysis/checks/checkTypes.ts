import type { Node } from 'web-tree-sitter';
import type { GrammarId } from '../languages';

/** What a named check sees for one query match. */
export interface CheckContext {
  /** The node captured as `@match` (what gets reported unless the check says otherwise). */
  match: Node;
  /** First node of each capture name in this match. */
  captures: Record<string, Node>;
  grammar: GrammarId;
  filePath: string;
  /** The rule's `options` from its YAML file. */
  options: Record<string, unknown>;
}

export interface CheckReport {
  /** Report this node instead of `@match`. */
  node?: Node;
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
