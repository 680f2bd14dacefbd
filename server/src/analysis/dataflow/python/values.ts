/**
 * What a Python expression is: the dotted name a callee really refers to (through imports and
 * aliases), the values a variable may hold, and what a list gets appended. Whether an expression is
 * a constant is constants.ts.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { cachedForNode, reachingBindings, resolveName, type PyBinding } from './scopes';

const MAX_DEPTH = 8;

/** Strips parentheses: `(x)` → `x`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren[0]) current = current.namedChildren[0];
  return current;
}

/** Strips parentheses and `await`. */
export function unwrapAwait(node: Node): Node {
  let current = unwrap(node);
  while (current.type === 'await' && current.namedChildren[0]) current = unwrap(current.namedChildren[0]);
  return current;
}

/** The argument nodes of a call, comments dropped; a bare generator argument (`f(x for x in y)`) is one argument. */
export function callArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  if (args.type === 'generator_expression') return [args];
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** The nth positional argument, or undefined when absent or hidden behind a `*args` splat. */
export function positionalArgument(call: Node, index: number): Node | undefined {
  let position = 0;
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument' || arg.type === 'dictionary_splat') continue;
    if (arg.type === 'list_splat') return undefined;
    if (position === index) return arg;
    position++;
  }
  return undefined;
}

/** The value of keyword argument `name=` of a call. */
export function keywordArgument(call: Node, name: string): Node | undefined {
  return keywordArgumentNode(call, name)?.childForFieldName('value') ?? undefined;
}

/** The whole `name=value` node of a call. */
function keywordArgumentNode(call: Node, name: string): Node | undefined {
  return callArguments(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
}

/** An argument given by position or, failing that, by keyword (`subprocess.run(args=…)`). */
export function argumentOf(call: Node, index: number, keyword: string): Node | undefined {
  return positionalArgument(call, index) ?? keywordArgument(call, keyword);
}

/** True when the call passes `**kwargs`, so any keyword may be set without being visible. */
export function hasKeywordSplat(call: Node): boolean {
  return callArguments(call).some((a) => a.type === 'dictionary_splat');
}

/**
 * Every dotted name `expr` may refer to: `sp.run` → `subprocess.run` after `import subprocess as sp`,
 * `run` → `subprocess.run` after `from subprocess import run`, `eval` → `eval` (a builtin: unbound),
 * `runner` → `subprocess.run` after `runner = subprocess.run`. Empty when the root is a local value.
 */
export function qualifiedNames(expr: Node, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const n = unwrap(expr);
  if (n.type === 'identifier') {
    const resolution = resolveName(n, n.text);
    if (!resolution) return [n.text];
    const names = new Set<string>();
    for (const binding of reachingBindings(n)) {
      if (binding.kind === 'import' && binding.importPath) names.add(binding.importPath);
      else if (binding.kind === 'assignment' && binding.value && (binding.value.type === 'identifier' || binding.value.type === 'attribute')) {
        for (const name of qualifiedNames(binding.value, depth + 1)) names.add(name);
      }
    }
    return [...names];
  }
  if (n.type === 'attribute') {
    const object = n.childForFieldName('object');
    const attribute = n.childForFieldName('attribute');
    if (!object || !attribute) return [];
    return qualifiedNames(object, depth + 1).map((q) => `${q}.${attribute.text}`);
  }
  return [];
}

/** The single dotted name of `expr`, or undefined when unknown or ambiguous. */
export function qualifiedName(expr: Node): string | undefined {
  const names = qualifiedNames(expr);
  return names.length === 1 ? names[0] : undefined;
}

/** Dotted names of the function a call invokes. */
export function calleeNames(call: Node): string[] {
  const fn = call.childForFieldName('function');
  return fn ? qualifiedNames(fn) : [];
}

/** The expressions a variable may hold at `use` (parentheses stripped); `unknown` when some binding's value cannot be known. */
export function reachingValues(use: Node): { values: Node[]; bindings: PyBinding[]; unknown: boolean } {
  const bindings = reachingBindings(use);
  const values: Node[] = [];
  let unknown = bindings.length === 0;
  for (const b of bindings) {
    if (b.value && (b.kind === 'assignment' || b.kind === 'augmented' || b.kind === 'walrus' || b.kind === 'with')) values.push(unwrap(b.value));
    else unknown = true;
  }
  return { values, bindings, unknown };
}

/**
 * The calls whose result `expr` holds: `tarfile.open(p)` itself, or through `tar = tarfile.open(p)`,
 * `with tarfile.open(p) as tar`, `await`, conditionals.
 */
export function callOrigins(expr: Node, depth = 0): Node[] {
  if (depth > MAX_DEPTH) return [];
  const n = unwrapAwait(expr);
  if (n.type === 'call') return [n];
  if (n.type === 'conditional_expression') {
    return [n.namedChildren[0], n.namedChildren[2]].flatMap((c) => (c ? callOrigins(c, depth + 1) : []));
  }
  if (n.type !== 'identifier') return [];
  return reachingValues(n).values.flatMap((v) => callOrigins(v, depth + 1));
}


const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'appendleft', 'extendleft']);
// Per tree, per scope node (see cachedForNode): variable name → added values.
const mutationCache = new WeakMap<Tree, Map<number, Map<string, Node[]>>>();

/**
 * What is put into the list (or set, deque) held by variable `use` after it is bound:
 * `clauses.append(f"{col} = '{v}'")`, `args.extend(extra)`, `parts.insert(0, x)` anywhere in the
 * scope that binds it. The values themselves (for `extend`, the iterable) are returned, so
 * `" AND ".join(clauses)` can be judged by what was appended, not by `clauses = []`.
 */
export function addedElements(use: Node): Node[] {
  if (use.type !== 'identifier') return [];
  const resolution = resolveName(use, use.text);
  if (!resolution) return [];
  return cachedForNode(mutationCache, resolution.scope, mutationsIn).get(use.text) ?? [];
}

/** Variable name → values added to it by mutator calls in `scope` (on names bound in that scope). */
function mutationsIn(scope: Node): Map<string, Node[]> {
  const added = new Map<string, Node[]>();
  for (const call of scope.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (!call || object?.type !== 'identifier' || !MUTATORS.has(fn?.childForFieldName('attribute')?.text ?? '')) continue;
    if (resolveName(object, object.text)?.scope.id !== scope.id) continue;
    const method = fn?.childForFieldName('attribute')?.text;
    // `insert(index, value)`: only the value is an element.
    const values = callArguments(call).filter((a) => a.type !== 'keyword_argument').slice(method === 'insert' ? 1 : 0);
    added.set(object.text, [...(added.get(object.text) ?? []), ...values]);
  }
  return added;
}

/** The literal text of a string or implicit concatenation, interpolations left out: for keyword tests (`SELECT`). */
export function literalText(node: Node): string {
  const n = unwrap(node);
  if (n.type === 'concatenated_string') return n.namedChildren.map((c) => (c ? literalText(c) : '')).join('');
  if (n.type !== 'string') return '';
  return n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c?.text ?? '').join('');
}
