/**
 * py-requests-verify-false: TLS certificate verification switched off in an HTTP client —
 * `verify=False` (requests, httpx, urllib3, boto3), aiohttp `ssl=False`, `session.verify = False`.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, calleeNames, splatTargets, unwrap } from '../../dataflow/python';
import { enclosingCall } from './common';

/** Methods of HTTP sessions/clients that take per-request TLS options. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'ws_connect', 'urlopen']);
const HTTP_MODULES = ['requests.', 'httpx.', 'aiohttp.', 'urllib3.'];
const OTHER_TLS_CLIENTS = new Set(['boto3.client', 'boto3.resource', 'boto3.session.Session.client']);

/**
 * `verify=False` / `ssl=False` / `verify_ssl=False` given to an HTTP client, or `session.verify = False`.
 * The keyword may also sit in a dict spread into the call: `kwargs = {"verify": False}; requests.post(url, **kwargs)`.
 */
export const pyRequestsVerifyFalse: Check = ({ match, captures }) => {
  const keyword = captures.kw?.text;
  if (match.type === 'assignment') {
    const object = match.childForFieldName('left')?.childForFieldName('object');
    return !!object && isHttpSession(object);
  }
  if (!keyword) return false;
  if (match.type === 'pair') {
    const dict = match.parent;
    return !!dict && splatTargets(dict).some((call) => isTlsClientCall(call, keyword));
  }
  const call = enclosingCall(match);
  if (!call) return false;
  // `dict(verify=False)` is only a setting once it is spread into a client call.
  if (calleeNames(call).includes('dict')) return splatTargets(call).some((target) => isTlsClientCall(target, keyword));
  return isTlsClientCall(call, keyword);
};

/** Does `keyword=False` on this call switch off certificate checks of an HTTP client? */
function isTlsClientCall(call: Node, keyword: string): boolean {
  if (keyword === 'verify_ssl') return true; // aiohttp's old spelling; no other library uses it
  const names = calleeNames(call);
  if (names.some((q) => OTHER_TLS_CLIENTS.has(q))) return keyword === 'verify';
  if (names.some((q) => HTTP_MODULES.some((m) => q.startsWith(m)))) return keyword === 'verify' || names.some((q) => q.startsWith('aiohttp.'));
  // `session.get(url, verify=False)`, `client.post(..., ssl=False)` on an object of unknown type.
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
  return HTTP_METHODS.has(method) && names.every((q) => !q.startsWith('jwt.'));
}

function isHttpSession(object: Node): boolean {
  const origins = callOrigins(object);
  if (origins.some((c) => calleeNames(c).some((q) => HTTP_MODULES.some((m) => q.startsWith(m))))) return true;
  // `self.session.verify = False` in a client class whose constructor is not visible here.
  const name = unwrap(object).type === 'attribute' ? unwrap(object).childForFieldName('attribute')?.text ?? '' : unwrap(object).text;
  return origins.length === 0 && /(^|_)(session|http|client)$/i.test(name);
}
