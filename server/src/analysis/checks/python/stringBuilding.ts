/**
 * How a Python string was put together: f-strings, `%`, `.format()`, `+` and `"sep".join(...)`,
 * followed through variables. Shell and SQL checks share this and differ only in which leaf values
 * they accept as safe (shell-quoted, numeric, SQL placeholders, ...).
 */
import type { Node } from 'web-tree-sitter';
import { addedElements, argumentForParameter, callArguments, calleeNames, isConstantExpression, localCallee, reachingBindings, reachingValues, returnedValues, unwrap } from '../../dataflow/python';

/** Decides whether one non-constant leaf (a call, a name, ...) is harmless in the target language. */
export type SafeLeaf = (node: Node) => boolean;

export interface UnsafeBuild {
  /** How the text was built: "an f-string", "%-formatting", ".format()", "string concatenation". */
  how: string;
  /** The first part whose value is neither constant nor safe. */
  part: Node;
}

const MAX_DEPTH = 6;

/**
 * True when every part of the string `expr` is constant or a safe leaf, through f-strings,
 * concatenation, `%`, `.format()`, `"sep".join(...)`, conditionals and variables.
 */
export function isSafeComposition(expr: Node, safeLeaf: SafeLeaf, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unwrap(expr);
  if (isConstantExpression(n) || safeLeaf(n)) return true;
  const parts = compositionParts(n);
  if (parts) return parts.every((p) => isSafeComposition(p, safeLeaf, depth + 1));
  if (n.type === 'identifier') {
    const { values, unknown } = reachingValues(n);
    const all = [...values, ...addedElements(n)];
    return !unknown && values.length > 0 && all.every((v) => isSafeComposition(v, safeLeaf, depth + 1));
  }
  return false;
}

/**
 * Finds where `expr` builds text with a part that is neither constant nor safe. An opaque value (a
 * parameter, a call's result) is not itself a finding here: only visible string building is.
 */
export function findUnsafeBuild(expr: Node, safeLeaf: SafeLeaf, depth = 0): UnsafeBuild | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(expr);
  if (isConstantExpression(n) || safeLeaf(n)) return undefined;
  if (n.type === 'identifier') {
    for (const value of [...reachingValues(n).values, ...addedElements(n)]) {
      const found = findUnsafeBuild(value, safeLeaf, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (n.type === 'conditional_expression') {
    for (const branch of [n.namedChildren[0], n.namedChildren[2]]) {
      const found = branch ? findUnsafeBuild(branch, safeLeaf, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  const how = buildKind(n);
  const parts = compositionParts(n);
  if (!how && n.type === 'call') return builtByLocalFunction(n, safeLeaf, depth);
  if (!how || !parts) return undefined;
  for (const part of parts) {
    // A nested build (`"a" + f"{x}"`) is described by its own kind.
    const inner = findUnsafeBuild(part, safeLeaf, depth + 1);
    if (inner) return inner;
    if (!isSafeComposition(part, safeLeaf, depth + 1)) return { how, part };
  }
  return undefined;
}

/** `build_query(name)` / `self._where(name)` defined in this file: what its `return` statements build. */
function builtByLocalFunction(call: Node, safeLeaf: SafeLeaf, depth: number): UnsafeBuild | undefined {
  const fn = localCallee(call);
  if (!fn) return undefined;
  // Inside the helper, a parameter is as safe as what this call passes for it (`count_sql(TABLE)`).
  const leaf: SafeLeaf = (node) => {
    if (safeLeaf(node)) return true;
    if (node.type !== 'identifier') return false;
    const bindings = reachingBindings(node);
    const binding = bindings.length === 1 ? bindings[0] : undefined;
    if (binding?.kind !== 'parameter' || binding.statement.parent?.id !== fn.childForFieldName('parameters')?.id) return false;
    const argument = argumentForParameter(call, fn, node.text);
    return !!argument && isSafeComposition(argument, safeLeaf, depth + 1);
  };
  for (const value of returnedValues(fn)) {
    const found = findUnsafeBuild(value, leaf, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function buildKind(n: Node): string | undefined {
  if (n.type === 'string' || n.type === 'concatenated_string') return 'an f-string';
  if (n.type === 'binary_operator') {
    const op = n.childForFieldName('operator')?.text;
    return op === '%' ? '%-formatting' : op === '+' ? 'string concatenation' : undefined;
  }
  if (n.type === 'call') {
    const method = n.childForFieldName('function')?.childForFieldName('attribute')?.text;
    return method === 'format' ? '.format()' : method === 'join' ? 'str.join()' : undefined;
  }
  return undefined;
}

/** The values a string-building expression is made of, or undefined when `n` builds no string. */
function compositionParts(n: Node): Node[] | undefined {
  switch (n.type) {
    case 'string':
      return n.descendantsOfType('interpolation').map((i) => i?.childForFieldName('expression')).filter((e): e is Node => !!e);
    case 'concatenated_string':
      return n.namedChildren.filter((c): c is Node => !!c);
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op !== '%' && op !== '+') return undefined;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!left || !right) return undefined;
      const r = unwrap(right);
      // `"%s and %s" % (a, b)`: each tuple element is a part.
      const rightParts = op === '%' && r.type === 'tuple' ? r.namedChildren.filter((c): c is Node => !!c) : [right];
      return [left, ...rightParts];
    }
    case 'call': {
      const fn = n.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      const receiver = fn?.childForFieldName('object');
      if (!receiver || (method !== 'format' && method !== 'join')) return undefined;
      if (!isStringy(receiver)) return undefined;
      const args = callArguments(n).map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('value') : a)).filter((a): a is Node => !!a);
      if (method === 'format') return [receiver, ...args];
      // `" ".join(shlex.quote(a) for a in args)`: the element expression is the part.
      const items = args.flatMap((a) => elementsOf(a));
      return items ? [receiver, ...items] : undefined;
    }
    default:
      return undefined;
  }
}

function elementsOf(arg: Node): Node[] {
  const a = unwrap(arg);
  if (a.type === 'list' || a.type === 'tuple' || a.type === 'set') return a.namedChildren.filter((c): c is Node => !!c);
  if (a.type === 'generator_expression' || a.type === 'list_comprehension' || a.type === 'set_comprehension') {
    const body = a.childForFieldName('body');
    return body ? [body] : [a];
  }
  return [a];
}

function isStringy(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'string' || n.type === 'concatenated_string' || (n.type === 'identifier' && isConstantExpression(n));
}

const NUMERIC_FUNCTIONS = new Set(['int', 'float', 'len', 'abs', 'round', 'bool', 'math.floor', 'math.ceil']);
const ARITHMETIC = new Set(['*', '-', '/', '//', '**', '+']);

/** `int(page) * 20`, `len(items)`, `-1`: a number, which cannot carry quotes or shell syntax. */
export function isNumericExpression(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'integer' || n.type === 'float') return true;
  if (n.type === 'call') return calleeNames(n).some((q) => NUMERIC_FUNCTIONS.has(q));
  if (n.type === 'unary_operator') {
    const operand = n.childForFieldName('argument');
    return !!operand && isNumericExpression(operand);
  }
  if (n.type === 'binary_operator' && ARITHMETIC.has(n.childForFieldName('operator')?.text ?? '')) {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    // `+` concatenates strings too: only numbers on both sides.
    return !!left && !!right && isNumericExpression(left) && isNumericExpression(right);
  }
  return false;
}
