/**
 * Small, intra-procedural data-flow helpers for Go trees: which package an identifier such as
 * `rand` names (through the file's imports, aliases included), which `:=` / `var` / `const` /
 * parameter declares a local name, and whether an expression is a compile-time constant string.
 * Conservative on purpose: anything not provably constant is "dynamic", and an identifier that a
 * local declaration shadows is never taken for a package.
 */
import type { Node, Tree } from 'web-tree-sitter';

/** Strips parentheses: `(x)` → `x`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren[0]) current = current.namedChildren[0];
  return current;
}

function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [];
}

// ---------------------------------------------------------------------------------------------
// Imports

/** local name → import path; `.` and `_` imports are not names and are left out. */
export type ImportTable = ReadonlyMap<string, string>;

const importCache = new WeakMap<Tree, ImportTable>();

/**
 * The name a package is referred to by when imported without an alias. Go takes it from the
 * package clause, which we cannot see, so use the convention: the last path element, skipping a
 * major-version element (`math/rand/v2` → `rand`) and `.vN` / `go-` decorations
 * (`gopkg.in/yaml.v3` → `yaml`, `github.com/mattn/go-sqlite3` → `sqlite3`).
 */
export function defaultImportName(importPath: string): string {
  const parts = importPath.split('/').filter(Boolean);
  let last = parts[parts.length - 1] ?? importPath;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[^A-Za-z0-9_]/g, '');
}

/** The file's imports, read once per tree. */
export function importsOf(node: Node): ImportTable {
  const cached = importCache.get(node.tree);
  if (cached) return cached;
  const table = new Map<string, string>();
  // Imports sit at the top level, so the rest of the file is never walked.
  const declarations = named(node.tree.rootNode).filter((d) => d.type === 'import_declaration');
  for (const spec of declarations.flatMap((d) => d.descendantsOfType('import_spec'))) {
    if (!spec) continue;
    const pathNode = spec.childForFieldName('path');
    if (!pathNode) continue;
    const importPath = stringLiteralValue(pathNode);
    if (importPath === undefined) continue;
    const alias = spec.childForFieldName('name');
    if (alias && alias.type !== 'package_identifier') continue; // `_` and `.` bind no name
    table.set(alias?.text ?? defaultImportName(importPath), importPath);
  }
  importCache.set(node.tree, table);
  return table;
}

/** The import path a package identifier refers to, or undefined when it is a local name or unknown. */
export function packagePathOf(identifier: Node): string | undefined {
  if (identifier.type !== 'identifier' && identifier.type !== 'package_identifier') return undefined;
  const importPath = importsOf(identifier).get(identifier.text);
  if (importPath === undefined) return undefined;
  return resolveLocal(identifier, identifier.text) ? undefined : importPath;
}

/** `pkg.Func(…)` where `pkg` is an imported package: its path and the function name. */
export function importedCall(call: Node): { path: string; name: string } | undefined {
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  const operand = fn.childForFieldName('operand');
  const field = fn.childForFieldName('field');
  if (!operand || !field) return undefined;
  const importPath = packagePathOf(operand);
  return importPath === undefined ? undefined : { path: importPath, name: field.text };
}

/** The arguments of a call, in order. */
export function argumentsOf(call: Node): Node[] {
  return named(call.childForFieldName('arguments'));
}

/** `x.Method(…)` → { receiver: x, method: 'Method' }; `f(…)` → { method: 'f' }. */
export function calleeOf(call: Node): { receiver?: Node; method: string } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return { method: fn.text };
  if (fn?.type !== 'selector_expression') return undefined;
  const field = fn.childForFieldName('field');
  const operand = fn.childForFieldName('operand');
  return field ? { receiver: operand ?? undefined, method: field.text } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Local declarations

export interface GoBinding {
  kind: 'const' | 'var' | 'short' | 'parameter' | 'receiver' | 'range' | 'function';
  /** The identifier that declares the name. */
  name: Node;
  /** Its initial value, when the declaration pairs names and values one to one. */
  value?: Node;
  /** The one call that returns several values, in `t, err := template.ParseFiles(…)`. */
  tupleSource?: Node;
  /** The declared type (`var b []byte`, `w http.ResponseWriter`), when written. */
  type?: Node;
  /** The subtree the name is visible in: a block, a statement with an initializer, a function, the file. */
  scope: Node;
}

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const STATEMENT_SCOPES = new Set(['if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement']);

/** The nearest declaration of `name` visible from `from`, walking block scopes outward to the file. */
export function resolveLocal(from: Node, name: string): GoBinding | undefined {
  for (let scope: Node | null = from.parent; scope; scope = scope.parent) {
    let found: GoBinding | undefined;
    if (scope.type === 'statement_list' || scope.type === 'block') {
      for (const statement of named(scope)) {
        if (statement.startIndex > from.startIndex) break;
        found = declarationIn(statement, name, scope, from) ?? found;
      }
    } else if (STATEMENT_SCOPES.has(scope.type)) {
      found = statementScopeBinding(scope, name, from);
    } else if (FUNCTION_TYPES.has(scope.type)) {
      found = parameterBinding(scope, name);
    } else if (scope.type === 'source_file') {
      found = topLevelBindings(scope).get(name);
    }
    if (found) return found;
  }
  return undefined;
}

const topLevelCache = new WeakMap<Tree, Map<string, GoBinding>>();

/**
 * The file's package-level vars, consts and functions by name, built once per tree: every package
 * name (`fmt`, `rand`) is looked up here, so a walk over the file per lookup would be quadratic.
 */
function topLevelBindings(file: Node): Map<string, GoBinding> {
  const cached = topLevelCache.get(file.tree);
  if (cached) return cached;
  const table = new Map<string, GoBinding>();
  for (const declaration of named(file)) {
    if (declaration.type === 'function_declaration') {
      const name = declaration.childForFieldName('name');
      if (name && !table.has(name.text)) table.set(name.text, { kind: 'function', name, scope: file });
      continue;
    }
    if (declaration.type !== 'var_declaration' && declaration.type !== 'const_declaration') continue;
    const names = new Set(declaration.descendantsOfType('identifier').filter((n) => n?.parent?.type.endsWith('_spec')).map((n) => n?.text ?? ''));
    for (const name of names) {
      const binding = table.has(name) ? undefined : declarationIn(declaration, name, file, undefined);
      if (binding) table.set(name, binding);
    }
  }
  topLevelCache.set(file.tree, table);
  return table;
}

/** A binding made by one statement; `from` inside the statement's own values does not see it. */
function declarationIn(statement: Node, name: string, scope: Node, from: Node | undefined): GoBinding | undefined {
  if (statement.type === 'short_var_declaration') {
    return pairUp(named(statement.childForFieldName('left')), statement.childForFieldName('right'), name, 'short', scope, from, undefined);
  }
  if (statement.type !== 'var_declaration' && statement.type !== 'const_declaration') return undefined;
  const kind = statement.type === 'var_declaration' ? 'var' : 'const';
  const specs = named(statement).flatMap((c) => (c.type.endsWith('_spec_list') ? named(c) : [c]));
  let found: GoBinding | undefined;
  for (const spec of specs) {
    const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const type = spec.childForFieldName('type') ?? undefined;
    found = pairUp(names, spec.childForFieldName('value'), name, kind, scope, from, type) ?? found;
  }
  return found;
}

function pairUp(
  names: Node[], valueList: Node | null, name: string, kind: GoBinding['kind'], scope: Node, from: Node | undefined, type: Node | undefined,
): GoBinding | undefined {
  if (from && valueList && valueList.startIndex <= from.startIndex && from.endIndex <= valueList.endIndex) return undefined;
  const index = names.findIndex((n) => n.text === name);
  if (index < 0) return undefined;
  const values = named(valueList);
  const value = values.length === names.length ? values[index] : undefined;
  const tupleSource = values.length === 1 && names.length > 1 ? values[0] : undefined;
  return { kind, name: names[index], value, tupleSource, type, scope };
}

function statementScopeBinding(statement: Node, name: string, from: Node): GoBinding | undefined {
  const initializer = statement.childForFieldName('initializer');
  const declared = initializer ? declarationIn(initializer, name, statement, from) : undefined;
  if (declared) return declared;
  for (const clause of named(statement)) {
    if (clause.type === 'for_clause') {
      const init = clause.childForFieldName('initializer');
      const found = init ? declarationIn(init, name, statement, from) : undefined;
      if (found) return found;
    }
    if (clause.type === 'range_clause' && clause.text.includes(':=')) {
      const left = named(clause.childForFieldName('left')).find((n) => n.text === name);
      if (left) return { kind: 'range', name: left, scope: statement };
    }
  }
  const alias = statement.type === 'type_switch_statement' ? named(statement.childForFieldName('alias')).find((n) => n.text === name) : undefined;
  return alias ? { kind: 'var', name: alias, scope: statement } : undefined;
}

function parameterBinding(fn: Node, name: string): GoBinding | undefined {
  const lists = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters'), fn.childForFieldName('result')];
  for (const [i, list] of lists.entries()) {
    if (list?.type !== 'parameter_list') continue;
    for (const declaration of named(list)) {
      const id = declaration.childrenForFieldName('name').find((n) => n?.text === name);
      if (id) return { kind: i === 0 ? 'receiver' : 'parameter', name: id, type: declaration.childForFieldName('type') ?? undefined, scope: fn };
    }
  }
  return undefined;
}

function sameBinding(a: GoBinding | undefined, b: GoBinding): boolean {
  return !!a && a.name.startIndex === b.name.startIndex && a.name.endIndex === b.name.endIndex;
}

export interface Assignment {
  operator: string;
  value: Node;
  statement: Node;
  /** True for a store into an element (`name[i] = v`) rather than into the variable itself. */
  element: boolean;
}

/** Later stores into the bound name: `name = v`, `name += v` and `name[i] = v` (the right-hand values). */
export function assignmentsTo(binding: GoBinding): Assignment[] {
  const out: Assignment[] = [];
  for (const statement of binding.scope.descendantsOfType('assignment_statement')) {
    if (!statement) continue;
    const left = named(statement.childForFieldName('left'));
    const right = named(statement.childForFieldName('right'));
    left.forEach((target, index) => {
      let base = target;
      for (let operand = base.childForFieldName('operand'); base.type === 'index_expression' && operand; operand = base.childForFieldName('operand')) base = operand;
      if (base.type !== 'identifier' || base.text !== binding.name.text || !sameBinding(resolveLocal(base, base.text), binding)) return;
      const value = right.length === left.length ? right[index] : right[0];
      if (value) out.push({ operator: statement.childForFieldName('operator')?.text ?? '=', value, statement, element: base !== target });
    });
  }
  return out;
}

/** Every place the bound name is read or written, the declaring identifier excluded. */
export function usesOf(binding: GoBinding): Node[] {
  return binding.scope.descendantsOfType('identifier').filter((id): id is Node =>
    !!id && id.text === binding.name.text && id.startIndex !== binding.name.startIndex && sameBinding(resolveLocal(id, id.text), binding));
}

// ---------------------------------------------------------------------------------------------
// Functions

/** The function, method or closure whose body contains `node`. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** `generateToken` for `func generateToken()`, a method, or `generateToken := func() {…}`. */
export function functionName(fn: Node): string | undefined {
  if (fn.type !== 'func_literal') return fn.childForFieldName('name')?.text;
  const list = fn.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || !statement) return undefined;
  if (statement.type !== 'short_var_declaration' && statement.type !== 'assignment_statement' && statement.type !== 'var_spec') return undefined;
  const index = named(list).findIndex((n) => n.startIndex === fn.startIndex);
  const targets = statement.type === 'var_spec' ? statement.childrenForFieldName('name') : named(statement.childForFieldName('left'));
  return targets[index]?.text;
}

// ---------------------------------------------------------------------------------------------
// Constants

const LITERAL_TYPES = new Set([
  'interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'imaginary_literal', 'rune_literal',
  'true', 'false', 'nil', 'iota',
]);
const CONVERSION_TYPES = new Set(['string', 'byte', 'rune', 'int', 'int64', 'uint', 'uint64', 'float64']);
const FORMATTERS = new Set(['Sprintf', 'Sprint', 'Sprintln']);

/**
 * True when `node` always has the same value: literals, `const` names, locals initialised with a
 * constant and never assigned again, concatenations and `fmt.Sprintf` of those.
 */
export function isConstantExpression(node: Node, depth = 0): boolean {
  if (depth > 8) return false;
  const n = unwrap(node);
  if (LITERAL_TYPES.has(n.type)) return true;
  if (n.type === 'binary_expression') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return !!left && !!right && isConstantExpression(left, depth + 1) && isConstantExpression(right, depth + 1);
  }
  if (n.type === 'unary_expression') {
    const operand = n.childForFieldName('operand');
    return !!operand && isConstantExpression(operand, depth + 1);
  }
  if (n.type === 'type_conversion_expression') {
    const operand = n.childForFieldName('operand');
    return !!operand && isConstantExpression(operand, depth + 1);
  }
  if (n.type === 'call_expression') {
    const args = argumentsOf(n);
    const fn = n.childForFieldName('function');
    const conversion = fn?.type === 'identifier' && CONVERSION_TYPES.has(fn.text) && !resolveLocal(fn, fn.text);
    const call = importedCall(n);
    const formatted = call?.path === 'fmt' && FORMATTERS.has(call.name);
    return (conversion || formatted) && args.length > 0 && args.every((a) => isConstantExpression(a, depth + 1));
  }
  if (n.type === 'identifier') {
    const binding = fixedBinding(n);
    return !!binding && (binding.isConst || (!!binding.value && isConstantExpression(binding.value, depth + 1)));
  }
  return false;
}

/**
 * A name whose value cannot change after its declaration: a Go `const` (always a compile-time
 * constant), or a local initialised once and never assigned again.
 */
function fixedBinding(identifier: Node): { isConst: boolean; value?: Node } | undefined {
  const binding = resolveLocal(identifier, identifier.text);
  if (!binding) return undefined;
  if (binding.kind === 'const') return { isConst: true, value: binding.value };
  if ((binding.kind === 'var' || binding.kind === 'short') && binding.value && assignmentsTo(binding).length === 0) return { isConst: false, value: binding.value };
  return undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The value of a string literal node (escapes decoded); undefined for other nodes. */
export function stringLiteralValue(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1).replace(/\r/g, '');
  if (node.type !== 'interpreted_string_literal') return undefined;
  return node.text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (whole, esc: string) => {
    if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ESCAPES[esc] ?? whole;
  });
}

/** The text a constant string expression evaluates to (literals, `+`, constant names); undefined otherwise. */
export function constantString(node: Node, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  const literal = stringLiteralValue(n);
  if (literal !== undefined) return literal;
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const l = left ? constantString(left, depth + 1) : undefined;
    const r = right ? constantString(right, depth + 1) : undefined;
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (n.type === 'identifier') {
    const value = fixedBinding(n)?.value;
    return value ? constantString(value, depth + 1) : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Types

/** `*http.Request` → { path: 'net/http', name: 'Request' } (pointers stripped, aliases resolved). */
export function qualifiedType(typeNode: Node | undefined): { path: string; name: string } | undefined {
  let t = typeNode;
  while (t?.type === 'pointer_type' || t?.type === 'parenthesized_type') t = t.namedChildren[0] ?? undefined;
  if (t?.type !== 'qualified_type') return undefined;
  const pkg = t.childForFieldName('package');
  const name = t.childForFieldName('name');
  const importPath = pkg ? importsOf(pkg).get(pkg.text) : undefined;
  return importPath !== undefined && name ? { path: importPath, name: name.text } : undefined;
}
