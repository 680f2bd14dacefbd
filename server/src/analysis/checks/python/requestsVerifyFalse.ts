/**
 * TLS certificate verification switched off: HTTP clients (`verify=False`, aiohttp `ssl=False`)
 * and the ssl module (`_create_unverified_context`, `CERT_NONE`, `check_hostname = False`).
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, calleeNames, keywordArgument, positionalArgument, qualifiedNames, splatTargets, unwrap } from '../../dataflow/python';
import { enclosingCall, replaceWithin, stringValue } from './common';

/** Methods of HTTP sessions/clients that take per-request TLS options. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'ws_connect', 'urlopen']);
const HTTP_MODULES = ['requests.', 'httpx.', 'aiohttp.', 'urllib3.'];
const OTHER_TLS_CLIENTS = new Set(['boto3.client', 'boto3.resource', 'boto3.session.Session.client']);

/**
 * `verify=False` / `ssl=False` / `verify_ssl=False` given to an HTTP client, or `session.verify = False`.
 * The keyword may also sit in a dict spread into the call: `kwargs = {"verify": False}; requests.post(url, **kwargs)`.
 */
const pyHttpTlsVerificationOff: Check = ({ match, captures }) => {
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

const SERVER_PURPOSES = ['ssl.PROTOCOL_TLS_SERVER', 'ssl.Purpose.CLIENT_AUTH'];

/**
 * ssl._create_unverified_context (called or installed as the default), `ctx.verify_mode = CERT_NONE`,
 * `ctx.check_hostname = False`, `cert_reqs=CERT_NONE` — except on server-side contexts, where not
 * asking clients for a certificate is the normal setting.
 */
const pySslVerificationOff: Check = ({ match, captures }) => {
  const name = captures.name?.text;
  if (name === '_create_unverified_context') return unverifiedContext(match);
  const value = captures.value;
  if (!value) return false;
  const ctx = match.type === 'assignment' ? match.childForFieldName('left')?.childForFieldName('object') : undefined;
  if (name === 'check_hostname') {
    if (value.type !== 'false' || !ctx || isServerContext(ctx)) return false;
    // Turning off the host name check is the required first step of CERT_NONE; that finding covers both.
    if (siblingAssignment(match, ctx.text, 'verify_mode', isCertNone)) return false;
    return { vars: { fixed: match.text, what: '`check_hostname = False` accepts a valid certificate issued for any host name' }, fixApplies: false };
  }
  if (!isCertNone(value)) return false;
  if (ctx && isServerContext(ctx)) return false;
  const call = match.type === 'keyword_argument' ? enclosingCall(match) : undefined;
  if (call && keywordArgument(call, 'server_side')?.type === 'true') return false;
  // With `check_hostname = False` next to it, CERT_REQUIRED alone would still skip the host name: no one-line fix.
  const withHostname = !!ctx && !!siblingAssignment(match, ctx.text, 'check_hostname', (v) => v.type === 'false');
  const v = unwrap(value);
  const attribute = v.type === 'attribute' ? v.childForFieldName('attribute') : undefined;
  const replacement = withHostname ? undefined : attribute ? replaceWithin(v, attribute, 'CERT_REQUIRED') : v.type === 'string' ? v.text.replace(/(CERT_)?NONE/, 'CERT_REQUIRED') : undefined;
  const what = withHostname ? `\`check_hostname = False\` with \`${name} = CERT_NONE\` accepts any certificate` : `\`${name}\` set to CERT_NONE accepts any certificate`;
  return {
    vars: { fixed: replacement ? replaceWithin(match, v, replacement) : match.text, what },
    fixApplies: !!replacement,
  };
};

function unverifiedContext(match: Node): ReturnType<Check> {
  if (!qualifiedNames(match).includes('ssl._create_unverified_context')) return false;
  // `ssl._create_unverified_context` → `ssl.create_default_context`, which is also Python's own default factory.
  const object = match.type === 'attribute' ? match.childForFieldName('object') : undefined;
  const fixed = object ? `${object.text}.create_default_context` : match.text;
  return { vars: { fixed, what: '`ssl._create_unverified_context` makes a context that accepts any certificate' }, fixApplies: !!object };
}

/** An assignment `<objectText>.<attribute> = v` with `test(v)` among the statements of the block holding `match`. */
function siblingAssignment(match: Node, objectText: string, attribute: string, test: (value: Node) => boolean): Node | undefined {
  const block = match.parent?.parent;
  for (const statement of block?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    const right = assignment?.childForFieldName('right');
    if (left?.type === 'attribute' && left.childForFieldName('object')?.text === objectText && left.childForFieldName('attribute')?.text === attribute && right && test(right)) return assignment ?? undefined;
  }
  return undefined;
}

function isCertNone(value: Node): boolean {
  const v = unwrap(value);
  if (v.type === 'string') return /^(CERT_)?NONE$/.test(stringValue(v) ?? '');
  return qualifiedNames(v).some((q) => q === 'ssl.CERT_NONE' || q === 'ssl.VerifyMode.CERT_NONE');
}

function isServerContext(ctx: Node): boolean {
  return callOrigins(ctx).some((call) => {
    const purpose = positionalArgument(call, 0) ?? keywordArgument(call, 'purpose') ?? keywordArgument(call, 'protocol');
    return !!purpose && qualifiedNames(purpose).some((q) => SERVER_PURPOSES.includes(q));
  });
}

export const pythonTlsChecks: Record<string, Check> = { pyHttpTlsVerificationOff, pySslVerificationOff };
