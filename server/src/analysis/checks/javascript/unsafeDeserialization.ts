/**
 * js-unsafe-deserialization: deserializers that run code found in the data. node-serialize's
 * `unserialize` evaluates `_$$ND_FUNC$$_` functions (an IIFE runs on load); funcster's
 * `deepDeserialize` rebuilds functions from source; js-yaml runs `!!js/function` only with the
 * full/JS-types schema (v3's DEFAULT_FULL_SCHEMA, v4's `DEFAULT_SCHEMA.extend(js-yaml-js-types)`).
 * js-yaml v4's plain `load` is safe and not reported; v3's default `load` cannot be told from v4's
 * in a source file, so it is not reported either.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckReport } from '../checkTypes';
import { argumentAt, calleeName, isConstantExpression, resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { importedCallee, moduleOf, type ModuleRef } from '../../dataflow/javascript/modules';

const CODE_RUNNING: Record<string, ReadonlySet<string>> = {
  'node-serialize': new Set(['unserialize']),
  funcster: new Set(['deepDeserialize', 'deserialize']),
};
const YAML_LOADERS = new Set(['load', 'loadAll']);
const JS_TYPES_MODULE = 'js-yaml-js-types';

/** Callee names the rule's query lists; other bare callees count only as renamed imports (`unserialize as restore`). */
const QUERY_NAMES = new Set(['unserialize', 'deepDeserialize', 'deserialize', 'load', 'loadAll']);

export const jsUnsafeDeserialization: Check = ({ match, captures }): CheckReport | false => {
  if (captures.renamed && (QUERY_NAMES.has(captures.renamed.text) || !importedCallee(captures.renamed))) return false;
  const data = argumentAt(match, 0);
  const target = calledModuleFunction(match);
  if (!data || !target || isConstantExpression(data)) return false;
  const library = target.source;
  if (CODE_RUNNING[library]?.has(target.member)) return { vars: { library, method: target.member } };
  if (library === 'js-yaml' && YAML_LOADERS.has(target.member) && loadsJsTypes(match)) return { messageId: 'js-yaml-js-types', vars: { method: target.member } };
  return false;
};

/** `serialize.unserialize(…)`, `require('node-serialize').unserialize(…)`, or an imported/destructured `unserialize(…)`. */
function calledModuleFunction(call: Node): Required<ModuleRef> | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') {
    const ref = moduleOf(fn);
    return ref?.member ? { source: ref.source, member: ref.member } : undefined;
  }
  const object = fn.type === 'member_expression' ? fn.childForFieldName('object') : undefined;
  const ref = object ? moduleOf(object) : undefined;
  const member = calleeName(call);
  return ref && !ref.member && member ? { source: ref.source, member } : undefined;
}

/** The options argument of a js-yaml load names a schema with `!!js/function` support. */
function loadsJsTypes(call: Node): boolean {
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    const schema = arg ? schemaOption(arg) : undefined;
    if (schema && schemaRunsCode(schema, 0)) return true;
  }
  return false;
}

function schemaOption(arg: Node): Node | undefined {
  let object = unwrap(arg);
  if (object.type === 'identifier') {
    const init = resolveBinding(object, object.text)?.init;
    if (!init) return undefined;
    object = unwrap(init);
  }
  if (object.type !== 'object') return undefined;
  for (const entry of object.namedChildren) {
    if (entry?.type === 'pair' && entry.childForFieldName('key')?.text === 'schema') return entry.childForFieldName('value') ?? undefined;
    if (entry?.type === 'shorthand_property_identifier' && entry.text === 'schema') return entry;
  }
  return undefined;
}

/** DEFAULT_FULL_SCHEMA (js-yaml 3), or anything built from js-yaml-js-types (js-yaml 4). */
function schemaRunsCode(node: Node, depth: number): boolean {
  if (depth > 5) return false;
  const n = unwrap(node);
  if (n.type === 'shorthand_property_identifier' || n.type === 'identifier') {
    if (n.text === 'DEFAULT_FULL_SCHEMA') return true;
    if (moduleOf(n)?.source === JS_TYPES_MODULE) return true;
    const binding = resolveBinding(n, n.text);
    return !!binding?.init && schemaRunsCode(binding.init, depth + 1);
  }
  if (n.type === 'member_expression') {
    if (n.childForFieldName('property')?.text === 'DEFAULT_FULL_SCHEMA') return true;
    return moduleOf(n)?.source === JS_TYPES_MODULE || schemaRunsCode(n.childForFieldName('object') ?? n, depth + 1);
  }
  if (n.type === 'call_expression' || n.type === 'new_expression') {
    if (moduleOf(n)?.source === JS_TYPES_MODULE) return true;
    const callee = n.childForFieldName('function') ?? n.childForFieldName('constructor');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    return [callee, ...args].some((part) => !!part && part.type !== 'comment' && schemaRunsCode(part, depth + 1));
  }
  if (n.type === 'array' || n.type === 'object' || n.type === 'pair') {
    return n.namedChildren.some((c) => !!c && schemaRunsCode(c, depth + 1));
  }
  return false;
}
