/**
 * Checks for web-application rules in JavaScript/TypeScript: request input reaching a redirect, a
 * file path, an outgoing request or a regular expression (via dataflow/jsTaint.ts), plus JWT and
 * CORS configuration (jsJwt.ts, jsCors.ts).
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckReport } from '../checkTypes';
import { argumentAt, objectProperty, resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { requestSource, type TaintOptions } from '../../dataflow/javascript/taint';
import { isRequestPath } from '../../dataflow/javascript/taintSources';
import { importedCallee } from '../../dataflow/javascript/modules';
import { PATH_GUARD, REDIRECT_GUARD, REGEX_GUARD, REQUEST_GUARD } from './webGuards';
import { jwtInsecureVerify } from './jwtInsecureVerify';
import { corsWildcardCredentials } from './corsWildcardCredentials';

/** Short, one-line text of a node for messages. */
export function snippet(node: Node): string {
  const line = node.text.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

function report(target: Node, options: TaintOptions): CheckReport | undefined {
  const source = requestSource(target, options);
  return source ? { vars: { target: snippet(target), source: snippet(source) } } : undefined;
}

function args(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/** Headers objects where a `Location` key sets the redirect target. */
const HEADER_CALLS = new Set(['writeHead', 'set', 'header', 'setHeaders', 'headers', 'Response', 'NextResponse']);

/** Is this `{ Location: x }` pair part of response headers (not `{ location: city }` in some other object)? */
function isResponseHeaderPair(pair: Node): boolean {
  const object = pair.parent;
  const holder = object?.parent;
  if (!object || !holder) return false;
  if (holder.type === 'pair') return holder.childForFieldName('key')?.text.replace(/['"]/g, '') === 'headers';
  if (holder.type !== 'arguments') return false;
  const call = holder.parent;
  const fn = call?.type === 'call_expression' || call?.type === 'new_expression'
    ? call.childForFieldName('function') ?? call.childForFieldName('constructor') : null;
  const name = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn?.text;
  return !!name && HEADER_CALLS.has(name);
}

/** res.redirect / ctx.redirect / Location header / location.href = … with request-derived, unvalidated input. */
const openRedirectTarget: Check = ({ match, captures }) => {
  let target: Node | undefined = captures.target;
  if (!target && captures.args) {
    // Express `res.redirect(301, url)`, Fastify `reply.redirect(url, 301)`.
    const list = args(match);
    target = list.find((a) => unwrap(a).type !== 'number') ?? undefined;
  }
  if (match.type === 'pair' && !isResponseHeaderPair(match)) return false;
  return target ? report(target, { sink: 'redirect', guard: REDIRECT_GUARD }) : false;
};

/** HTTP methods as first argument (`needle('get', url)`, `needle.request('post', url, …)`). */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Options keys that choose where a request goes. */
const URL_OPTION_KEYS = ['url', 'baseURL', 'baseUrl', 'prefixUrl', 'host', 'hostname', 'href', 'origin', 'uri'];

function objectLiteralOf(node: Node): Node | undefined {
  const n = unwrap(node);
  if (n.type === 'object') return n;
  if (n.type !== 'identifier') return undefined;
  const init = resolveBinding(n, n.text)?.init;
  return init && unwrap(init).type === 'object' ? unwrap(init) : undefined;
}

/** Bare callees the rule's query names; any other bare callee must be a renamed import of an HTTP client. */
const CLIENT_FUNCTIONS = new Set(['fetch', 'axios', 'got', 'request', 'needle', 'superagent', 'ky', 'ofetch', '$fetch']);
/** Modules whose default export, or whose request-making exports, send a request to their first argument. */
const CLIENT_MODULES = new Set(['axios', 'got', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici', 'ky', 'ofetch', 'needle', 'superagent', 'request', 'http', 'https']);
const CLIENT_EXPORTS = new Set(['request', 'get', 'post', 'put', 'patch', 'delete', 'fetch', 'stream']);

/** `import { request as httpsRequest } from 'https'`, `import fetchUrl from 'node-fetch'`. */
function isRenamedClient(fn: Node): boolean {
  if (CLIENT_FUNCTIONS.has(fn.text)) return false;
  const ref = importedCallee(fn);
  if (!ref || !CLIENT_MODULES.has(ref.source)) return false;
  return ref.member ? CLIENT_EXPORTS.has(ref.member) : ref.source !== 'http' && ref.source !== 'https';
}

/** A literal option, written out (`{ host: h }`) or shorthand (`{ host }`). */
function optionValue(object: Node, key: string): Node | undefined {
  return objectProperty(object, key)
    ?? object.namedChildren.find((c): c is Node => c?.type === 'shorthand_property_identifier' && c.text === key);
}

/** fetch / axios / got / http.request / needle / superagent / request with a request-derived URL or host. */
const serverSideRequestTarget: Check = ({ match, captures }) => {
  if (captures.renamed && !isRenamedClient(captures.renamed)) return false;
  const list = args(match);
  const first = list[0];
  if (!first) return false;
  const target = HTTP_METHODS.has((unwrap(first).type === 'string' ? unwrap(first).text.slice(1, -1) : '').toLowerCase()) ? list[1] : first;
  // `fetch(request.url)` forwards the URL this server was called on (a proxy or a Worker): its host is ours.
  if (!target || isRequestPath(target)) return false;
  const options = { sink: 'request' as const, guard: REQUEST_GUARD };
  const object = objectLiteralOf(target);
  if (!object) return report(target, options);
  // `axios({ url })`, `http.request({ hostname, path })`: only the keys that pick the destination.
  for (const key of URL_OPTION_KEYS) {
    const value = optionValue(object, key);
    const found = value ? report(value, options) : undefined;
    if (found) return found;
  }
  return false;
};

/** fs.copyFile(src, dest), fs.rename(old, new): both arguments are paths. */
const TWO_PATH_METHODS = new Set(['copyFile', 'copyFileSync', 'rename', 'renameSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'cp', 'cpSync', 'copy', 'copySync', 'move', 'moveSync']);
const FS_MODULES = /^['"](node:)?fs(\/promises)?['"]$|^['"]fs-extra['"]$/;

/** Is bare `readFile(…)` the one imported or required from fs? */
function importedFromFs(call: Node, name: string): boolean {
  for (const statement of call.tree.rootNode.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement') {
      const source = statement.childForFieldName('source')?.text ?? '';
      if (FS_MODULES.test(source) && statement.descendantsOfType('identifier').some((id) => id?.text === name)) return true;
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const req of statement.descendantsOfType('call_expression')) {
        const fn = req?.childForFieldName('function');
        const source = req ? argumentAt(req, 0)?.text ?? '' : '';
        if (fn?.text === 'require' && FS_MODULES.test(source)
          && statement.descendantsOfType('shorthand_property_identifier_pattern').some((id) => id?.text === name)) return true;
      }
    }
  }
  return false;
}

/** fs.* / res.sendFile / res.download with a request-derived path that is neither reduced to a base name nor checked. */
const pathTraversalTarget: Check = ({ match, captures }) => {
  const method = captures.method?.text ?? '';
  if (captures.bare && !importedFromFs(match, method)) return false;
  const list = args(match);
  if (method === 'sendFile' || method === 'download') {
    // With a `root` option, Express (send) rejects paths that climb out of the root with "..".
    if (list.slice(1).some((a) => { const o = objectLiteralOf(a); return !!o && objectProperty(o, 'root') !== undefined; })) return false;
  }
  const targets = TWO_PATH_METHODS.has(method) ? list.slice(0, 2) : list.slice(0, 1);
  for (const target of targets) {
    const found = report(target, { sink: 'path', guard: PATH_GUARD });
    if (found) return found;
  }
  return false;
};

/** new RegExp(x) / RegExp(x) with request-derived, unescaped x. */
const regexFromInput: Check = ({ captures }) => {
  const target = captures.target;
  const found = target ? report(target, { sink: 'regex', guard: REGEX_GUARD }) : undefined;
  if (!found || !target) return false;
  // Escaping a whole template would also escape the pattern syntax written around the input.
  const kind = unwrap(target).type;
  return { ...found, fixApplies: kind !== 'template_string' && kind !== 'binary_expression' };
};

export const javascriptWebChecks: Record<string, Check> = {
  openRedirectTarget,
  serverSideRequestTarget,
  pathTraversalTarget,
  regexFromInput,
  jwtInsecureVerify,
  corsWildcardCredentials,
};
