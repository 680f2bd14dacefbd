/**
 * Small, intra-procedural data-flow helpers for JavaScript/TypeScript trees: resolve an identifier
 * to its declaration in an enclosing scope, and decide whether an expression is a compile-time
 * constant string. Conservative on purpose: anything not provably constant is "dynamic".
 */
import type { Node } from 'web-tree-sitter';

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** Strips parentheses and TypeScript-only wrappers (`x as string`, `x!`). */
export function unwrap(node: Node): Node {
  let current = node;
  while (WRAPPERS.has(current.type)) {
    const inner = current.type === 'type_assertion' ? current.namedChildren[1] : current.namedChildren[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

const SCOPE_TYPES = new Set(['program', 'statement_block', 'class_body', 'switch_body']);
const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

export interface Binding {
  /** The variable_declarator, parameter or catch clause that binds the name. */
  node: Node;
  kind: 'const' | 'let' | 'var' | 'parameter' | 'function';
  /** Initializer expression, when the declarator has one and binds the name directly (not destructured). */
  init?: Node;
  /** The object pattern the name was destructured from (`const { a } = init`), with its initializer. */
  destructuredFrom?: Node;
}

/** Finds the nearest declaration of `name` visible from `from` (lexical scopes walked outward). */
export function resolveBinding(from: Node, name: string): Binding | undefined {
  for (let scope: Node | null = from.parent; scope; scope = scope.parent) {
    if (FUNCTION_TYPES.has(scope.type)) {
      const param = findParameter(scope, name);
      if (param) return param;
    }
    if (!SCOPE_TYPES.has(scope.type)) continue;
    for (const statement of scope.namedChildren) {
      if (!statement) continue;
      const binding = bindingInStatement(statement, name);
      if (binding) return binding;
    }
  }
  return undefined;
}

function findParameter(fn: Node, name: string): Binding | undefined {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return undefined;
  if (params.type === 'identifier') return params.text === name ? { node: params, kind: 'parameter' } : undefined;
  for (const id of params.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) {
    if (id?.text === name && !isTypeAnnotationPart(id)) return { node: id, kind: 'parameter' };
  }
  return undefined;
}

function isTypeAnnotationPart(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'type_annotation') return true;
    if (p.type === 'formal_parameters') return false;
  }
  return false;
}

function bindingInStatement(statement: Node, name: string): Binding | undefined {
  const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') ?? statement : statement;
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    const kindText = declaration.firstChild?.text;
    const kind: Binding['kind'] = kindText === 'const' ? 'const' : kindText === 'let' ? 'let' : 'var';
    for (const declarator of declaration.namedChildren) {
      if (declarator?.type !== 'variable_declarator') continue;
      const target = declarator.childForFieldName('name');
      const init = declarator.childForFieldName('value') ?? undefined;
      if (!target) continue;
      if (target.type === 'identifier' && target.text === name) return { node: declarator, kind, init };
      if (target.type === 'object_pattern' || target.type === 'array_pattern') {
        const bound = target.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).some((n) => n?.text === name);
        if (bound) return { node: declarator, kind, destructuredFrom: init };
      }
    }
  }
  if ((declaration.type === 'function_declaration' || declaration.type === 'class_declaration') && declaration.childForFieldName('name')?.text === name) {
    return { node: declaration, kind: 'function' };
  }
  return undefined;
}

/** Expressions assigned to `name` later in its scope (`x = …`, `x += …`). */
export function assignmentsTo(binding: Binding, name: string): Node[] {
  let scope: Node | null = binding.node.parent;
  while (scope && !SCOPE_TYPES.has(scope.type) && !FUNCTION_TYPES.has(scope.type)) scope = scope.parent;
  if (!scope) return [];
  const out: Node[] = [];
  // Found through the name's occurrences rather than by walking every assignment of a big scope.
  for (const id of identifiersNamed(scope, name)) {
    const assignment = id.parent;
    if (assignment?.type !== 'assignment_expression' && assignment?.type !== 'augmented_assignment_expression') continue;
    const right = assignment.childForFieldName('right');
    if (assignment.childForFieldName('left')?.startIndex === id.startIndex && right) out.push(right);
  }
  return out;
}

const STRING_TYPES = new Set(['string', 'number', 'true', 'false', 'null', 'undefined', 'regex']);

/**
 * True when `node` always evaluates to the same text: literals, templates without substitutions,
 * concatenations of constants, and `const` identifiers initialised with such (followed a few hops).
 */
export function isConstantExpression(node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  if (STRING_TYPES.has(n.type)) return true;
  if (n.type === 'template_string') {
    return n.namedChildren.every((c) => c?.type !== 'template_substitution' || (c.namedChildren[0] ? isConstantExpression(c.namedChildren[0], depth + 1) : true));
  }
  if (n.type === 'binary_expression') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return !!left && !!right && isConstantExpression(left, depth + 1) && isConstantExpression(right, depth + 1);
  }
  if (n.type === 'ternary_expression') {
    const c = n.childForFieldName('consequence');
    const a = n.childForFieldName('alternative');
    return !!c && !!a && isConstantExpression(c, depth + 1) && isConstantExpression(a, depth + 1);
  }
  if (n.type === 'array') return n.namedChildren.every((c) => !!c && isConstantExpression(c, depth + 1));
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (!binding?.init) return false;
    if (binding.kind !== 'const' && assignmentsTo(binding, n.text).length > 0) return false;
    if (binding.kind === 'parameter' || binding.kind === 'function') return false;
    return isConstantExpression(binding.init, depth + 1);
  }
  return false;
}

/** The called function's name: `exec` for `exec(…)`, `cp.exec(…)`, `require('x').exec(…)`. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text;
  return undefined;
}

/** The nth argument of a call (skipping punctuation), if present. */
export function argumentAt(call: Node, index: number): Node | undefined {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment')[index] ?? undefined;
}

/** Value of property `key` in an object literal, if written literally (`{ shell: true }`). */
export function objectProperty(object: Node, key: string): Node | undefined {
  const obj = unwrap(object);
  if (obj.type !== 'object') return undefined;
  for (const pair of obj.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const k = pair.childForFieldName('key');
    const keyText = k?.type === 'string' ? k.text.slice(1, -1) : k?.text;
    if (keyText === key) return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Strings, names and references: the text a string is built from, what a value is called where it
// lands, and where a variable is read. (Which module a value comes from: modules.ts.)

/** The text of an object key: `a`, `'a'`, `"a"` → `a`; computed keys give undefined. */
export function propertyKeyText(key: Node | null | undefined): string | undefined {
  if (!key) return undefined;
  if (key.type === 'string') return key.text.slice(1, -1);
  if (key.type === 'property_identifier' || key.type === 'number' || key.type === 'private_property_identifier') return key.text.replace(/^#/, '');
  return undefined;
}

/** The value of a constant string expression (literals, untouched templates, `+` of constants, `const` names). */
export function stringValue(node: Node, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  if (n.type === 'string') return n.text.slice(1, -1);
  if (n.type === 'number') return n.text;
  if (n.type === 'template_string' || (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+')) {
    let out = '';
    for (const part of stringParts(n)) {
      if ('text' in part) out += part.text;
      else return undefined;
    }
    return out;
  }
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (binding?.kind !== 'const' || !binding.init) return undefined;
    return stringValue(binding.init, depth + 1);
  }
  return undefined;
}

/** A piece of a string built at run time: literal text, or an expression spliced in. */
export type StringPart = { text: string } | { expr: Node };

/**
 * Flattens a string built from literals, templates and `+` into literal text and the expressions
 * spliced in. Variables are followed to their initialiser, and `let` variables also to later
 * assignments and `+=` appends, so a query or command built in steps reads as one string.
 */
export function stringParts(node: Node): StringPart[] {
  // The budget bounds the work on minified code, where `let` variables are reassigned from each
  // other many times and following every assignment would grow exponentially.
  return collectParts(node, 0, { left: 64 });
}

function collectParts(node: Node, depth: number, budget: { left: number }): StringPart[] {
  const n = unwrap(node);
  if (depth > 8 || --budget.left < 0) return [{ expr: n }];
  if (n.type === 'string') return [{ text: n.text.slice(1, -1) }];
  if (n.type === 'number') return [{ text: n.text }];
  if (n.type === 'template_string') {
    const parts: StringPart[] = [];
    let cursor = n.startIndex + 1;
    for (const child of n.namedChildren) {
      if (child?.type !== 'template_substitution') continue;
      parts.push({ text: n.text.slice(cursor - n.startIndex, child.startIndex - n.startIndex) });
      const inner = child.namedChildren[0];
      if (inner) parts.push(...collectParts(inner, depth + 1, budget));
      cursor = child.endIndex;
    }
    parts.push({ text: n.text.slice(cursor - n.startIndex, n.endIndex - 1 - n.startIndex) });
    return parts;
  }
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return left && right ? [...collectParts(left, depth + 1, budget), ...collectParts(right, depth + 1, budget)] : [{ expr: n }];
  }
  if (n.type === 'call_expression') {
    const joined = joinedArrayParts(n, depth, budget);
    if (joined) return joined;
  }
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (!binding?.init || binding.kind === 'parameter' || binding.kind === 'function') return [{ expr: n }];
    const parts = collectParts(binding.init, depth + 1, budget);
    if (binding.kind !== 'const') for (const later of assignmentsTo(binding, n.text)) parts.push(...collectParts(later, depth + 1, budget));
    return parts;
  }
  return [{ expr: n }];
}

/** `['SELECT … ORDER BY', col].join(' ')`: an array literal (or a const one) joined with a fixed separator, as parts. */
function joinedArrayParts(call: Node, depth: number, budget: { left: number }): StringPart[] | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'join') return undefined;
  let list = unwrap(fn.childForFieldName('object') ?? fn);
  const binding = list.type === 'identifier' ? resolveBinding(list, list.text) : undefined;
  if (binding) list = binding.kind === 'const' && binding.init ? unwrap(binding.init) : list;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  const separator = args.length === 0 ? ',' : args[0] ? stringValue(args[0]) : undefined;
  const elements = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  // A spread (`...parts`) has unknown length: the call stays one opaque value.
  if (list.type !== 'array' || separator === undefined || elements.some((e) => e.type === 'spread_element')) return undefined;
  return elements.flatMap((element, i) => [...(i > 0 ? [{ text: separator }] : []), ...collectParts(element, depth + 1, budget)]);
}

/** The nearest function (declaration, expression, arrow or method) containing `node`. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

export function isFunctionNode(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** A function's name: declared, or taken from where an anonymous function is stored (`const f = () => …`). */
export function functionName(fn: Node): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text.replace(/^#/, '');
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator' && parent.childForFieldName('name')?.type === 'identifier') return parent.childForFieldName('name')?.text;
  if (parent.type === 'pair') return propertyKeyText(parent.childForFieldName('key'));
  if (parent.type === 'field_definition') return propertyKeyText(parent.childForFieldName('property'));
  if (parent.type === 'public_field_definition') return propertyKeyText(parent.childForFieldName('name'));
  if (parent.type === 'assignment_expression') return lastName(parent.childForFieldName('left'));
  return undefined;
}

/** The most specific name of a place or value: `x` → x, `a.b.token` → token, `h['x-api-key']` → x-api-key. */
export function lastName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'shorthand_property_identifier' || n.type === 'property_identifier') return n.text;
  if (n.type === 'member_expression') return n.childForFieldName('property')?.text.replace(/^#/, '');
  if (n.type === 'subscript_expression') {
    const index = n.childForFieldName('index');
    const key = index ? stringValue(index) : undefined;
    return key ?? lastName(n.childForFieldName('object'));
  }
  return undefined;
}

/** Where a value lands: the variable, property, key, parameter default or JSX attribute it is stored in, or the function it is returned from. */
export interface Destination {
  kind: 'variable' | 'property' | 'key' | 'attribute' | 'return';
  /** The name that describes the value ('' for an anonymous function's result). */
  name: string;
  /** For a local variable: its binding, to follow where it is read. */
  binding?: Binding;
  /** For 'return': the function whose result the value is. */
  fn?: Node;
}

/** The destination of `expr` when `expr` is stored or returned as a whole; undefined otherwise. */
export function destinationOf(expr: Node): Destination | undefined {
  const parent = expr.parent;
  if (!parent) return undefined;
  const same = (n: Node | null) => !!n && n.startIndex === expr.startIndex && n.endIndex === expr.endIndex;
  switch (parent.type) {
    case 'variable_declarator': {
      const name = parent.childForFieldName('name');
      if (!same(parent.childForFieldName('value')) || name?.type !== 'identifier') return undefined;
      return { kind: 'variable', name: name.text, binding: resolveBinding(name, name.text) };
    }
    case 'assignment_expression':
    case 'augmented_assignment_expression':
    case 'assignment_pattern': {
      const left = parent.childForFieldName('left');
      if (!same(parent.childForFieldName('right')) || !left) return undefined;
      const name = lastName(left);
      if (!name) return undefined;
      if (left.type === 'identifier') return { kind: 'variable', name, binding: resolveBinding(left, name) };
      return { kind: 'property', name };
    }
    case 'pair': {
      const name = propertyKeyText(parent.childForFieldName('key'));
      return same(parent.childForFieldName('value')) && name ? { kind: 'key', name } : undefined;
    }
    case 'field_definition':
    case 'public_field_definition': {
      const name = propertyKeyText(parent.childForFieldName('property') ?? parent.childForFieldName('name'));
      return name ? { kind: 'property', name } : undefined;
    }
    case 'jsx_expression': {
      const attribute = parent.parent;
      const name = attribute?.type === 'jsx_attribute' ? attribute.namedChildren[0]?.text : undefined;
      return name ? { kind: 'attribute', name } : undefined;
    }
    case 'return_statement': {
      const fn = enclosingFunction(parent);
      return fn ? { kind: 'return', name: functionName(fn) ?? '', fn } : undefined;
    }
    case 'arrow_function':
      return same(parent.childForFieldName('body')) ? { kind: 'return', name: functionName(parent) ?? '', fn: parent } : undefined;
    default:
      return undefined;
  }
}

/** The places where the variable of `binding` is read (not where it is declared or assigned). */
export function referencesTo(binding: Binding, name: string): Node[] {
  let scope: Node | null = binding.kind === 'parameter' ? enclosingFunction(binding.node) ?? null : binding.node.parent;
  while (scope && !SCOPE_TYPES.has(scope.type) && !FUNCTION_TYPES.has(scope.type)) scope = scope.parent;
  if (!scope) return [];
  const out: Node[] = [];
  // Resolving each candidate walks the scopes; a name used hundreds of times (minified code) is cut short.
  for (const id of identifiersNamed(scope, name).slice(0, 200)) {
    if (id.startIndex === binding.node.startIndex) continue;
    const parent = id.parent;
    if (parent?.type === 'variable_declarator' && parent.childForFieldName('name')?.startIndex === id.startIndex) continue;
    if ((parent?.type === 'assignment_expression' || parent?.type === 'augmented_assignment_expression') && parent.childForFieldName('left')?.startIndex === id.startIndex) continue;
    const resolved = resolveBinding(id, name);
    if (resolved && resolved.node.startIndex === binding.node.startIndex && resolved.node.endIndex === binding.node.endIndex) out.push(id);
  }
  return out;
}

/**
 * The identifiers spelled `name` inside `scope`. Found by searching the text and asking the tree
 * what sits there, which is far cheaper than walking every node of a large scope.
 */
export function identifiersNamed(scope: Node, name: string): Node[] {
  const text = scope.text;
  const out: Node[] = [];
  const escaped = name.replace(/[$]/g, '\\$');
  for (const found of text.matchAll(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g'))) {
    const start = scope.startIndex + found.index;
    const node = scope.descendantForIndex(start, start + name.length);
    if (node?.type === 'identifier' && node.startIndex === start && node.endIndex === start + name.length) out.push(node);
  }
  return out;
}
