/**
 * Does a Python expression carry HTTP request input? Knows the request objects of Flask, Django,
 * FastAPI/Starlette (and Quart/Bottle, which share Flask's names), route-handler parameters, and
 * follows variables, string building and method calls on such values.
 */
import type { Node } from 'web-tree-sitter';
import { reachingBindings } from './scopes';
import { callArguments, qualifiedNames, unwrapAwait } from './values';

/** Attributes (or methods) of a request object that hold client-controlled data. */
const REQUEST_DATA = new Set([
  // Flask / Werkzeug
  'args', 'form', 'values', 'json', 'data', 'cookies', 'headers', 'files', 'get_json', 'get_data', 'view_args', 'query_string', 'stream',
  'path', 'full_path', 'url', 'base_url', 'host', 'referrer', 'user_agent',
  // Django
  'GET', 'POST', 'FILES', 'COOKIES', 'META', 'body',
  // Starlette / FastAPI (`form` and `body` are awaited methods there)
  'query_params', 'path_params',
]);

const REQUEST_MODULE_OBJECTS = new Set(['flask.request', 'quart.request', 'bottle.request', 'sanic.request']);
/** Functions that return their (request-derived) argument's data in another form, unlike e.g. `len` or `int`. */
const PASS_THROUGH_FUNCTIONS = new Set(['str', 'bytes', 'format', 'bytes.decode', 'urllib.parse.unquote', 'urllib.parse.unquote_plus']);
const ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'head', 'options']);
const MAX_DEPTH = 8;

/**
 * True when `node` evaluates to (or is built from) client-controlled request data:
 * `request.args.get("q")`, `request.GET["id"]`, `await request.json()`, `request.form`,
 * a variable assigned from one, an f-string/concatenation/`%`/`.format` containing one, or a
 * parameter of a route handler (`@app.get("/items/{item_id}") def read(item_id: int)`).
 */
export function isRequestDerived(node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unwrapAwait(node);
  switch (n.type) {
    case 'attribute':
    case 'subscript':
    case 'call':
      return isRequestAccess(n, depth);
    case 'identifier':
      return reachingBindings(n).some((b) => {
        if (b.kind === 'parameter') return isRouteParameter(b.statement, b.target.text);
        return !!b.value && (b.kind === 'assignment' || b.kind === 'augmented' || b.kind === 'walrus' || b.kind === 'for') && isRequestDerived(b.value, depth + 1);
      });
    case 'string':
      return n.descendantsOfType('interpolation').some((i) => {
        const expression = i?.childForFieldName('expression');
        return !!expression && isRequestDerived(expression, depth + 1);
      });
    case 'concatenated_string':
    case 'binary_operator':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'conditional_expression':
      return n.namedChildren.some((c) => !!c && isRequestDerived(c, depth + 1));
  }
  return false;
}

/** `request.args`, `request.args["q"]`, `request.args.get("q")`, `request.get_json()`, `data.strip()` on derived data. */
function isRequestAccess(n: Node, depth: number): boolean {
  if (n.type === 'subscript') {
    const value = n.childForFieldName('value');
    return !!value && isRequestDerived(value, depth + 1);
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'attribute') {
      // A method of request data (`.get`, `.strip`, `.decode`) returns request data.
      const receiver = fn.childForFieldName('object');
      if (receiver && isRequestDerived(receiver, depth + 1)) return true;
      if (receiver && (isRequestObject(receiver) && REQUEST_DATA.has(fn.childForFieldName('attribute')?.text ?? ''))) return true;
    }
    if (qualifiedNames(fn).some((q) => PASS_THROUGH_FUNCTIONS.has(q))) {
      return callArguments(n).some((a) => a.type !== 'keyword_argument' && isRequestDerived(a, depth + 1));
    }
    return false;
  }
  const object = n.childForFieldName('object');
  const attribute = n.childForFieldName('attribute')?.text ?? '';
  if (!object) return false;
  if (isRequestObject(object)) return REQUEST_DATA.has(attribute);
  return isRequestDerived(object, depth + 1) && !isRequestObject(n);
}

/** `request` from Flask/Quart/Bottle, a handler's `request` parameter, or `self.request` (Django class-based views). */
function isRequestObject(node: Node): boolean {
  const n = unwrapAwait(node);
  if (n.type === 'attribute') {
    return n.childForFieldName('object')?.text === 'self' && n.childForFieldName('attribute')?.text === 'request';
  }
  if (n.type !== 'identifier') return false;
  if (qualifiedNames(n).some((q) => REQUEST_MODULE_OBJECTS.has(q))) return true;
  if (n.text !== 'request' && n.text !== 'req') return false;
  const bindings = reachingBindings(n);
  // An unbound `request` is Flask's global in a snippet whose imports were left out.
  if (bindings.length === 0) return n.text === 'request';
  return bindings.some((b) => b.kind === 'parameter');
}

/** A parameter of a function decorated as a web route; framework-injected values (`Depends(...)`, the request itself) are not input. */
function isRouteParameter(parameter: Node, name: string): boolean {
  if (name === 'self' || name === 'cls' || name === 'request' || name === 'req') return false;
  const defaultValue = parameter.childForFieldName('value');
  if (defaultValue?.type === 'call') {
    const callee = defaultValue.childForFieldName('function')?.text ?? '';
    if (/(^|\.)(Depends|Security)$/.test(callee)) return false;
  }
  const type = parameter.childForFieldName('type')?.text ?? '';
  if (/(^|\.)(Request|WebSocket|Session|AsyncSession|BackgroundTasks|Response)$/.test(type)) return false;
  const fn = parameter.parent?.parent;
  const decorated = fn?.parent;
  if (fn?.type !== 'function_definition' || decorated?.type !== 'decorated_definition') return false;
  return decorated.namedChildren.some((d) => {
    if (d?.type !== 'decorator') return false;
    const call = d.namedChildren[0];
    const target = call?.type === 'call' ? call.childForFieldName('function') : call;
    return target?.type === 'attribute' && ROUTE_DECORATORS.has(target.childForFieldName('attribute')?.text ?? '');
  });
}
