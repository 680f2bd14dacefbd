/**
 * js-open-redirect: res.redirect / ctx.redirect / a `Location` header / `location.href = …` whose
 * target comes from the request and is not checked against an allow-list or for being relative.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { unwrap } from '../../dataflow/javascript/bindings';
import { REDIRECT_GUARD } from './webGuards';
import { callArguments, requestInputReport } from './requestTaint';

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
export const jsOpenRedirect: Check = ({ match, captures }) => {
  let target: Node | undefined = captures.target;
  if (!target && captures.args) {
    // Express `res.redirect(301, url)`, Fastify `reply.redirect(url, 301)`.
    const list = callArguments(match);
    target = list.find((a) => unwrap(a).type !== 'number') ?? undefined;
  }
  if (match.type === 'pair' && !isResponseHeaderPair(match)) return false;
  return target ? requestInputReport(target, { sink: 'redirect', guard: REDIRECT_GUARD }) : false;
};
