/** Small helpers shared by the Python checks: callee tests and text edits for fixes. */
import type { Node, Tree } from 'web-tree-sitter';
import { callArguments, calleeNames, isRequestDerived } from '../../dataflow/python';

/** The call a check's `@match` (or a named capture) belongs to. */
export function enclosingCall(node: Node): Node | undefined {
  for (let p: Node | null = node; p; p = p.parent) if (p.type === 'call') return p;
  return undefined;
}

/** The first of the call's qualified callee names that is in `wanted`. */
export function calleeIn(call: Node, wanted: ReadonlySet<string>): string | undefined {
  const matching = calleeNames(call).filter((name) => wanted.has(name));
  return matching.length > 0 ? displayName(call, matching) : undefined;
}

/** `outer`'s text with `inner` (a node inside it) replaced. */
export function replaceWithin(outer: Node, inner: Node, replacement: string): string {
  const text = outer.text;
  return text.slice(0, inner.startIndex - outer.startIndex) + replacement + text.slice(inner.endIndex - outer.startIndex);
}

/**
 * The call's text with `keyword=value` added as the last argument. A call whose arguments are
 * laid out one per line gets the new argument on its own line, with the same indentation.
 */
export function withKeywordArgument(call: Node, argument: string): string | undefined {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  const close = args.lastChild;
  if (close?.type !== ')') return undefined;
  const existing = callArguments(call);
  const last = existing[existing.length - 1];
  if (!last) return replaceWithin(call, close, `${argument})`);
  const trailingComma = close.previousSibling?.type === ',';
  const commentAfterLast = args.namedChildren.some((c) => c?.type === 'comment' && c.startIndex > last.endIndex);
  if (close.startPosition.row > last.endPosition.row && !commentAfterLast) {
    const indent = ' '.repeat(last.startPosition.column);
    const text = call.text;
    const head = text.slice(0, last.endIndex - call.startIndex);
    return `${head},\n${indent}${argument}${trailingComma ? ',' : ''}\n${' '.repeat(close.startPosition.column)})`;
  }
  return replaceWithin(call, close, `${trailingComma ? ' ' : ', '}${argument})`);
}

/** The rules' `request-input` message when `node` carries HTTP request data; their default otherwise. */
export function requestInputMessage(node: Node): 'request-input' | undefined {
  return isRequestDerived(node) ? 'request-input' : undefined;
}

/** The callee as the user wrote it when that is one of `candidates` (`pickle.load`), else the first candidate. */
export function displayName(call: Node, candidates: string[]): string {
  const written = call.childForFieldName('function')?.text;
  return candidates.find((c) => c === written) ?? candidates[0] ?? written ?? '';
}

/** `x.y.z` → `z`. */
export function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** Strips string quotes/prefixes: `'DEBUG'` → `DEBUG`; undefined for non-literal or interpolated strings. */
export function stringValue(node: Node): string | undefined {
  if (node.type !== 'string' || node.descendantsOfType('interpolation').length > 0) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c?.text ?? '').join('');
}

/** Source text for a message: whitespace collapsed, cut to `max` characters. */
export function brief(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const renamedImports = new WeakMap<Tree, Set<string>>();

/**
 * `sh` after `from os import system as sh`: a name some import renames. Rules whose query matches
 * every bare call (to catch renamed functions) test this first, so ordinary calls cost one lookup.
 */
export function isRenamedImport(name: Node): boolean {
  let names = renamedImports.get(name.tree);
  if (!names) {
    names = new Set();
    for (const aliased of name.tree.rootNode.descendantsOfType('aliased_import')) {
      const alias = aliased?.parent?.type === 'import_from_statement' ? aliased.childForFieldName('alias') : undefined;
      if (alias) names.add(alias.text);
    }
    renamedImports.set(name.tree, names);
  }
  return names.has(name.text);
}
