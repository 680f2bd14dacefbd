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
  for (const assignment of scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression'])) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (left?.type === 'identifier' && left.text === name && right) out.push(right);
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
