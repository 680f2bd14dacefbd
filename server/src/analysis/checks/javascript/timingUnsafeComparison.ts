/**
 * js-timing-unsafe-comparison: `===`/`!==` between a credential and another run-time value. String
 * comparison stops at the first differing character, so response time tells an attacker how much
 * of a guessed token or signature is right. Both sides must look like it matters: one is a secret
 * (by name, header, or because it is an HMAC digest) and the other is a secret too or comes from
 * outside (request, parameter, header). Literals, `null`, lengths and `typeof` are never reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, lastName, resolveBinding, stringParts, stringValue, unwrap } from '../../dataflow/javascript/bindings';
import { nameWords, namesComparedSecret } from './secretNames';

const LITERALS = new Set(['string', 'number', 'true', 'false', 'null', 'undefined', 'regex']);
const LENGTHS = new Set(['length', 'size', 'byteLength']);
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event', 'headers', 'body', 'query', 'params', 'input', 'payload']);
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader']);
const CHANGE_WORDS = new Set(['prev', 'previous', 'old', 'last', 'cached', 'initial']);
/** Every secret namesComparedSecret recognises, and every HMAC digest, contains one of these. */
const SECRET_HINT = /tok|sig|hmac|secret|key|csrf|xsrf|otp|auth|hash|digest|pass|pwd/i;

export const jsTimingUnsafeComparison: Check = ({ match }) => {
  const left = match.childForFieldName('left');
  const right = match.childForFieldName('right');
  if (!left || !right || isTrivial(left) || isTrivial(right) || isChangeCheck(left) || isChangeCheck(right)) return false;
  // One side must say what it is (`signature`, `apiKey`, `x-hub-signature`); then a neutrally named
  // other side (`expected`) may still be recognised as an HMAC through its initialiser.
  if (!SECRET_HINT.test(left.text) && !SECRET_HINT.test(right.text)) return false;
  const leftEvidence = secretEvidence(left, 0);
  const rightEvidence = secretEvidence(right, 0);
  if (leftEvidence === NONE && rightEvidence === NONE) return false;
  const secret = leftEvidence >= rightEvidence ? left : right;
  const other = secret === left ? right : left;
  if (Math.min(leftEvidence, rightEvidence) === NONE && !isOutsideValue(other, 0)) return false;
  // A lexer's `token` or a file format's `signature` is no credential: a bare name needs a file about auth.
  if (Math.max(leftEvidence, rightEvidence) === AMBIGUOUS && !isAboutAuthentication(match)) return false;
  return { vars: { secret: secret.text, operator: match.childForFieldName('operator')?.text ?? '===' } };
};

const NONE = 0;
const AMBIGUOUS = 1;
const STRONG = 2;
type Evidence = typeof NONE | typeof AMBIGUOUS | typeof STRONG;

/** Words that name a credential in auth code but something else in parsers and binary formats. */
const AMBIGUOUS_HEADS = new Set(['token', 'signature', 'sig']);
const AUTH_CONTEXT = /crypto|hmac|digest|webhook|jwt|bearer|authori[sz]|\bauth(?!or)|login|session|cookie|csrf|xsrf|password|passwd|api[_-]?key|secret|oauth|credential/i;
const authFiles = new WeakMap<object, boolean>();

function isAboutAuthentication(node: Node): boolean {
  let known = authFiles.get(node.tree);
  if (known === undefined) {
    known = AUTH_CONTEXT.test(node.tree.rootNode.text);
    authFiles.set(node.tree, known);
  }
  return known;
}

function nameEvidence(name: string, fromStringKey: boolean): Evidence {
  if (!namesComparedSecret(name)) return NONE;
  const words = nameWords(name);
  // A header or JSON field called `signature` is a web credential; a variable may be a zip magic number.
  return fromStringKey || !AMBIGUOUS_HEADS.has(words[words.length - 1] ?? '') ? STRONG : AMBIGUOUS;
}

function isTrivial(node: Node): boolean {
  const n = unwrap(node);
  if (LITERALS.has(n.type) || n.text === 'undefined') return true;
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) return true;
  if (n.type === 'unary_expression') return true; // typeof x, !x, -1
  if (n.type !== 'member_expression') return false;
  if (LENGTHS.has(n.childForFieldName('property')?.text ?? '')) return true;
  // `CredentialType.ACCESS_TOKEN`, `Constants.TokenKind.Bearer`: an enum member or a class constant.
  let root: Node = n;
  while (root.type === 'member_expression') root = unwrap(root.childForFieldName('object') ?? root);
  return root.type === 'identifier' && /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(root.text);
}

/** `prevProps.token !== this.props.token`, `token !== lastToken`: detecting a change, not checking a guess. */
function isChangeCheck(node: Node): boolean {
  return unwrap(node).text.split(/[^A-Za-z0-9_$]+/).some((part) => nameWords(part).some((w) => CHANGE_WORDS.has(w)));
}

/** How surely `node` is a credential: by its name, a secret-named header, an HMAC digest, or a string built around one. */
function secretEvidence(node: Node, depth: number): Evidence {
  if (depth > 4) return NONE;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const own = nameEvidence(n.text, false);
    if (own === STRONG) return own;
    // `const expected = hmac.digest('hex')`: the variable's name need not say it.
    const init = resolveBinding(n, n.text)?.init;
    return init ? (Math.max(own, secretEvidence(init, depth + 1)) as Evidence) : own;
  }
  // Anything else is only a secret if its own text says so; this keeps the common `a.b === c` cheap.
  if (!SECRET_HINT.test(n.text)) return NONE;
  if (n.type === 'call_expression') {
    const header = headerName(n);
    if (header) return nameEvidence(header, true);
    return isHmacDigest(n, depth) ? STRONG : NONE;
  }
  if (n.type === 'template_string' || n.type === 'binary_expression') {
    let best: Evidence = NONE;
    for (const part of stringParts(n)) {
      if ('expr' in part && part.expr.startIndex !== n.startIndex) best = Math.max(best, secretEvidence(part.expr, depth + 1)) as Evidence;
    }
    return best;
  }
  const name = lastName(n);
  const index = n.type === 'subscript_expression' ? n.childForFieldName('index') : null;
  return name ? nameEvidence(name, !!index && stringValue(index) !== undefined) : NONE;
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
