/**
 * What the request-input rules (js-open-redirect, js-ssrf, js-path-traversal, js-regex-from-input)
 * share: a finding when the value reaching their sink carries request input (dataflow/javascript/taint.ts),
 * with the sink's text and the input's source for the message.
 */
import type { Node } from 'web-tree-sitter';
import type { CheckReport } from '../checkTypes';
import { resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { requestSource, type TaintOptions } from '../../dataflow/javascript/taint';

/** Short, one-line text of a node for messages. */
export function snippet(node: Node): string {
  const line = node.text.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** A report naming `target` and the request input it carries; undefined when it carries none. */
export function requestInputReport(target: Node, options: TaintOptions): CheckReport | undefined {
  const source = requestSource(target, options);
  return source ? { vars: { target: snippet(target), source: snippet(source) } } : undefined;
}

/** The call's arguments, comments left out. */
export function callArguments(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/** The object literal `node` is, or the one a local it names was initialised with. */
export function objectLiteralOf(node: Node): Node | undefined {
  const n = unwrap(node);
  if (n.type === 'object') return n;
  if (n.type !== 'identifier') return undefined;
  const init = resolveBinding(n, n.text)?.init;
  return init && unwrap(init).type === 'object' ? unwrap(init) : undefined;
}
