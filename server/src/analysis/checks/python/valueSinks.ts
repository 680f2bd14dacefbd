/**
 * Where does a value end up? Follows an expression outward through string building and
 * pass-through calls to the names it is stored under (variable, attribute, dict key, keyword
 * argument, list it is appended to, function it is returned from), one or two variables deep.
 * Used to tell a random *token* from a random *delay* and a password hash from a cache key.
 */
import type { Node } from 'web-tree-sitter';
import { callArguments, calleeNames, enclosingFunction, resolveName, unwrap } from '../../dataflow/python';
import { stringValue } from './common';

/** Parents that carry their child's value on into a bigger value. */
const CARRIERS = new Set([
  'parenthesized_expression', 'binary_operator', 'unary_operator', 'conditional_expression', 'list', 'tuple', 'set',
  'expression_list', 'list_splat', 'interpolation', 'string', 'concatenated_string', 'await', 'subscript',
  'format_expression',
]);
const COMPREHENSIONS = new Set(['generator_expression', 'list_comprehension', 'set_comprehension']);
/** Functions whose result still carries (a transformation of) their argument. */
const PASS_THROUGH = new Set(['str', 'int', 'hex', 'oct', 'bin', 'format', 'bytes', 'abs', 'join', 'encode', 'hexdigest', 'digest', 'zfill', 'upper', 'lower', 'b64encode', 'urlsafe_b64encode', 'b32encode', 'b16encode']);
const APPENDERS = new Set(['append', 'extend', 'insert', 'add']);

/** The message the random and password-hash rules give for where a value goes: stored (default), compared or returned. */
export function sinkMessage(sink: NamedSink): 'compared' | 'returned' | undefined {
  return sink.via === 'function' ? 'returned' : sink.via === 'comparison' ? 'compared' : undefined;
}

export interface NamedSink {
  /** The name the value is stored under or returned from. */
  name: string;
  /** How: "variable", "function", "key", "argument", "attribute", "comparison". */
  via: string;
}

/**
 * Every name `value` is stored under, following plain variables up to `hops` times — but not
 * through a variable for which `follow(name)` is false (`token_length` says what the value is).
 */
export function sinkNames(value: Node, follow: (name: string) => boolean = () => true, hops = 2): NamedSink[] {
  const out: NamedSink[] = [];
  collect(value, { hops, out, seen: new Set(), follow });
  return out;
}

interface Walk {
  hops: number;
  out: NamedSink[];
  seen: Set<number>;
  follow: (name: string) => boolean;
}

function collect(value: Node, walk: Walk): void {
  const { out } = walk;
  let node = value;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (CARRIERS.has(parent.type)) continue;
    if (COMPREHENSIONS.has(parent.type)) {
      if (parent.childForFieldName('body')?.id === node.id) continue;
      return;
    }
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === node.id) {
      // `random.random().hex()`: the method's result carries the value on.
      const call = parent.parent;
      if (call?.type !== 'call' || !PASS_THROUGH.has(parent.childForFieldName('attribute')?.text ?? '')) return;
      parent = call;
      continue;
    }
    // `f(x)`, and `f(x for ...)` whose generator is the whole argument list.
    const isArgument = parent.type === 'argument_list' || (parent.type === 'call' && parent.childForFieldName('arguments')?.id === node.id);
    if (isArgument) {
      const call = parent.type === 'call' ? parent : parent.parent;
      if (call?.type !== 'call') return;
      const fn = call.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
      if (fn?.type === 'attribute' && APPENDERS.has(method)) {
        const target = fn.childForFieldName('object');
        if (target) storeInto(target, walk);
        return;
      }
      // `hmac.compare_digest(user.password_hash, value)`: an equality test, named by the other side.
      if (calleeNames(call).some((q) => q === 'hmac.compare_digest' || q === 'secrets.compare_digest')) {
        comparedWith(callArguments(call).filter((a) => a.id !== node.id), out);
        return;
      }
      const passes = PASS_THROUGH.has(method) || calleeNames(call).some((q) => PASS_THROUGH.has(q.slice(q.lastIndexOf('.') + 1)));
      if (!passes) return;
      parent = call;
      continue;
    }
    switch (parent.type) {
      case 'keyword_argument': {
        const name = parent.childForFieldName('name');
        if (name) out.push({ name: name.text, via: 'argument' });
        return;
      }
      case 'pair': {
        const key = parent.childForFieldName('key');
        const keyText = key && stringValue(key);
        if (keyText && parent.childForFieldName('value')?.id === node.id) out.push({ name: keyText, via: 'key' });
        return;
      }
      case 'assignment':
      case 'augmented_assignment': {
        if (parent.childForFieldName('right')?.id !== node.id) return;
        const target = parent.childForFieldName('left');
        if (target) storeInto(target, walk);
        return;
      }
      case 'comparison_operator': {
        // `user.password_hash == value`: the value is checked against (so is the same kind as) the other side.
        const operators = parent.children.filter((c) => !!c && !c.isNamed).map((c) => c?.text);
        if (operators.every((op) => op === '==' || op === '!=')) comparedWith(parent.namedChildren.filter((c): c is Node => !!c && c.id !== node.id), out);
        return;
      }
      case 'return_statement':
      case 'yield': {
        const fn = enclosingFunction(parent);
        const name = fn?.childForFieldName('name');
        if (name) out.push({ name: name.text, via: 'function' });
        return;
      }
      default:
        return;
    }
  }
}

/** Names of the values something is compared with: a variable, an attribute, a string key. */
function comparedWith(others: Node[], out: NamedSink[]): void {
  for (const other of others) {
    const o = unwrap(other);
    const name = o.type === 'identifier' ? o.text
      : o.type === 'attribute' ? o.childForFieldName('attribute')?.text
      : o.type === 'subscript' ? stringValue(o.childForFieldName('subscript') ?? o) : undefined;
    if (name) out.push({ name, via: 'comparison' });
  }
}

/** Records the name of an assignment target and, for a plain variable, follows its later uses. */
function storeInto(target: Node, walk: Walk): void {
  const { out, seen } = walk;
  if (target.type === 'attribute') {
    const attribute = target.childForFieldName('attribute');
    if (attribute) out.push({ name: attribute.text, via: 'attribute' });
    return;
  }
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    const keyText = key && stringValue(key);
    if (keyText) out.push({ name: keyText, via: 'key' });
    return;
  }
  if (target.type !== 'identifier') return;
  out.push({ name: target.text, via: 'variable' });
  if (walk.hops <= 0 || seen.has(target.id) || !walk.follow(target.text)) return;
  seen.add(target.id);
  for (const use of usesAfter(target)) collect(use, { ...walk, hops: walk.hops - 1 });
}

/** Later reads of the variable bound at `target`, in the same scope. */
function usesAfter(target: Node): Node[] {
  const resolution = resolveName(target, target.text);
  if (!resolution) return [];
  const scope = resolution.scope;
  const uses: Node[] = [];
  for (const id of scope.descendantsOfType('identifier')) {
    if (!id || id.text !== target.text || id.startIndex <= target.startIndex) continue;
    if (resolveName(id, id.text)?.scope.id !== scope.id) continue;
    const parent = id.parent;
    // Skip further assignment targets; keep reads.
    if (parent && (parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === id.id) continue;
    uses.push(id);
  }
  return uses;
}
