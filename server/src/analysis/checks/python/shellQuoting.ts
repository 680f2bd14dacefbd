/** What makes a value safe inside a shell command line, for py-subprocess-shell and py-os-system. */
import type { Node } from 'web-tree-sitter';
import { calleeNames } from '../../dataflow/python';
import { isNumericExpression } from './stringBuilding';

const QUOTING_FUNCTIONS = new Set(['shlex.quote', 'pipes.quote', 'shlex.join']);

/** A value that cannot break out of its place in a shell command line. */
export function shellSafeLeaf(node: Node): boolean {
  return isNumericExpression(node) || (node.type === 'call' && calleeNames(node).some((q) => QUOTING_FUNCTIONS.has(q)));
}
