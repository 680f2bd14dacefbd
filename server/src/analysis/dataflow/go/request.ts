/**
 * What an HTTP client controls in Go handlers: parameters typed as a request (net/http, gin,
 * echo, fiber, fasthttp), values computed from them, and structs a request body is decoded or
 * bound into (`c.ShouldBindJSON(&req)`, `json.NewDecoder(r.Body).Decode(&job)`).
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsTo, calleeOf, defaultImportName, qualifiedType, resolveLocal, usesOf, type GoBinding } from './bindings';

/** Handler parameters that carry what a client sent, by package name and type. */
const REQUEST_TYPES = new Set(['http.Request', 'gin.Context', 'echo.Context', 'fiber.Ctx', 'fasthttp.RequestCtx']);

/** True when the parameter type is an HTTP request (net/http, gin, echo, fiber, fasthttp). */
export function isRequestType(typeNode: Node | undefined): boolean {
  const type = qualifiedType(typeNode);
  return !!type && REQUEST_TYPES.has(`${defaultImportName(type.path)}.${type.name}`);
}

/**
 * True when `node` is computed from an HTTP request parameter (`r.URL.Query().Get("cmd")`,
 * `c.Param("name")`, `mux.Vars(r)["id"]`), directly or through local variables.
 */
export function isRequestDerived(node: Node, depth = 0): boolean {
  if (depth > 4) return false;
  const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').filter((n): n is Node => n !== null);
  for (const id of ids) {
    const binding = resolveLocal(id, id.text);
    if (!binding) continue;
    if (binding.kind === 'parameter' && isRequestType(binding.type)) return true;
    if (binding.kind !== 'short' && binding.kind !== 'var') continue;
    const sources = [binding.value ?? binding.tupleSource, ...assignmentsTo(binding).map((a) => a.value)];
    if (sources.some((s) => !!s && isRequestDerived(s, depth + 1))) return true;
    if (decodedFromRequest(binding, depth)) return true;
  }
  return false;
}

/** Methods and functions that fill their `&target` argument from data they read (a body, a form, JSON). */
const DECODERS = /^((Must|Should)?Bind\w*|Decode|Unmarshal|BodyParser|QueryParser|ParamsParser|ReqHeaderParser)$/;

/**
 * A variable filled in place from the request: `c.ShouldBindJSON(&req)`, `c.BodyParser(&in)`,
 * `json.NewDecoder(r.Body).Decode(&job)`, `json.Unmarshal(body, &req)` with a request-derived body.
 */
function decodedFromRequest(binding: GoBinding, depth: number): boolean {
  for (const use of usesOf(binding)) {
    const pointer = use.parent;
    if (pointer?.type !== 'unary_expression' || pointer.childForFieldName('operator')?.text !== '&') continue;
    const call = pointer.parent?.type === 'argument_list' ? pointer.parent.parent : null;
    const callee = call ? calleeOf(call) : undefined;
    if (!call || !callee || !DECODERS.test(callee.method)) continue;
    const others = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.startIndex !== pointer.startIndex) ?? [];
    const inputs = [...(callee.receiver ? [callee.receiver] : []), ...others];
    if (inputs.some((input) => isRequestDerived(input, depth + 1))) return true;
  }
  return false;
}
