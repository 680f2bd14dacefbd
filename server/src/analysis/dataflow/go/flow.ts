/**
 * Where a Go value goes: the variable, struct field or function result it ends up in, followed a
 * couple of hops through locals and through callers of the function that returns it. Rules judge
 * a value by these names (`sessionToken`, `PasswordHash`, `generateOTP`), so the walk stops at
 * anything that consumes the value without naming it (a condition, `time.Sleep(…)`). Also: which
 * function of the same file a call runs, what it returns, and which argument binds each parameter.
 */
import type { Node, Tree } from 'web-tree-sitter';
import {
  argumentsOf, calleeOf, enclosingFunction, functionName, isConstantExpression, packagePathOf, resolveLocal, usesOf, type GoBinding,
} from './bindings';

export interface Reach {
  /** The variable, field, composite-literal key or function name the value reaches. */
  name: string;
  via: 'variable' | 'field' | 'return';
  /** The node that names it (declaring identifier, field, or function). */
  node: Node;
}

/** Decides, per name reached: report it, stop following this branch, or follow it further. */
export type ReachTest = (reach: Reach) => 'found' | 'stop' | 'follow';

/** Nodes a value passes through unchanged in meaning: `letters[rand.Intn(n)]`, `string(b)`, `x + y`. */
const CARRIERS = new Set([
  'parenthesized_expression', 'unary_expression', 'binary_expression', 'index_expression', 'slice_expression',
  'type_conversion_expression', 'type_assertion_expression', 'composite_literal', 'literal_value', 'literal_element',
]);

/** One place a value is stored: its name, and the local or function to follow it further through. */
export interface Sink { reach: Reach; binding?: GoBinding; fn?: Node }

/** The first name reached from the value of `expr` (within `hops` extra steps) that `test` accepts. */
export function findReach(expr: Node, test: ReachTest, hops = 2): Reach | undefined {
  return walk(sinksOf(expr), test, hops, new Set());
}

/** Like findReach, for a value that is stored into a variable in place (`rand.Read(buf)`). */
export function findReachFromVariable(identifier: Node, test: ReachTest, hops = 2): Reach | undefined {
  const sink = targetSink(identifier);
  return sink ? walk([sink], test, hops, new Set()) : undefined;
}

function walk(sinks: Sink[], test: ReachTest, hops: number, seen: Set<number>): Reach | undefined {
  for (const sink of sinks) {
    const key = sink.reach.node.startIndex;
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = test(sink.reach);
    if (verdict === 'found') return sink.reach;
    if (verdict === 'stop' || hops <= 0) continue;
    const next = sink.binding ? onwardFromVariable(sink.binding) : sink.fn ? onwardFromFunction(sink.fn) : [];
    const found = walk(next, test, hops - 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** Where a local's value is read and stored again (`token := hex.EncodeToString(b)`, `return b`). */
function onwardFromVariable(binding: GoBinding): Sink[] {
  if (binding.kind !== 'short' && binding.kind !== 'var') return [];
  return usesOf(binding).filter((use) => !isAssignmentTarget(use)).flatMap(sinksOf);
}

/** Call sites in the same file of a function whose result carries the value. */
function onwardFromFunction(fn: Node): Sink[] {
  const name = functionName(fn);
  if (!name) return [];
  return fn.tree.rootNode.descendantsOfType('call_expression')
    .filter((call): call is Node => !!call && calleeOf(call)?.method === name && !(call.startIndex >= fn.startIndex && call.endIndex <= fn.endIndex))
    .flatMap(sinksOf);
}

function isAssignmentTarget(identifier: Node): boolean {
  for (let child = identifier, p = identifier.parent; p; child = p, p = p.parent) {
    if (p.type === 'expression_list') {
      const statement = p.parent;
      const isLeft = statement?.childForFieldName('left')?.startIndex === p.startIndex;
      return !!statement && isLeft && (statement.type === 'assignment_statement' || statement.type === 'short_var_declaration');
    }
    if (p.type !== 'index_expression' && p.type !== 'selector_expression') return false;
    if (p.type === 'index_expression' && p.childForFieldName('operand')?.startIndex !== child.startIndex) return false;
  }
  return false;
}

/** The names the value of `expr` is stored in by the statement that uses it. */
export function sinksOf(expr: Node): Sink[] {
  let child = expr;
  for (let p = expr.parent; p; child = p, p = p.parent) {
    if (CARRIERS.has(p.type)) {
      if (p.type === 'literal_element' && p.parent?.type === 'keyed_element') return keyedSink(p.parent, p);
      if (p.type === 'index_expression' && p.childForFieldName('index')?.startIndex === child.startIndex && !indexesAlphabet(p)) return [];
      continue;
    }
    if (p.type === 'argument_list') {
      const call = p.parent;
      if (!call) return [];
      const writer = writerSink(call);
      if (writer) return [writer];
      p = call; // the call's result carries its argument: hex.EncodeToString(b), fmt.Sprintf("%06d", n)
      continue;
    }
    if (p.type === 'selector_expression' && p.childForFieldName('operand')?.startIndex === child.startIndex && p.parent?.type === 'call_expression') {
      p = p.parent; // a method's result carries its receiver: sb.String(), buf.Bytes(), h.Sum(nil)
      continue;
    }
    if (p.type === 'expression_list') return listSinks(p, child);
    return [];
  }
  return [];
}

/**
 * An index into a constant alphabet (`letters[rand.Intn(n)]`) makes new data from the index; an
 * index into a list of existing things (`backends[i]`, `keys[i]`) only chooses one of them.
 */
function indexesAlphabet(index: Node): boolean {
  const operand = index.childForFieldName('operand');
  return !!operand && isConstantExpression(operand);
}

/** `sb.WriteString(x)`, `buf.Write(x)`: the value goes into the receiver. */
function writerSink(call: Node): Sink | undefined {
  const callee = calleeOf(call);
  if (!callee?.receiver || !/^Write/.test(callee.method) || call.parent?.type !== 'expression_statement') return undefined;
  return targetSink(callee.receiver);
}

function keyedSink(keyed: Node, valueElement: Node): Sink[] {
  const key = keyed.childForFieldName('key');
  if (!key || key.startIndex === valueElement.startIndex) return [];
  return [{ reach: { name: key.text, via: 'field', node: key } }];
}

function listSinks(list: Node, child: Node): Sink[] {
  const statement = list.parent;
  if (!statement) return [];
  const values = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const index = values.findIndex((v) => v.startIndex === child.startIndex);
  if (statement.type === 'return_statement') {
    const fn = enclosingFunction(statement);
    const name = fn ? functionName(fn) : undefined;
    return fn && name ? [{ reach: { name, via: 'return', node: fn.childForFieldName('name') ?? fn }, fn }] : [];
  }
  let targets: Node[];
  if (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') {
    if (statement.childForFieldName('right')?.startIndex !== list.startIndex) return [];
    targets = statement.childForFieldName('left')?.namedChildren.filter((c): c is Node => !!c) ?? [];
  } else if (statement.type === 'var_spec') {
    targets = statement.childrenForFieldName('name').filter((c): c is Node => !!c);
  } else {
    return [];
  }
  const chosen = targets.length === values.length ? [targets[index]] : targets;
  return chosen.flatMap((t) => (t ? [targetSink(t)].filter((s): s is Sink => !!s) : []));
}

/** The name a store target writes: `x`, `s.Token`, `b[i]` (→ b), `s.key[:]` (→ key). */
function targetSink(target: Node): Sink | undefined {
  let t = target;
  while (t.type === 'index_expression' || t.type === 'slice_expression' || t.type === 'parenthesized_expression' || t.type === 'unary_expression') {
    const inner = t.childForFieldName('operand') ?? t.namedChildren[0];
    if (!inner) return undefined;
    t = inner;
  }
  if (t.type === 'identifier' && t.text !== '_') {
    const binding = resolveLocal(t, t.text);
    return { reach: { name: t.text, via: 'variable', node: binding?.name ?? t }, binding };
  }
  if (t.type === 'selector_expression') {
    const field = t.childForFieldName('field');
    return field ? { reach: { name: field.text, via: 'field', node: field } } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Calls to functions of the same file

/**
 * The declaration in this file that `call` runs: `helper(…)` resolved through scopes, or
 * `x.method(…)` when exactly one method of the file has that name (receiver types are not tracked).
 */
export function localCallee(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') {
    const binding = resolveLocal(fn, fn.text);
    return binding?.kind === 'function' ? binding.name.parent ?? undefined : undefined;
  }
  const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
  const field = fn?.childForFieldName('field');
  if (!operand || !field || (operand.type === 'identifier' && packagePathOf(operand) !== undefined)) return undefined;
  const methods = methodsOf(call.tree).get(field.text);
  return methods?.length === 1 ? methods[0] : undefined;
}

const methodCache = new WeakMap<Tree, Map<string, Node[]>>();

/** The file's method declarations by name, built once per tree (every `x.Method(…)` looks here). */
function methodsOf(tree: Tree): Map<string, Node[]> {
  const cached = methodCache.get(tree);
  if (cached) return cached;
  const table = new Map<string, Node[]>();
  for (const declaration of tree.rootNode.namedChildren) {
    const name = declaration?.type === 'method_declaration' ? declaration.childForFieldName('name')?.text : undefined;
    if (declaration && name) table.set(name, [...(table.get(name) ?? []), declaration]);
  }
  methodCache.set(tree, table);
  return table;
}

/** The first value of every `return` in a function's own body (closures inside it left out). */
export function returnedValues(fn: Node): Node[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  return body.descendantsOfType('return_statement').filter((r): r is Node => !!r && enclosingFunction(r)?.startIndex === fn.startIndex)
    .map((r) => r.namedChildren.find((c) => c?.type === 'expression_list')?.namedChildren.find((c) => c?.type !== 'comment'))
    .filter((v): v is Node => !!v);
}

/** Each parameter name of `fn` (by its declaring identifier's offset) → the argument `call` passes. */
export function parameterArguments(fn: Node, call: Node): Map<number, Node> {
  const args = argumentsOf(call);
  const out = new Map<number, Node>();
  let index = 0;
  for (const declaration of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!declaration || declaration.type === 'comment') continue;
    for (const name of declaration.childrenForFieldName('name')) {
      const arg = declaration.type === 'variadic_parameter_declaration' ? undefined : args[index];
      if (name && arg) out.set(name.startIndex, arg);
      index++;
    }
  }
  return out;
}
