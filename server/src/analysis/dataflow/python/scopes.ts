/**
 * Python name resolution over a tree-sitter tree: which scope binds a name (function, class,
 * comprehension, module, with `global`/`nonlocal` honoured), every binding of it there, and which
 * of those can reach a given use. Intra-procedural and flow-insensitive except for one cheap rule:
 * inside the use's own scope, a plain assignment that always runs before the use hides older ones.
 */
import type { Node, Tree } from 'web-tree-sitter';

export type BindingKind =
  | 'assignment' | 'augmented' | 'unpacked' | 'walrus' | 'parameter' | 'import' | 'function' | 'class'
  | 'for' | 'with' | 'except' | 'comprehension';

export interface PyBinding {
  name: string;
  kind: BindingKind;
  /** The identifier that is bound (for imports: the alias or first dotted-name part). */
  target: Node;
  /** The statement or clause that binds it (assignment, for_statement, with_item, parameter node, …). */
  statement: Node;
  /**
   * What the name holds: the right-hand side of `x = v` / `x += v` / `x := v`, the context manager of
   * `with v as x`, the iterable of `for x in v` (kinds 'for' and 'comprehension': an element of it),
   * a parameter's default value. Absent when unknown (tuple unpacking of a non-literal, parameters
   * without default).
   */
  value?: Node;
  /** Dotted path an import binds: `import subprocess as sp` → `subprocess`; `from os import system` → `os.system`. */
  importPath?: string;
}

export interface Resolution {
  scope: Node;
  bindings: PyBinding[];
}

const FUNCTION_SCOPES = new Set(['function_definition', 'lambda']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

interface ScopeIndex {
  bindings: Map<string, PyBinding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

// Indexes are built once per scope node of one tree; a re-parse makes a new Tree and a fresh cache.
const indexCache = new WeakMap<Tree, Map<number, ScopeIndex>>();

/** Is `node` inside the part of `scope` that runs in that scope (body, parameters), not its header? */
function belongsTo(scope: Node, node: Node): boolean {
  if (scope.type === 'module') return true;
  if (scope.type === 'function_definition' || scope.type === 'lambda') {
    const body = scope.childForFieldName('body');
    const params = scope.childForFieldName('parameters');
    return contains(body, node) || (!!params && contains(params, node) && !insideDefaultValue(params, node));
  }
  if (scope.type === 'class_definition') return contains(scope.childForFieldName('body'), node);
  if (COMPREHENSIONS.has(scope.type)) {
    // The first iterable is evaluated in the enclosing scope.
    const first = scope.namedChildren.find((c) => c?.type === 'for_in_clause');
    return !contains(first?.childForFieldName('right') ?? null, node);
  }
  return false;
}

function insideDefaultValue(params: Node, node: Node): boolean {
  for (let p: Node | null = node; p && p.id !== params.id; p = p.parent) {
    const parent = p.parent;
    if (parent && (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && parent.childForFieldName('value')?.id === p.id) return true;
  }
  return false;
}

function contains(outer: Node | null, inner: Node): boolean {
  return !!outer && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The scopes whose names `node` can see, innermost first (the class of a method is not among them). */
export function enclosingScopes(node: Node): Node[] {
  const scopes: Node[] = [];
  for (let p = node.parent; p; p = p.parent) {
    const isScope = p.type === 'module' || p.type === 'class_definition' || FUNCTION_SCOPES.has(p.type) || COMPREHENSIONS.has(p.type);
    if (!isScope || !belongsTo(p, node)) continue;
    // Python skips class bodies when resolving names inside nested functions and comprehensions.
    if (p.type === 'class_definition' && scopes.length > 0) continue;
    scopes.push(p);
  }
  return scopes;
}

/** The function (or lambda) whose body contains `node`, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  return enclosingScopes(node).find((s) => s.type === 'function_definition');
}

/** The scope that binds `name` as seen from `from`, with all its bindings there; undefined for builtins and unknown globals. */
export function resolveName(from: Node, name: string): Resolution | undefined {
  const scopes = enclosingScopes(from);
  const module = scopes[scopes.length - 1];
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i];
    const index = indexOf(scope);
    if (index.globals.has(name)) {
      const bindings = module ? indexOf(module).bindings.get(name) : undefined;
      return module && bindings ? { scope: module, bindings } : undefined;
    }
    if (index.nonlocals.has(name)) continue;
    const bindings = index.bindings.get(name);
    if (bindings) return { scope, bindings };
  }
  return undefined;
}

/**
 * The bindings of identifier `use` that can give it its value. Inside the use's own scope only those
 * written before it count, starting at the last plain assignment whose block also holds the use
 * (it runs on every path to the use); names from outer scopes may be set at any time, so all count.
 */
export function reachingBindings(use: Node): PyBinding[] {
  const resolution = resolveName(use, use.text);
  if (!resolution) return [];
  const { scope, bindings } = resolution;
  // Comprehensions run on the spot, so a use inside one is ordered like a use in its enclosing scope.
  const own = enclosingScopes(use).find((s) => !COMPREHENSIONS.has(s.type));
  if (!own || own.id !== scope.id) return bindings;
  const before = bindings.filter((b) => b.target.startIndex < use.startIndex && !contains(b.value ?? null, use) && !isInSiblingBranch(b, use));
  if (before.length === 0) return bindings;
  let start = 0;
  before.forEach((b, i) => {
    if ((b.kind === 'assignment' || b.kind === 'import' || b.kind === 'function' || b.kind === 'class') && contains(blockOf(b.statement), use)) start = i;
  });
  return before.slice(start);
}

/** A binding in a block that cannot run before the use, e.g. the `else` branch of the `if` holding the use. */
function isInSiblingBranch(binding: PyBinding, use: Node): boolean {
  for (let p = binding.statement.parent; p; p = p.parent) {
    if (contains(p, use)) return false;
    if (p.type === 'block' && p.parent && (p.parent.type === 'else_clause' || p.parent.type === 'elif_clause' || p.parent.type === 'if_statement')) {
      const ifStatement = p.parent.type === 'if_statement' ? p.parent : p.parent.parent;
      if (ifStatement && contains(ifStatement, use)) return true;
    }
  }
  return false;
}

function blockOf(statement: Node): Node | null {
  let p = statement.parent;
  while (p && p.type !== 'block' && p.type !== 'module') p = p.parent;
  return p;
}

function indexOf(scope: Node): ScopeIndex {
  return cachedForNode(indexCache, scope, buildIndex);
}

/**
 * `build(node)`, computed once per tree and node. Keyed by node id: web-tree-sitter hands out a
 * new Node object on every access, so Node objects are not stable keys.
 */
export function cachedForNode<T>(cache: WeakMap<Tree, Map<number, T>>, node: Node, build: (node: Node) => T): T {
  let perTree = cache.get(node.tree);
  if (!perTree) {
    perTree = new Map();
    cache.set(node.tree, perTree);
  }
  let value = perTree.get(node.id);
  if (value === undefined) {
    value = build(node);
    perTree.set(node.id, value);
  }
  return value;
}

function buildIndex(scope: Node): ScopeIndex {
  const index: ScopeIndex = { bindings: new Map(), globals: new Set(), nonlocals: new Set() };
  const add = (binding: PyBinding): void => {
    const list = index.bindings.get(binding.name);
    if (list) list.push(binding);
    else index.bindings.set(binding.name, [binding]);
  };
  if (FUNCTION_SCOPES.has(scope.type)) {
    const params = scope.childForFieldName('parameters');
    for (const param of params?.namedChildren ?? []) if (param) addParameter(param, add);
  }
  if (COMPREHENSIONS.has(scope.type)) {
    for (const clause of scope.namedChildren) {
      if (clause?.type !== 'for_in_clause') continue;
      bindTargets(clause.childForFieldName('left'), clause, 'comprehension', clause.childForFieldName('right') ?? undefined, add);
    }
    return index;
  }
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (body) collect(body, index, add);
  return index;
}

function addParameter(param: Node, add: (b: PyBinding) => void): void {
  let target: Node | null = null;
  let value: Node | undefined;
  switch (param.type) {
    case 'identifier': target = param; break;
    case 'default_parameter':
    case 'typed_default_parameter':
      target = param.childForFieldName('name');
      value = param.childForFieldName('value') ?? undefined;
      break;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      target = param.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      break;
    default: return;
  }
  if (target?.type === 'identifier') add({ name: target.text, kind: 'parameter', target, statement: param, value });
}

/** Walks the statements of one scope (not into nested functions, classes, lambdas or comprehensions). */
function collect(node: Node, index: ScopeIndex, add: (b: PyBinding) => void): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    switch (child.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = child.childForFieldName('name');
        if (name) add({ name: name.text, kind: child.type === 'class_definition' ? 'class' : 'function', target: name, statement: child });
        continue;
      }
      case 'lambda':
        continue;
      case 'assignment':
        bindAssignment(child, add);
        collect(child, index, add);
        continue;
      case 'augmented_assignment': {
        const left = child.childForFieldName('left');
        if (left?.type === 'identifier') add({ name: left.text, kind: 'augmented', target: left, statement: child, value: child.childForFieldName('right') ?? undefined });
        collect(child, index, add);
        continue;
      }
      case 'named_expression': {
        const name = child.childForFieldName('name');
        if (name) add({ name: name.text, kind: 'walrus', target: name, statement: child, value: child.childForFieldName('value') ?? undefined });
        collect(child, index, add);
        continue;
      }
      case 'import_statement':
      case 'import_from_statement':
        bindImport(child, add);
        continue;
      case 'for_statement':
        bindTargets(child.childForFieldName('left'), child, 'for', child.childForFieldName('right') ?? undefined, add);
        break;
      case 'with_item': {
        const pattern = child.childForFieldName('value');
        if (pattern?.type === 'as_pattern') {
          const alias = pattern.childForFieldName('alias');
          bindTargets(alias?.namedChildren[0] ?? null, child, 'with', pattern.namedChildren[0] ?? undefined, add);
        }
        break;
      }
      case 'except_clause': {
        const pattern = child.namedChildren.find((c) => c?.type === 'as_pattern');
        const alias = pattern?.childForFieldName('alias');
        bindTargets(alias?.namedChildren[0] ?? null, child, 'except', undefined, add);
        break;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const id of child.namedChildren) {
          if (id?.type === 'identifier') (child.type === 'global_statement' ? index.globals : index.nonlocals).add(id.text);
        }
        continue;
    }
    if (COMPREHENSIONS.has(child.type)) continue;
    collect(child, index, add);
  }
}

function bindAssignment(assignment: Node, add: (b: PyBinding) => void): void {
  // `a = b = value` nests: assignment(left a, right assignment(left b, right value)).
  let value = assignment.childForFieldName('right');
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  bindTargets(assignment.childForFieldName('left'), assignment, 'assignment', value ?? undefined, add);
}

const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);

function bindTargets(target: Node | null, statement: Node, kind: BindingKind, value: Node | undefined, add: (b: PyBinding) => void): void {
  if (!target) return;
  if (target.type === 'identifier') {
    add({ name: target.text, kind, target, statement, value });
    return;
  }
  if (target.type === 'parenthesized_expression') {
    bindTargets(target.namedChildren[0] ?? null, statement, kind, value, add);
    return;
  }
  if (target.type === 'list_splat_pattern') {
    bindTargets(target.namedChildren[0] ?? null, statement, kind === 'assignment' ? 'unpacked' : kind, undefined, add);
    return;
  }
  if (!PATTERN_TYPES.has(target.type)) return; // attribute / subscript targets bind no name
  const targets = target.namedChildren.filter((c): c is Node => !!c);
  // `a, b = x, y` pairs up; anything else unpacks an unknown value.
  const values = kind === 'assignment' && value && PATTERN_TYPES.has(value.type) ? value.namedChildren.filter((c): c is Node => !!c) : undefined;
  targets.forEach((t, i) => {
    if (kind === 'assignment') {
      const paired = values && values.length === targets.length ? values[i] : undefined;
      bindTargets(t, statement, paired ? 'assignment' : 'unpacked', paired, add);
    } else {
      bindTargets(t, statement, kind, undefined, add);
    }
  });
}

function bindImport(statement: Node, add: (b: PyBinding) => void): void {
  const fromModule = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') : undefined;
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : null;
    if (!dotted) continue;
    const path = dotted.text.replace(/\s+/g, '');
    if (fromModule !== undefined) {
      const target = alias ?? dotted;
      const prefix = fromModule.endsWith('.') ? fromModule : `${fromModule}.`;
      add({ name: target.text, kind: 'import', target, statement, importPath: `${prefix}${path}` });
    } else if (alias) {
      add({ name: alias.text, kind: 'import', target: alias, statement, importPath: path });
    } else {
      // `import os.path` binds `os`, which refers to the package.
      const first = dotted.namedChildren[0] ?? dotted;
      add({ name: first.text, kind: 'import', target: first, statement, importPath: first.text });
    }
  }
}
