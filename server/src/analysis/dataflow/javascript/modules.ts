/**
 * Which module a JavaScript/TypeScript value comes from: `require('x')`, `import … from 'x'`,
 * destructuring and renames, so a check can tell child_process `exec` from `regex.exec`.
 */
import type { Node } from 'web-tree-sitter';
import { argumentAt, propertyKeyText, resolveBinding, stringValue, unwrap } from './bindings';

/** The module a value comes from: `source` without a `node:` prefix, `member` the export reached. */
export interface ModuleRef {
  source: string;
  /** `exec` for `import { exec }`, `require('x').exec`, `const { exec } = require('x')`; absent for the module object. */
  member?: string;
}

/**
 * What module value `node` denotes: `require('x')`, `await import('x')`, `require('x').y`, or an
 * identifier bound to one of those by an import, a require or destructuring. Default and namespace
 * imports both count as the module object (CommonJS interop makes them the same for Node built-ins).
 */
export function moduleOf(node: Node, depth = 0): ModuleRef | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  if (n.type === 'await_expression') return n.namedChildren[0] ? moduleOf(n.namedChildren[0], depth + 1) : undefined;
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const isLoader = (fn?.type === 'identifier' && fn.text === 'require') || fn?.type === 'import';
    const specifier = isLoader ? argumentAt(n, 0) : undefined;
    const source = specifier ? stringValue(specifier) : undefined;
    return source ? { source: normaliseSpecifier(source) } : undefined;
  }
  if (n.type === 'member_expression') {
    const object = n.childForFieldName('object');
    const base = object ? moduleOf(object, depth + 1) : undefined;
    const property = n.childForFieldName('property')?.text;
    return base && !base.member && property ? { source: base.source, member: property } : undefined;
  }
  if (n.type !== 'identifier') return undefined;
  const binding = resolveBinding(n, n.text);
  if (!binding) return importedModule(n);
  if (binding.init && binding.kind !== 'parameter') return moduleOf(binding.init, depth + 1);
  if (binding.destructuredFrom) {
    const base = moduleOf(binding.destructuredFrom, depth + 1);
    const key = destructuredKey(binding.node, n.text);
    return base && !base.member && key ? { source: base.source, member: key } : undefined;
  }
  return undefined;
}

function normaliseSpecifier(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

/** The module an identifier is imported from by a top-level `import` statement. */
function importedModule(id: Node): ModuleRef | undefined {
  let root: Node = id;
  while (root.parent) root = root.parent;
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'import_statement') continue;
    const sourceNode = statement.childForFieldName('source');
    for (const clause of statement.namedChildren) {
      if (clause?.type === 'import_require_clause') {
        const spec = clause.childForFieldName('source');
        const source = spec ? stringValue(spec) : undefined;
        if (source && clause.namedChildren[0]?.text === id.text) return { source: normaliseSpecifier(source) };
      }
      if (clause?.type !== 'import_clause' || !sourceNode) continue;
      const source = normaliseSpecifier(sourceNode.text.slice(1, -1));
      for (const part of clause.namedChildren) {
        if (part?.type === 'identifier' && part.text === id.text) return { source };
        if (part?.type === 'namespace_import' && part.namedChildren[0]?.text === id.text) return { source };
        if (part?.type !== 'named_imports') continue;
        for (const specifier of part.namedChildren) {
          const name = specifier?.childForFieldName('name');
          const local = specifier?.childForFieldName('alias') ?? name;
          if (name && local?.text === id.text) return { source, member: name.text };
        }
      }
    }
  }
  return undefined;
}

/** For `const { exec: run } = …`, the key that `run` was taken from (`exec`). */
function destructuredKey(declarator: Node, name: string): string | undefined {
  const pattern = declarator.childForFieldName('name');
  if (pattern?.type !== 'object_pattern') return undefined;
  for (const entry of pattern.namedChildren) {
    if (!entry) continue;
    if (entry.type === 'shorthand_property_identifier_pattern' && entry.text === name) return name;
    if (entry.type === 'object_assignment_pattern' && entry.childForFieldName('left')?.text === name) return name;
    if (entry.type === 'pair_pattern') {
      const value = entry.childForFieldName('value');
      const bound = value?.type === 'assignment_pattern' ? value.childForFieldName('left') : value;
      if (bound?.text === name) return propertyKeyText(entry.childForFieldName('key'));
    }
  }
  return undefined;
}

/**
 * Local names bound at the top level of the file to an imported value (`import { exec as run }`,
 * `import fetchUrl from 'node-fetch'`, `const { exec: run } = require('child_process')`), built
 * once per tree. Rules whose query cannot know a renamed binding match every bare call; this map
 * makes rejecting the ordinary calls a single lookup. Shadowing is not considered here:
 * importedCallee confirms a hit with moduleOf.
 */
const topLevelCache = new WeakMap<object, Set<string>>();

function topLevelImportNames(root: Node): Set<string> {
  const cached = topLevelCache.get(root.tree);
  if (cached) return cached;
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement') {
      for (const id of statement.descendantsOfType('identifier')) if (id) names.add(id.text);
      continue;
    }
    if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') continue;
    for (const declarator of statement.namedChildren) {
      const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
      const target = declarator?.childForFieldName('name');
      if (!value || !target || !/\b(require|import)\s*\(/.test(value.text)) continue;
      if (target.type === 'identifier') names.add(target.text);
      for (const id of target.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) names.add(id.text);
    }
  }
  topLevelCache.set(root.tree, names);
  return names;
}

/**
 * The module export a bare callee `fn` is bound to by a top-level import or require, whatever its
 * local name: `run` in `import { exec as run } from 'node:child_process'` → child_process `exec`.
 */
export function importedCallee(fn: Node): ModuleRef | undefined {
  if (fn.type !== 'identifier' || !topLevelImportNames(fn.tree.rootNode).has(fn.text)) return undefined;
  return moduleOf(fn);
}
