/**
 * Whether a Python expression is a compile-time constant: literals, constant names, arithmetic and
 * string building of constants, look-ups in constant tables. Conservative on purpose: anything not
 * provably constant is treated as dynamic. Kept apart from values.ts because it asks request.ts
 * (Django's UPPER_CASE `request.GET` is not a constant), and request.ts builds on values.ts.
 */
import type { Node } from 'web-tree-sitter';
import { reachingBindings } from './scopes';
import { addedElements, callArguments, qualifiedNames, unwrap } from './values';
import { isRequestDerived } from './request';

const MAX_DEPTH = 8;
const CONSTANT_NAME = /^_*[A-Z][A-Z0-9_]*$/;

/** `MAX_RETRIES`, `DEFAULT_QUERY`: by convention a module constant, set once by the program itself. */
export function isConstantName(name: string): boolean {
  return CONSTANT_NAME.test(name);
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);
const COLLECTION_TYPES = new Set(['tuple', 'list', 'set', 'expression_list']);
/** Builtins and helpers that return a constant when all their arguments are constant. */
const PURE_FUNCTIONS = new Set(['str', 'int', 'float', 'bool', 'len', 'range', 'repr', 'tuple', 'list', 'sorted', 'os.path.join', 'posixpath.join']);
const STRING_METHODS = new Set([
  'format', 'join', 'upper', 'lower', 'strip', 'lstrip', 'rstrip', 'replace', 'encode', 'decode', 'title',
  'capitalize', 'casefold', 'removeprefix', 'removesuffix', 'zfill', 'ljust', 'rjust', 'center',
]);

/**
 * True when the program text alone fixes `node`'s value — input can at most choose among
 * constants: literals (also implicit concatenation and f-strings whose every `{…}` is constant),
 * arithmetic/`%`/`+` of constants, collections of constants, `"sep".join(CONSTS)`, look-ups in
 * constant tables (`COLUMNS[key]`, `ALLOWED.get(key, "id")`, `k if k in ALLOWED else "id"`), and
 * names whose every reaching assignment is constant (a loop variable over a constant collection
 * counts). UPPER_CASE names and attributes are constants by convention; parameters never are.
 */
export function isConstantExpression(node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unwrap(node);
  if (LITERAL_TYPES.has(n.type)) return true;
  switch (n.type) {
    case 'string':
      return n.descendantsOfType('interpolation').every((i) => {
        const expression = i?.childForFieldName('expression');
        return !expression || isConstantExpression(expression, depth + 1);
      });
    case 'concatenated_string':
      return n.namedChildren.every((c) => !c || isConstantExpression(c, depth + 1));
    case 'binary_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      return !!left && !!right && isConstantExpression(left, depth + 1) && isConstantExpression(right, depth + 1);
    }
    case 'unary_operator':
    case 'not_operator': {
      const operand = n.childForFieldName('argument') ?? n.namedChildren[n.namedChildren.length - 1];
      return !!operand && isConstantExpression(operand, depth + 1);
    }
    case 'conditional_expression': {
      const [whenTrue, condition, whenFalse] = n.namedChildren;
      if (!whenTrue || !whenFalse || !isConstantExpression(whenFalse, depth + 1)) return false;
      return isConstantExpression(whenTrue, depth + 1) || (!!condition && isAllowListTest(condition, whenTrue, depth));
    }
    case 'dictionary':
      return n.namedChildren.every((pair) => {
        if (!pair || pair.type === 'comment') return true;
        if (pair.type !== 'pair') return false;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        return !!key && !!value && isConstantExpression(key, depth + 1) && isConstantExpression(value, depth + 1);
      });
    case 'subscript': {
      // Indexing a constant table gives one of its constant values, whatever the index (`COLUMNS[key]`).
      const value = n.childForFieldName('value');
      return !!value && isConstantExpression(value, depth + 1);
    }
    case 'attribute': {
      const attribute = n.childForFieldName('attribute')?.text ?? '';
      if (qualifiedNames(n).some((q) => q.startsWith('string.'))) return true;
      // Django's `request.GET` / `request.POST` / `request.META` are UPPER_CASE but hold client input.
      return isConstantName(attribute) && !isRequestDerived(n);
    }
    case 'call':
      return isConstantCall(n, depth);
    case 'identifier':
      return isConstantName(n.text) || isConstantVariable(n, depth);
  }
  if (COLLECTION_TYPES.has(n.type)) return n.namedChildren.every((c) => !c || c.type === 'comment' || isConstantExpression(c, depth + 1));
  return false;
}

function isConstantCall(call: Node, depth: number): boolean {
  const args = callArguments(call);
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
  const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
  // `ALLOWED.get(key, "id")`: a lookup in a constant table with a constant default.
  if (receiver && method === 'get' && args.length >= 1 && isConstantExpression(receiver, depth + 1)) {
    return !args[1] || isConstantExpression(args[1], depth + 1);
  }
  const argsConstant = args.every((a) => {
    if (a.type === 'keyword_argument') {
      const value = a.childForFieldName('value');
      return !!value && isConstantExpression(value, depth + 1);
    }
    return a.type !== 'list_splat' && a.type !== 'dictionary_splat' && a.type !== 'generator_expression' && isConstantExpression(a, depth + 1);
  });
  if (!argsConstant) return false;
  if (receiver && STRING_METHODS.has(method) && isConstantExpression(receiver, depth + 1)) return true;
  return qualifiedNames(fn).some((q) => PURE_FUNCTIONS.has(q));
}

/** `col in ALLOWED_COLUMNS` guarding `col`: the value is one of a constant set. */
function isAllowListTest(condition: Node, value: Node, depth: number): boolean {
  const c = unwrap(condition);
  if (c.type !== 'comparison_operator') return false;
  const [left, right] = c.namedChildren;
  const operator = c.children.find((ch) => ch?.type === 'in');
  return !!operator && !!left && !!right && unwrap(left).text === unwrap(value).text && isConstantExpression(right, depth + 1);
}

function isConstantVariable(id: Node, depth: number): boolean {
  const bindings = reachingBindings(id);
  if (bindings.length === 0) return false;
  // `parts = []` is constant only if nothing dynamic is appended to it afterwards.
  if (!addedElements(id).every((added) => isConstantExpression(added, depth + 1))) return false;
  return bindings.every((b) => {
    switch (b.kind) {
      case 'assignment':
      case 'augmented':
      case 'walrus':
      case 'for':
      case 'comprehension':
        // For loop variables, `value` is the iterable: each element is constant when it is.
        return !!b.value && isConstantExpression(b.value, depth + 1);
      default:
        return false;
    }
  });
}
