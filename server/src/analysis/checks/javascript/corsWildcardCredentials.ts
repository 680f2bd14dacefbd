/**
 * js-cors-wildcard-credentials: CORS that lets any site make credentialed requests —
 * `credentials: true` with an origin of `*`, `true` or a function that approves every origin (cors,
 * @fastify/cors, NestJS, Hono, Socket.IO all take the same option names), and hand-written
 * `Access-Control-Allow-Origin` headers set to `*` or to the request's own Origin next to
 * `Access-Control-Allow-Credentials: true`.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckReport } from '../checkTypes';
import { argumentAt, calleeName, enclosingFunction, objectProperty, resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { requestKindOf } from '../../dataflow/javascript/taintSources';

const ALLOW_CREDENTIALS = /^access-control-allow-credentials$/i;

function stringValue(node: Node | undefined): string | undefined {
  const n = node ? unwrap(node) : undefined;
  return n?.type === 'string' || (n?.type === 'template_string' && !n.text.includes('${')) ? n.text.slice(1, -1) : undefined;
}

function isTrue(node: Node | undefined): boolean {
  const n = node ? unwrap(node) : undefined;
  return n?.type === 'true' || stringValue(n) === 'true';
}

/** Follows a `const` identifier to its initializer. */
function constantValue(node: Node): Node {
  const n = unwrap(node);
  if (n.type !== 'identifier') return n;
  const binding = resolveBinding(n, n.text);
  return binding?.kind === 'const' && binding.init ? unwrap(binding.init) : n;
}

/** `(origin, cb) => cb(null, true)`: an origin callback with no decision in it. */
function approvesEveryOrigin(fn: Node): boolean {
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p): p is Node => !!p) ?? [];
  const callback = params[1]?.text;
  const body = fn.childForFieldName('body');
  if (!callback || !body) return false;
  const decides = body.descendantsOfType(['if_statement', 'ternary_expression', 'binary_expression', 'switch_statement']).length > 0;
  const approves = body.descendantsOfType('call_expression').some((c) => {
    if (c?.childForFieldName('function')?.text !== callback) return false;
    const second = argumentAt(c, 1);
    return !!second && (second.type === 'true' || second.text === params[0]?.text);
  });
  return approves && !decides;
}

/** How an `origin` option admits every site, if it does: the rule's message for it (`default`: `*`). */
function permissiveOrigin(node: Node): string | undefined {
  const n = constantValue(node);
  if (stringValue(n) === '*') return 'default';
  if (n.type === 'true') return 'origin-reflected';
  if (n.type === 'regex' && /^\^?\.[*+]\$?$/.test(n.childForFieldName('pattern')?.text ?? '')) return 'origin-matches-all';
  if (n.type === 'binary_expression' && ['||', '??'].includes(n.childForFieldName('operator')?.text ?? '')) {
    const fallback = n.childForFieldName('right');
    if (fallback && stringValue(fallback) === '*') return 'origin-falls-back-to-all';
  }
  if ((n.type === 'arrow_function' || n.type === 'function_expression') && approvesEveryOrigin(n)) return 'origin-callback-approves-all';
  return undefined;
}

/** `{ origin: '*', credentials: true }` in any CORS options object. */
function corsOptions(object: Node): CheckReport | undefined {
  const origin = objectProperty(object, 'origin');
  const messageId = origin ? permissiveOrigin(origin) : undefined;
  const pair = origin?.parent;
  return messageId && pair ? { node: pair, messageId } : undefined;
}

/** `Access-Control-Allow-Credentials: true` set by a call or a headers object in the same function. */
function setsCredentials(scope: Node): boolean {
  const byCall = scope.descendantsOfType('call_expression').some((c) => {
    const header = c ? argumentAt(c, 0) : undefined;
    return !!c && ALLOW_CREDENTIALS.test(stringValue(header) ?? '') && isTrue(argumentAt(c, 1));
  });
  return byCall || scope.descendantsOfType('pair').some((p) => ALLOW_CREDENTIALS.test(stringValue(p?.childForFieldName('key') ?? undefined) ?? '') && isTrue(p?.childForFieldName('value') ?? undefined));
}

/** `req.headers.origin`, `req.get('origin')`, `request.headers.get('Origin')`, or a variable holding it. */
function readsOriginHeader(node: Node, depth = 0): Node | undefined {
  const n = unwrap(node);
  if (depth > 3) return undefined;
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (binding?.init) return readsOriginHeader(binding.init, depth + 1) ? n : undefined;
    // `const { origin } = req.headers`
    return binding?.destructuredFrom && n.text === 'origin' && isHeaders(binding.destructuredFrom) ? n : undefined;
  }
  if (n.type === 'binary_expression' && ['||', '??'].includes(n.childForFieldName('operator')?.text ?? '')) {
    const left = n.childForFieldName('left');
    return left ? readsOriginHeader(left, depth + 1) : undefined;
  }
  if (n.type === 'member_expression' || n.type === 'subscript_expression') {
    const key = n.type === 'member_expression' ? n.childForFieldName('property')?.text : stringValue(n.childForFieldName('index') ?? undefined);
    const object = n.childForFieldName('object');
    return key?.toLowerCase() === 'origin' && object && isHeaders(object) ? n : undefined;
  }
  if (n.type === 'call_expression') {
    const method = calleeName(n);
    const receiver = n.childForFieldName('function')?.childForFieldName('object');
    const onRequest = !!receiver && (requestKindOf(receiver) !== undefined || isHeaders(receiver));
    return onRequest && (method === 'get' || method === 'header') && stringValue(argumentAt(n, 0))?.toLowerCase() === 'origin' ? n : undefined;
  }
  return undefined;
}

function isHeaders(node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'member_expression') return false;
  const prop = n.childForFieldName('property')?.text;
  const object = n.childForFieldName('object');
  return (prop === 'headers' || prop === 'header') && !!object && requestKindOf(object) !== undefined;
}

/** Any condition before `at` that looks at the origin (an allow-list check, a comparison). */
function originIsChecked(scope: Node, at: Node, origin: Node): boolean {
  const name = unwrap(origin).type === 'identifier' ? unwrap(origin).text : undefined;
  return scope.descendantsOfType(['if_statement', 'ternary_expression']).some((holder) => {
    const condition = holder?.childForFieldName('condition');
    if (!condition || condition.startIndex > at.startIndex) return false;
    if (isPresenceTest(condition, name)) return false;
    return name ? condition.descendantsOfType('identifier').some((id) => id?.text === name) || condition.text === name : condition.text.includes(unwrap(origin).text);
  });
}

/** `if (origin)`, `if (!origin)`, `origin !== undefined`: only asks whether an Origin was sent, not which. */
function isPresenceTest(condition: Node, name: string | undefined): boolean {
  let c = unwrap(condition);
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!') c = unwrap(c.childForFieldName('argument') ?? c);
  if (c.type === 'identifier') return c.text === name;
  if (c.type !== 'binary_expression' || !['!==', '!=', '===', '=='].includes(c.childForFieldName('operator')?.text ?? '')) return false;
  const sides = [c.childForFieldName('left'), c.childForFieldName('right')].map((side) => (side ? unwrap(side) : undefined));
  return sides.some((side) => side?.text === name) && sides.some((side) => side?.type === 'undefined' || side?.type === 'null' || side?.text === 'undefined');
}

/** A hand-written Allow-Origin header of `*` or the unchecked request Origin, with credentials allowed. */
function allowOriginHeader(setter: Node, value: Node): CheckReport | undefined {
  const scope = enclosingFunction(setter) ?? setter.tree.rootNode;
  if (!setsCredentials(scope)) return undefined;
  const v = constantValue(value);
  if (stringValue(v) === '*') return { messageId: 'header-wildcard' };
  const origin = readsOriginHeader(value);
  if (!origin || originIsChecked(scope, setter, value)) return undefined;
  return { messageId: 'header-echoes-origin', vars: { origin: value.text } };
}

/** The CORS rule's check: an options object (`@match` is the object) or an Allow-Origin header (`@value`). */
export const jsCorsWildcardCredentials: Check = ({ match, captures }) => {
  if (captures.value) return allowOriginHeader(match, captures.value);
  return match.type === 'object' ? corsOptions(match) : undefined;
};
