/**
 * Where request input enters JavaScript/TypeScript code, recognised by the shape of the expression:
 * server frameworks (Express, Koa, Fastify, Hapi, Next.js, Hono, the fetch `Request`, AWS Lambda) and
 * browser URL state (`location.search`, `document.URL`, `useSearchParams()`).
 *
 * Request objects are recognised by their conventional names (`req`, `request`, `ctx`, `event`, …),
 * as every framework's docs and nearly all generated code name them; a local `const request =
 * require('request')` or an import of that name is not a request object.
 */
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, functionName, resolveBinding, unwrap } from './bindings';

type RequestKind = 'request' | 'context' | 'lambda';

const KIND_OF_NAME: Record<string, RequestKind> = {
  req: 'request', request: 'request',
  // Koa's ctx, Next.js getServerSideProps(context), Azure Functions context.
  ctx: 'context', context: 'context',
  // AWS Lambda / Netlify handler(event).
  event: 'lambda', evt: 'lambda',
};

/** Properties that hold client-chosen data, per kind of request object. */
const INPUT_PROPERTIES: Record<RequestKind, ReadonlySet<string>> = {
  request: new Set(['query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'hostname', 'host', 'payload', 'nextUrl', 'rawBody']),
  context: new Set(['query', 'params', 'querystring', 'url', 'originalUrl', 'path', 'href', 'headers', 'header', 'host', 'hostname', 'cookies', 'resolvedUrl']),
  lambda: new Set(['queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'body', 'headers', 'multiValueHeaders', 'rawPath', 'rawQueryString', 'cookies']),
};

/** Methods whose result is client-chosen: Express `req.get('X')`, Hono `c.req.query('q')`, fetch `request.json()`. */
const INPUT_METHODS: Record<RequestKind, ReadonlySet<string>> = {
  request: new Set(['get', 'header', 'param', 'query', 'json', 'formData', 'text']),
  context: new Set(['get']),
  lambda: new Set(),
};

/** Request properties that always start with "/" on a server (the request target's path). */
const PATH_PROPERTIES = new Set(['url', 'originalUrl', 'path']);

const HOST_HEADERS = new Set(['host', 'x-forwarded-host', ':authority']);
const LOCATION_PROPERTIES = new Set(['search', 'hash', 'href']);
const DOCUMENT_URL_PROPERTIES = new Set(['URL', 'documentURI', 'referrer']);
const GLOBAL_OBJECTS = new Set(['window', 'document', 'self', 'globalThis', 'top', 'parent']);
const URL_STATE_HOOKS = new Set(['useSearchParams', 'useParams']);

function propertyName(member: Node): string | undefined {
  if (member.type === 'member_expression') return member.childForFieldName('property')?.text;
  if (member.type === 'subscript_expression') {
    const index = member.childForFieldName('index');
    return index?.type === 'string' ? index.text.slice(1, -1) : undefined;
  }
  return undefined;
}

function isImported(node: Node, name: string): boolean {
  return node.tree.rootNode.namedChildren.some((statement) => statement?.type === 'import_statement'
    && statement.descendantsOfType('identifier').some((id) => id?.text === name));
}

/** Objects whose `.req` / `.request` is the incoming request: Koa `ctx.request`, Hono `c.req`, a fetch event's `event.request`. */
const REQUEST_HOLDERS = new Set(['ctx', 'context', 'c', 'event', 'evt']);
/** Parameters that sit next to an incoming request: Express (req, res, next), Fastify (request, reply), Hapi (request, h), Workers (request, env, ctx). */
const HANDLER_COMPANIONS = new Set(['res', 'response', 'reply', 'h', 'next', 'env', 'ctx', 'context']);
/** Calls that register request handlers: app.get(path, handler), router.use(mw), http.createServer(handler). */
const HANDLER_REGISTRATIONS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'head', 'options', 'route', 'handle', 'createServer', 'addHook', 'onRequest', 'preHandler']);
/** Names of handler functions: Next.js route handlers, Remix loaders/actions, Vercel/Netlify handlers, Next middleware. */
const HANDLER_NAMES = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|loader|action|handler|middleware|generateMetadata)$|Handler$|Middleware$|Controller$|Page$/;
/** Keys of a handler's destructured argument that hold input: `({ params, query }, res) =>`, Next.js `GET(req, { params })`, `Page({ searchParams })`. */
const DESTRUCTURED_INPUT_KEYS = new Set(['query', 'params', 'body', 'headers', 'cookies', 'searchParams', 'payload']);
/** TypeScript types of an incoming request (anchored, so `PipelineRequest` is not one). */
const REQUEST_TYPES = /^:\s*((express|Express|Koa|Hapi)\.)?(Request|NextRequest|NextApiRequest|FastifyRequest|IncomingMessage|HttpRequest|Req)\b/;

/**
 * A parameter named `req`/`request` is the incoming request only in something that looks like a
 * handler; in an HTTP client library `request` is the outgoing request the code itself built.
 */
function isHandlerParameter(param: Node): boolean {
  const fn = enclosingFunction(param);
  if (!fn) return false;
  for (let p: Node | null = param.parent; p && p.id !== fn.id; p = p.parent) {
    const annotation = p.childForFieldName('type');
    if (annotation && REQUEST_TYPES.test(annotation.text)) return true;
    if (p.type === 'required_parameter' && /^@Req(uest)?\(/.test(p.text)) return true;
  }
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const names = params.map((p) => (p?.type === 'identifier' ? p.text : p?.descendantsOfType('identifier')[0]?.text) ?? '');
  if (names.some((name) => HANDLER_COMPANIONS.has(name))) return true;
  if (HANDLER_NAMES.test(functionName(fn) ?? '')) return true;
  const call = fn.parent?.type === 'arguments' ? fn.parent.parent : null;
  const callee = call?.childForFieldName('function');
  const registration = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
  return !!registration && HANDLER_REGISTRATIONS.has(registration);
}

/** `({ params }, res, next) => …`: a handler parameter destructured into one of the request's input properties. */
export function isInputParameter(bound: Node): boolean {
  const entry = bound.parent?.type === 'pair_pattern' ? bound.parent : bound;
  const key = entry.type === 'pair_pattern' ? entry.childForFieldName('key')?.text : entry.type === 'shorthand_property_identifier_pattern' ? entry.text : undefined;
  const pattern = entry.parent;
  const holder = pattern?.type === 'object_pattern' ? pattern.parent : null;
  const direct = holder?.type === 'formal_parameters' || holder?.type === 'required_parameter' || holder?.type === 'optional_parameter';
  return !!key && direct && DESTRUCTURED_INPUT_KEYS.has(key) && isHandlerParameter(bound);
}

/** The kind of request object `node` is (`req`, `ctx.request`, `c.req`, `event`), if any. */
export function requestKindOf(node: Node, depth = 0): RequestKind | undefined {
  const n = unwrap(node);
  if (n.type === 'member_expression') {
    const prop = n.childForFieldName('property')?.text;
    const holder = n.childForFieldName('object');
    return (prop === 'req' || prop === 'request') && holder?.type === 'identifier' && REQUEST_HOLDERS.has(holder.text) ? 'request' : undefined;
  }
  if (n.type !== 'identifier') return undefined;
  const kind = KIND_OF_NAME[n.text];
  if (!kind || depth > 3) return undefined;
  const binding = resolveBinding(n, n.text);
  if (!binding) return isImported(n, n.text) ? undefined : kind;
  if (binding.kind === 'parameter') return kind !== 'request' || isHandlerParameter(binding.node) ? kind : undefined;
  // `const req = ctx.req` is a request; `const request = require('request')` or `new Request(url)` is not.
  const from = binding.init ?? binding.destructuredFrom;
  return from && requestKindOf(from, depth + 1) ? kind : undefined;
}

/** `query` of `req`, `body` of `event`: a property of a request object that holds client input. */
export function isInputProperty(object: Node, prop: string): boolean {
  const kind = requestKindOf(object);
  return !!kind && INPUT_PROPERTIES[kind].has(prop);
}

function isUnboundGlobal(node: Node, name: string): boolean {
  return node.type === 'identifier' && node.text === name && !resolveBinding(node, name);
}

/** `location`, `window.location`, `document.location` (not a local variable called location). */
function isBrowserLocation(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return isUnboundGlobal(n, 'location');
  if (n.type !== 'member_expression' || n.childForFieldName('property')?.text !== 'location') return false;
  const object = n.childForFieldName('object');
  return !!object && object.type === 'identifier' && GLOBAL_OBJECTS.has(object.text);
}

/** A Next.js page's `searchParams` prop or `useSearchParams()` result, or an unresolved `searchParams`. */
function isSearchParamsState(node: Node): boolean {
  if (node.type !== 'identifier' || node.text !== 'searchParams') return false;
  const binding = resolveBinding(node, node.text);
  if (!binding || binding.kind === 'parameter') return true;
  const init = binding.init ?? binding.destructuredFrom;
  return !!init && isUrlStateHookCall(init);
}

function isUrlStateHookCall(node: Node): boolean {
  const n = unwrap(node);
  const fn = n.type === 'call_expression' ? n.childForFieldName('function') : null;
  return fn?.type === 'identifier' && URL_STATE_HOOKS.has(fn.text);
}

/** `router.query` / `router.asPath` where `const router = useRouter()` (Next.js pages router). */
function isRouterQuery(member: Node): boolean {
  const prop = propertyName(member);
  const object = member.childForFieldName('object');
  if ((prop !== 'query' && prop !== 'asPath') || object?.type !== 'identifier') return false;
  const init = resolveBinding(object, object.text)?.init;
  const fn = init && unwrap(init).type === 'call_expression' ? unwrap(init).childForFieldName('function') : null;
  return fn?.type === 'identifier' && fn.text === 'useRouter';
}

/**
 * Client-chosen fields of an uploaded file: multer's `originalname`, express-fileupload's `name`.
 * The other fields (`path`, `filename`, `destination`, `size`) are chosen by the server.
 */
const UPLOAD_NAME_PROPERTIES = new Set(['originalname', 'name']);
const UPLOAD_HOLDERS = new Set(['file', 'files']);

/** `req.file`, `req.files[0]`, `req.files.avatar`, `req.files['doc'][0]`: an uploaded file object. */
function isUploadedFile(node: Node): boolean {
  let n = unwrap(node);
  // Up to two steps into `req.files` (`files.avatar`, `files['doc'][0]`).
  for (let step = 0; step < 3; step++) {
    if (n.type !== 'member_expression' && n.type !== 'subscript_expression') return false;
    const object = n.childForFieldName('object');
    if (!object) return false;
    if (UPLOAD_HOLDERS.has(propertyName(n) ?? '') && requestKindOf(object) === 'request') return true;
    n = unwrap(object);
  }
  return false;
}

/**
 * True when `node` itself reads request input (not through a variable): `req.query`,
 * `req.get('x-id')`, `ctx.request.body`, `event.pathParameters`, `location.hash`, `useSearchParams()`.
 */
export function isDirectSource(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return isSearchParamsState(n);
  if (n.type === 'call_expression') {
    if (isUrlStateHookCall(n)) return true;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_expression') return false;
    const receiver = fn.childForFieldName('object');
    const kind = receiver ? requestKindOf(receiver) : undefined;
    const method = fn.childForFieldName('property')?.text ?? '';
    return !!kind && INPUT_METHODS[kind].has(method);
  }
  if (n.type !== 'member_expression' && n.type !== 'subscript_expression') return false;
  const object = n.childForFieldName('object');
  const prop = propertyName(n);
  if (!object || !prop) return false;
  if (UPLOAD_NAME_PROPERTIES.has(prop) && isUploadedFile(object)) return true;
  const kind = requestKindOf(object);
  if (kind) return INPUT_PROPERTIES[kind].has(prop);
  if (isBrowserLocation(object)) return LOCATION_PROPERTIES.has(prop);
  if (isUnboundGlobal(unwrap(object), 'document') && DOCUMENT_URL_PROPERTIES.has(prop)) return true;
  return isRouterQuery(n);
}

/**
 * `location.href`, `document.URL`: the page's own absolute URL. Its origin is the site's own, so
 * reloading it or a prefix of it (`location.href.split('#')[0]`) cannot leave the site; the parts
 * read out of it (`new URL(location.href).searchParams.get('next')`) are still input.
 */
export function carriesOwnOrigin(node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'member_expression') return false;
  const object = n.childForFieldName('object');
  const prop = n.childForFieldName('property')?.text;
  if (!object) return false;
  if (prop === 'href') return isBrowserLocation(object);
  return (prop === 'URL' || prop === 'documentURI') && isUnboundGlobal(unwrap(object), 'document');
}

/** `req.url`, `ctx.originalUrl`: input that always begins with "/" on a server, so it cannot move a URL to another host. */
export function isRequestPath(node: Node): boolean {
  const n = unwrap(node);
  const object = n.type === 'member_expression' ? n.childForFieldName('object') : null;
  return !!object && PATH_PROPERTIES.has(propertyName(n) ?? '') && requestKindOf(object) !== undefined;
}

function stringArgument(call: Node): string | undefined {
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  return first?.type === 'string' ? first.text.slice(1, -1).toLowerCase() : undefined;
}

/**
 * Reads of the Host header (`req.hostname`, `req.headers.host`, `req.get('host')`). A victim's browser
 * always sends the real host, so a link cannot make these point elsewhere: they do not make a redirect
 * open. (They do steer server-side requests, where the attacker sends the request themself.)
 */
export function isHostRead(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_expression') return false;
    const method = fn.childForFieldName('property')?.text;
    const receiver = fn.childForFieldName('object');
    if (!receiver || (method !== 'get' && method !== 'header')) return false;
    const onRequest = requestKindOf(receiver) !== undefined || isHeadersObject(receiver);
    return onRequest && HOST_HEADERS.has(stringArgument(n) ?? '');
  }
  if (n.type !== 'member_expression' && n.type !== 'subscript_expression') return false;
  const object = n.childForFieldName('object');
  const prop = propertyName(n)?.toLowerCase() ?? '';
  if (!object) return false;
  if (requestKindOf(object)) return prop === 'host' || prop === 'hostname';
  return isHeadersObject(object) && HOST_HEADERS.has(prop);
}

function isHeadersObject(node: Node): boolean {
  const n = unwrap(node);
  const prop = n.type === 'member_expression' ? n.childForFieldName('property')?.text : undefined;
  const object = n.childForFieldName('object');
  return (prop === 'headers' || prop === 'header') && !!object && requestKindOf(object) !== undefined;
}
