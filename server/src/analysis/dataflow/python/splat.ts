/**
 * Keyword arguments passed through a dict: `opts = {"shell": True}; Popen(cmd, **opts)`,
 * `requests.get(url, **dict(verify=False))`. Both directions: the value a call receives for a
 * keyword through `**`, and the calls a dict literal is spread into.
 */
import type { Node } from 'web-tree-sitter';
import { reachingBindings, resolveName } from './scopes';
import { callArguments, qualifiedNames, reachingValues, unwrap } from './values';

/** A dict display or a `dict(...)` call: the two ways to write keyword arguments as a value. */
function isDictBuilder(node: Node): boolean {
  return node.type === 'dictionary' || (node.type === 'call' && qualifiedNames(node.childForFieldName('function') ?? node).includes('dict'));
}

/** The value `key` has in a dict display (`{"shell": True}`) or `dict(shell=True)`. */
function dictEntry(dict: Node, key: string): Node | undefined {
  if (dict.type === 'dictionary') {
    for (const pair of dict.namedChildren) {
      const k = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      if (k?.type === 'string' && k.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c?.text).join('') === key) {
        return pair?.childForFieldName('value') ?? undefined;
      }
    }
    return undefined;
  }
  const kw = callArguments(dict).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === key);
  return kw?.childForFieldName('value') ?? undefined;
}

/**
 * The value keyword `key` gets through a `**` argument of `call`, when the spread dict is written
 * in the call or held by a variable assigned from a dict display / `dict(...)`.
 */
export function splatKeyword(call: Node, key: string): Node | undefined {
  for (const arg of callArguments(call)) {
    if (arg.type !== 'dictionary_splat') continue;
    const spread = arg.namedChildren[0];
    if (!spread) continue;
    const s = unwrap(spread);
    const dicts = s.type === 'identifier' ? reachingValues(s).values : [s];
    for (const dict of dicts) {
      const value = isDictBuilder(dict) ? dictEntry(dict, key) : undefined;
      if (value) return value;
    }
  }
  return undefined;
}

/**
 * The calls that receive the dict built by `dict` (a display or `dict(...)`) as `**` keyword
 * arguments: written in place (`f(**{...})`) or through the variable it is assigned to, in the
 * scope of that variable.
 */
export function splatTargets(dict: Node): Node[] {
  let node = dict;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'dictionary_splat') {
    const call = parent.parent?.type === 'argument_list' ? parent.parent.parent : undefined;
    return call?.type === 'call' ? [call] : [];
  }
  const target = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id ? parent.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier') return [];
  const scope = resolveName(target, target.text)?.scope;
  if (!scope) return [];
  const calls: Node[] = [];
  for (const splat of scope.descendantsOfType('dictionary_splat')) {
    const spread = splat?.namedChildren[0];
    if (!splat || spread?.type !== 'identifier' || spread.text !== target.text) continue;
    if (!reachingBindings(spread).some((b) => b.target.id === target.id)) continue;
    const call = splat.parent?.type === 'argument_list' ? splat.parent.parent : undefined;
    if (call?.type === 'call') calls.push(call);
  }
  return calls;
}
