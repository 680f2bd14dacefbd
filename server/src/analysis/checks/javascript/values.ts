/**
 * Kinds of value the injection rules treat as harmless when spliced into a command, a query or
 * HTML: constants, numbers (`Number(x)`, `parseInt(x)`, `.length`), and values fixed by the
 * program itself (`__dirname`, `process.platform`, `path.join` of such).
 */
import type { Node } from 'web-tree-sitter';
import { calleeName, isConstantExpression, resolveBinding, unwrap, type Binding } from '../../dataflow/javascript/bindings';

const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt']);
const NUMBER_METHODS = new Set(['toFixed', 'toPrecision', 'floor', 'ceil', 'round', 'trunc', 'abs', 'min', 'max', 'getTime', 'now', 'indexOf', 'findIndex', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds']);
const NUMBER_PROPERTIES = new Set(['length', 'size', 'byteLength', 'MAX_SAFE_INTEGER']);
const ARITHMETIC = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);

/** An expression that always yields a number: it cannot carry quotes, tags or shell syntax. */
export function isNumericExpression(node: Node, depth = 0): boolean {
  if (depth > 5) return false;
  const n = unwrap(node);
  if (n.type === 'number') return true;
  if (n.type === 'unary_expression') return ['-', '+', '~'].includes(n.childForFieldName('operator')?.text ?? '');
  if (n.type === 'binary_expression') return ARITHMETIC.has(n.childForFieldName('operator')?.text ?? '');
  if (n.type === 'update_expression') return true;
  if (n.type === 'member_expression') return NUMBER_PROPERTIES.has(n.childForFieldName('property')?.text ?? '');
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const name = calleeName(n) ?? '';
    return fn?.type === 'identifier' ? NUMBER_FUNCTIONS.has(name) : NUMBER_METHODS.has(name);
  }
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (!binding) return false;
    if (NUMERIC_TYPES.has(declaredType(binding) ?? '')) return true;
    return binding.kind === 'const' && !!binding.init && isNumericExpression(binding.init, depth + 1);
  }
  return false;
}

/** TypeScript annotations that rule out markup, quotes and shell syntax. */
const NUMERIC_TYPES = new Set(['number', 'bigint', 'boolean', 'Date']);

/** The annotated type of a TypeScript variable or parameter (`count: number` → number), when it is a simple name. */
function declaredType(binding: Binding): string | undefined {
  const holder = binding.kind === 'parameter' ? binding.node.parent : binding.node;
  const annotation = holder?.childForFieldName('type');
  return annotation?.type === 'type_annotation' ? annotation.namedChildren[0]?.text : undefined;
}

const PROGRAM_PATHS = new Set(['__dirname', '__filename']);
const PROCESS_FACTS = new Set(['platform', 'execPath', 'pid', 'arch', 'ppid']);
const PATH_FUNCTIONS = new Set(['join', 'resolve', 'dirname', 'basename', 'normalize', 'relative']);

/** A value the program fixes itself: constants, numbers, `__dirname`, `process.platform`, `path.join(__dirname, 'x')`. */
export function isFixedValue(node: Node, depth = 0): boolean {
  if (depth > 5) return false;
  const n = unwrap(node);
  if (isConstantExpression(n) || isNumericExpression(n)) return true;
  if (n.type === 'identifier') {
    if (PROGRAM_PATHS.has(n.text)) return !resolveBinding(n, n.text);
    const binding = resolveBinding(n, n.text);
    if (!binding) return isConstantLoopVariable(n);
    return binding.kind === 'const' && !!binding.init && isFixedValue(binding.init, depth + 1);
  }
  if (n.type === 'member_expression' && n.childForFieldName('object')?.text === 'process') {
    return PROCESS_FACTS.has(n.childForFieldName('property')?.text ?? '');
  }
  // `ICONS.check`, `SORT_COLUMNS[key]`: one of the values of a constant table.
  if (n.type === 'member_expression' || n.type === 'subscript_expression') return isConstantLookupTable(n.childForFieldName('object'));
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function')?.text ?? '';
    if (fn === 'process.cwd' || fn === 'os.tmpdir' || fn === 'os.homedir') return true;
    const args = n.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    // Digits of a number: `n.toString(16)`, `String(count)` where the argument is numeric.
    const receiver = n.childForFieldName('function')?.childForFieldName('object');
    if (calleeName(n) === 'toString' && receiver && isNumericExpression(receiver)) return true;
    if (fn === 'String' && args.length === 1 && isNumericExpression(args[0])) return true;
    return /^path\.(posix\.|win32\.)?\w+$/.test(fn) && PATH_FUNCTIONS.has(calleeName(n) ?? '') && args.every((a) => isFixedValue(a, depth + 1));
  }
  return false;
}

/** `const SORT_COLUMNS = { newest: 'created_at' }`, `['asc', 'desc']`, `new Set([...])` — every value a constant. */
export function isConstantLookupTable(object: Node | null): boolean {
  if (!object) return false;
  let table = unwrap(object);
  if (table.type === 'identifier') {
    const binding = resolveBinding(table, table.text);
    if (binding?.kind !== 'const' || !binding.init) return false;
    table = unwrap(binding.init);
  }
  if (table.type === 'new_expression' && table.childForFieldName('constructor')?.text === 'Set') {
    const values = table.childForFieldName('arguments')?.namedChildren[0];
    return !!values && unwrap(values).type === 'array' && isConstantExpression(values);
  }
  if (table.type === 'array') return isConstantExpression(table);
  if (table.type !== 'object') return false;
  return table.namedChildren.every((entry) => !entry || entry.type === 'comment' || (entry.type === 'pair' && !!entry.childForFieldName('value') && isConstantExpression(entry.childForFieldName('value') as Node)));
}

/** `for (const table of ['users', 'posts'])`, `for (const key in DEFAULTS)`: the loop variable only takes constant values. */
function isConstantLoopVariable(id: Node): boolean {
  for (let p = id.parent; p; p = p.parent) {
    if (p.type !== 'for_in_statement' || p.childForFieldName('left')?.text !== id.text) continue;
    const right = p.childForFieldName('right');
    if (!right) return false;
    const overValues = p.children.some((c) => c?.type === 'of');
    if (!overValues) return isConstantLookupTable(right);
    const r = unwrap(right);
    // Object.keys/values/entries of a constant table
    if (r.type === 'call_expression' && /^Object\.(keys|values)$/.test(r.childForFieldName('function')?.text ?? '')) {
      return isConstantLookupTable(r.childForFieldName('arguments')?.namedChildren[0] ?? null);
    }
    return isConstantLookupTable(r);
  }
  return false;
}
