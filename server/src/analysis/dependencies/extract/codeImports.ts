/**
 * Imports in code, read from the syntax tree (never from the text with patterns): JS/TS `import`,
 * `export … from`, `import x = require()`, `require()` / `require.resolve()` and `import()` with a
 * literal; Python `import` and `from … import`; Go import specs. Only nodes that intersect the
 * spans in scope are visited. Imports guarded by a handler for their absence (`try: import x
 * except ImportError`, `try { require('x') } catch {}`) are marked optional.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { GrammarId } from '../../languages';
import type { OffsetSpan } from '../../types';
import { npmPackageOfSpecifier } from '../names';
import type { PackageReference } from '../types';
import { intersectsAny, wholeLinesOf } from './spans';

export interface CodeImport extends PackageReference {
  /** JS: the whole specifier (`lodash/fp`), Python: the dotted module (`google.cloud.storage`), Go: the import path. */
  specifier: string;
  /** The code copes with the module being absent (an ImportError handler, a catch around require). */
  optional: boolean;
}

export function codeImports(tree: Tree, grammar: GrammarId, text: string, spans?: readonly OffsetSpan[]): CodeImport[] {
  const out: CodeImport[] = [];
  const visit = grammar === 'python' ? pythonNode : grammar === 'go' ? goNode : jsNode;
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!intersectsAny(spans, node.startIndex, node.endIndex)) continue;
    if (visit(node, text, out)) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out.sort((a, b) => a.span.startIndex - b.span.startIndex);
}

// ---- JavaScript / TypeScript ------------------------------------------------------------------

/** Returns true when the node was an import (its children need no visit). */
function jsNode(node: Node, text: string, out: CodeImport[]): boolean {
  switch (node.type) {
    case 'import_statement':
    case 'export_statement': {
      const source = node.childForFieldName('source') ?? node.namedChildren.find((c) => c?.type === 'import_require_clause')?.childForFieldName('source');
      if (!source) return false;
      addJs(source, text, out, wholeLinesOf(text, span(node)), false);
      return true;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      const isRequire = callee?.type === 'identifier' && callee.text === 'require';
      const isResolve = callee?.type === 'member_expression' && callee.text === 'require.resolve';
      if (!callee || !(isRequire || isResolve || callee.type === 'import')) return false;
      const first = node.childForFieldName('arguments')?.namedChild(0);
      if (first?.type !== 'string') return false;
      addJs(first, text, out, isRequire ? requireRemoval(node, text) : undefined, insideTryWithCatch(node));
      return true;
    }
    default:
      return false;
  }
}

function addJs(stringNode: Node, text: string, out: CodeImport[], removal: OffsetSpan | undefined, optional: boolean): void {
  const fragment = stringNode.namedChildren.find((c) => c?.type === 'string_fragment');
  // Escapes or an empty string: not a plain specifier.
  if (!fragment || stringNode.namedChildCount !== 1) return;
  const specifier = fragment.text;
  const name = jsPackageName(specifier);
  if (!name) return;
  out.push({
    ecosystem: 'npm', name, specifier, source: 'import', optional,
    span: { startIndex: fragment.startIndex, endIndex: fragment.startIndex + name.length },
    ...(removal ? { removal } : {}),
  });
}

/** The npm package a specifier names; undefined for paths, URLs, `node:`/`#` and other schemes. */
function jsPackageName(specifier: string): string | undefined {
  if (/^[./~#]/.test(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  return npmPackageOfSpecifier(specifier);
}

/** `const x = require('x')` and `require('x');` can go as a whole statement; a require inside an expression cannot. */
function requireRemoval(call: Node, text: string): OffsetSpan | undefined {
  const parent = call.parent;
  if (parent?.type === 'expression_statement') return wholeLinesOf(text, span(parent));
  if (parent?.type !== 'variable_declarator' || parent.childForFieldName('value')?.id !== call.id) return undefined;
  const declaration = parent.parent;
  if (!declaration || !['lexical_declaration', 'variable_declaration'].includes(declaration.type) || declaration.namedChildCount !== 1) return undefined;
  return wholeLinesOf(text, span(declaration));
}

function insideTryWithCatch(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'statement_block' && n.parent?.type === 'try_statement' && n.parent.childForFieldName('body')?.id === n.id) {
      return n.parent.childForFieldName('handler') !== null;
    }
    if (n.type.includes('function') || n.type === 'method_definition' || n.type === 'class_body') return false;
  }
  return false;
}

// ---- Python -------------------------------------------------------------------------------------

function pythonNode(node: Node, text: string, out: CodeImport[]): boolean {
  if (node.type === 'import_statement') {
    const names = node.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const optional = guardedByImportError(node);
    for (const name of names) {
      const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (dotted?.type === 'dotted_name') addPython(dotted, out, names.length === 1 ? wholeLinesOf(text, span(node)) : undefined, optional);
    }
    return true;
  }
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    if (module?.type === 'dotted_name') addPython(module, out, wholeLinesOf(text, span(node)), guardedByImportError(node));
    return true;
  }
  return node.type === 'future_import_statement';
}

function addPython(dotted: Node, out: CodeImport[], removal: OffsetSpan | undefined, optional: boolean): void {
  const top = dotted.namedChild(0);
  if (!top) return;
  out.push({
    ecosystem: 'pypi', name: top.text, specifier: dotted.text, source: 'import', optional,
    span: span(top),
    ...(removal ? { removal } : {}),
  });
}

const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

/** `try: import x` with an `except ImportError` (or a bare/broad except): the code runs without x. */
function guardedByImportError(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'block' && n.parent?.type === 'try_statement' && n.parent.childForFieldName('body')?.id === n.id) {
      return n.parent.namedChildren.some((c) => c?.type === 'except_clause' && (c.namedChildCount <= 1 || IMPORT_ERRORS.test(c.namedChild(0)?.text ?? '')));
    }
    if (n.type === 'function_definition' || n.type === 'class_definition') return false;
  }
  return false;
}

// ---- Go -------------------------------------------------------------------------------------------

function goNode(node: Node, text: string, out: CodeImport[]): boolean {
  if (node.type !== 'import_spec') return false;
  const literal = node.childForFieldName('path');
  const content = literal?.namedChildren.find((c) => c?.type === 'interpreted_string_literal_content');
  if (!literal || !content || literal.namedChildCount !== 1) return true;
  const importPath = content.text;
  if (importPath === 'C') return true; // cgo
  const inList = node.parent?.type === 'import_spec_list';
  const removal = inList ? wholeLinesOf(text, span(node)) : node.parent ? wholeLinesOf(text, span(node.parent)) : undefined;
  out.push({ ecosystem: 'go', name: importPath, specifier: importPath, source: 'import', optional: false, span: span(content), ...(removal ? { removal } : {}) });
  return true;
}

function span(node: Node): OffsetSpan {
  return { startIndex: node.startIndex, endIndex: node.endIndex };
}
