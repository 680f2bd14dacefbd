/**
 * js-timing-unsafe-comparison: `===`/`!==` between a credential and another run-time value. String
 * comparison stops at the first differing character, so response time tells an attacker how much
 * of a guessed token or signature is right. Both sides must look like it matters: one is a secret
 * (by name, header, or because it is an HMAC digest) and the other is a secret too or comes from
 * outside (request, parameter, header). Literals, `null`, lengths and `typeof` are never reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, lastName, resolveBinding, stringParts, stringValue, unwrap } from '../../dataflow/javascript';
import { nameWords, namesComparedSecret } from './secretNames';

const LITERALS = new Set(['string', 'number', 'true', 'false', 'null', 'undefined', 'regex']);
const LENGTHS = new Set(['length', 'size', 'byteLength']);
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event', 'headers', 'body', 'query', 'params', 'input', 'payload']);
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader']);
const CHANGE_WORDS = new Set(['prev', 'previous', 'old', 'last', 'cached', 'initial']);
/** Every secret namesComparedSecret recognises, and every HMAC digest, contains one of these. */
const SECRET_HINT = /tok|sig|hmac|secret|key|csrf|xsrf|otp|auth|hash|digest|pass|pwd/i;

export const jsSecretComparedWithEquals: Check = ({ match }) => {
  const left = match.childForFieldName('left');
  const right = match.childForFieldName('right');
  if (!left || !right || isTrivial(left) || isTrivial(right) || isChangeCheck(left) || isChangeCheck(right)) return false;
  // One side must say what it is (`signature`, `apiKey`, `x-hub-signature`); then a neutrally named
  // other side (`expected`) may still be recognised as an HMAC through its initialiser.
  if (!SECRET_HINT.test(left.text) && !SECRET_HINT.test(right.text)) return false;
  const leftSecret = isSecret(left, 0);
  const rightSecret = isSecret(right, 0);
  if (!leftSecret && !rightSecret) return false;
  const other = leftSecret ? right : left;
  if (!(leftSecret && rightSecret) && !isOutsideValue(other, 0)) return false;
  return { vars: { secret: (leftSecret ? left : right).text, operator: match.childForFieldName('operator')?.text ?? '===' } };
};

function isTrivial(node: Node): boolean {
  const n = unwrap(node);
  if (LITERALS.has(n.type) || n.text === 'undefined') return true;
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) return true;
  if (n.type === 'unary_expression') return true; // typeof x, !x, -1
  return n.type === 'member_expression' && LENGTHS.has(n.childForFieldName('property')?.text ?? '');
}

/** `prevProps.token !== this.props.token`, `token !== lastToken`: detecting a change, not checking a guess. */
function isChangeCheck(node: Node): boolean {
  return unwrap(node).text.split(/[^A-Za-z0-9_$]+/).some((part) => nameWords(part).some((w) => CHANGE_WORDS.has(w)));
}

/** A credential: by its name, a secret-named header, an HMAC digest, or a string built around one. */
function isSecret(node: Node, depth: number): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    if (namesComparedSecret(n.text)) return true;
    // `const expected = hmac.digest('hex')`: the variable's name need not say it.
    const init = resolveBinding(n, n.text)?.init;
    return !!init && isSecret(init, depth + 1);
  }
  // Anything else is only a secret if its own text says so; this keeps the common `a.b === c` cheap.
  if (!SECRET_HINT.test(n.text)) return false;
  const name = n.type === 'call_expression' ? headerName(n) : lastName(n);
  if (name && namesComparedSecret(name)) return true;
  if (n.type === 'call_expression') return isHmacDigest(n, depth);
  if (n.type === 'template_string' || n.type === 'binary_expression') {
    return stringParts(n).some((p) => 'expr' in p && p.expr.startIndex !== n.startIndex && isSecret(p.expr, depth + 1));
  }
  return false;
}

/** `req.get('X-Hub-Signature-256')`, `headers.get('x-api-key')`: the header's name. */
function headerName(call: Node): string | undefined {
  if (!HEADER_GETTERS.has(calleeName(call) ?? '')) return undefined;
  const first = argumentAt(call, 0);
  return first ? stringValue(first) : undefined;
}

/** `crypto.createHmac(…).update(…).digest('hex')`, also when the hmac object is kept in a variable. */
function isHmacDigest(call: Node, depth: number): boolean {
  if (calleeName(call) !== 'digest') return false;
  let receiver = call.childForFieldName('function')?.childForFieldName('object');
  while (receiver && unwrap(receiver).type === 'call_expression' && calleeName(unwrap(receiver)) === 'update') {
    receiver = unwrap(receiver).childForFieldName('function')?.childForFieldName('object');
  }
  if (!receiver) return false;
  const r = unwrap(receiver);
  if (r.type === 'call_expression') return calleeName(r) === 'createHmac';
  if (r.type !== 'identifier' || depth > 3) return false;
  const init = resolveBinding(r, r.text)?.init;
  return !!init && unwrap(init).type === 'call_expression' && calleeName(unwrap(init)) === 'createHmac';
}

/** A value that comes from outside this code: a parameter, or request/header data. */
function isOutsideValue(node: Node, depth: number): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (!binding) return false;
    if (binding.kind === 'parameter') return true;
    const source = binding.init ?? binding.destructuredFrom;
    return !!source && isOutsideValue(source, depth + 1);
  }
  if (n.type === 'call_expression') {
    if (HEADER_GETTERS.has(calleeName(n) ?? '')) return true;
    const fn = n.childForFieldName('function');
    return fn?.type === 'member_expression' && isOutsideValue(fn.childForFieldName('object') ?? fn, depth + 1);
  }
  if (n.type === 'member_expression' || n.type === 'subscript_expression') {
    let root: Node = n;
    while (root.type === 'member_expression' || root.type === 'subscript_expression') root = unwrap(root.childForFieldName('object') ?? root);
    return root.type === 'identifier' && (REQUEST_ROOTS.has(root.text) || isOutsideValue(root, depth + 1));
  }
  return n.type === 'await_expression' && !!n.namedChildren[0] && isOutsideValue(n.namedChildren[0], depth + 1);
}
