/**
 * js-ssrf: an outgoing HTTP request (fetch, axios, got, http.request, needle, superagent, request …)
 * whose URL or host comes from the request this server is handling.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { objectProperty, unwrap } from '../../dataflow/javascript/bindings';
import { isRequestPath } from '../../dataflow/javascript/taintSources';
import { importedCallee } from '../../dataflow/javascript/modules';
import { REQUEST_GUARD } from './webGuards';
import { callArguments, objectLiteralOf, requestInputReport } from './requestTaint';

/** HTTP methods as first argument (`needle('get', url)`, `needle.request('post', url, …)`). */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Options keys that choose where a request goes. */
const URL_OPTION_KEYS = ['url', 'baseURL', 'baseUrl', 'prefixUrl', 'host', 'hostname', 'href', 'origin', 'uri'];

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
export const jsSsrf: Check = ({ match, captures }) => {
  if (captures.renamed && !isRenamedClient(captures.renamed)) return false;
  const list = callArguments(match);
  const first = list[0];
  if (!first) return false;
  const target = HTTP_METHODS.has((unwrap(first).type === 'string' ? unwrap(first).text.slice(1, -1) : '').toLowerCase()) ? list[1] : first;
  // `fetch(request.url)` forwards the URL this server was called on (a proxy or a Worker): its host is ours.
  if (!target || isRequestPath(target)) return false;
  const options = { sink: 'request' as const, guard: REQUEST_GUARD };
  const object = objectLiteralOf(target);
  if (!object) return requestInputReport(target, options);
  // `axios({ url })`, `http.request({ hostname, path })`: only the keys that pick the destination.
  for (const key of URL_OPTION_KEYS) {
    const value = optionValue(object, key);
    const found = value ? requestInputReport(value, options) : undefined;
    if (found) return found;
  }
  return false;
};
