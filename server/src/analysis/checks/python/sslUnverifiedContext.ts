/**
 * py-ssl-unverified-context: the ssl module told not to verify certificates —
 * `_create_unverified_context`, `CERT_NONE`, `check_hostname = False` — on client-side contexts.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, keywordArgument, positionalArgument, qualifiedNames, unwrap } from '../../dataflow/python';
import { enclosingCall, replaceWithin, stringValue } from './common';

const SERVER_PURPOSES = ['ssl.PROTOCOL_TLS_SERVER', 'ssl.Purpose.CLIENT_AUTH'];

/**
 * ssl._create_unverified_context (called or installed as the default), `ctx.verify_mode = CERT_NONE`,
 * `ctx.check_hostname = False`, `cert_reqs=CERT_NONE` — except on server-side contexts, where not
 * asking clients for a certificate is the normal setting.
 */
export const pySslUnverifiedContext: Check = ({ match, captures }) => {
  const name = captures.name?.text;
  if (name === '_create_unverified_context') return unverifiedContext(match);
  const value = captures.value;
  if (!value) return false;
  const ctx = match.type === 'assignment' ? match.childForFieldName('left')?.childForFieldName('object') : undefined;
  if (name === 'check_hostname') {
    if (value.type !== 'false' || !ctx || isServerContext(ctx)) return false;
    // Turning off the host name check is the required first step of CERT_NONE; that finding covers both.
    if (siblingAssignment(match, ctx.text, 'verify_mode', isCertNone)) return false;
    return { messageId: 'check-hostname', vars: { fixed: match.text }, fixApplies: false };
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
  return {
    messageId: withHostname ? 'cert-none-and-check-hostname' : undefined,
    vars: { fixed: replacement ? replaceWithin(match, v, replacement) : match.text, setting: name ?? '' },
    fixApplies: !!replacement,
  };
};

function unverifiedContext(match: Node): ReturnType<Check> {
  if (!qualifiedNames(match).includes('ssl._create_unverified_context')) return false;
  // `ssl._create_unverified_context` → `ssl.create_default_context`, which is also Python's own default factory.
  const object = match.type === 'attribute' ? match.childForFieldName('object') : undefined;
  const fixed = object ? `${object.text}.create_default_context` : match.text;
  return { messageId: 'unverified-context', vars: { fixed }, fixApplies: !!object };
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

