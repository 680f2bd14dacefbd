/**
 * js-jwt-insecure-verify: JWT verification that does not verify — `algorithms` allowing `none`, an
 * empty key, or `jwt.decode` (which never checks the signature) whose result decides who the caller is.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckReport } from '../checkTypes';
import { argumentAt, calleeName, enclosingFunction, functionName, isFunctionNode, objectProperty, resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { identifierWords } from '../../dataflow/names';
import { importedCallee } from '../../dataflow/javascript/modules';

const VERIFY_NAMES = new Set(['verify', 'jwtVerify', 'verifyJwt', 'verifyToken']);
/** Library functions made for reading a token in the browser; they are a finding only where a server trusts them. */
const CLIENT_DECODERS = new Set(['jwtDecode', 'jwt_decode']);
/** Words in a function or property name that say "this decides who the caller is". */
const AUTH_WORDS = new Set([
  'auth', 'authenticate', 'authenticated', 'authentication', 'authorize', 'authorized', 'authorization',
  'user', 'session', 'principal', 'identity', 'login', 'guard', 'protect', 'protected', 'current', 'me',
  'claims', 'account', 'role', 'roles', 'admin', 'permission', 'permissions', 'middleware',
]);
/** Bare callees the rule's query names; any other bare callee must be imported under one of these names. */
const BARE_NAMES = new Set(['verify', 'jwtVerify', 'decode', 'decodeJwt', 'jwtDecode', 'jwt_decode']);
const JWT_LIBRARIES = /^(jsonwebtoken|jose|jwt-decode)$/;
const REQUEST_OBJECTS = new Set(['req', 'request', 'ctx', 'context']);

function isImportedFromJwtLibrary(node: Node, name: string): boolean {
  return node.tree.rootNode.namedChildren.some((s) => s?.type === 'import_statement'
    && /jsonwebtoken|jose|jwt/.test(s.childForFieldName('source')?.text ?? '')
    && s.descendantsOfType('identifier').some((id) => id?.text === name));
}

/** '', null, undefined, false, or `process.env.X || ''`: a key anyone can sign with. */
function isEmptyKey(node: Node, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'null' || n.type === 'undefined' || n.type === 'false') return true;
  if (n.type === 'identifier' && n.text === 'undefined') return true;
  if ((n.type === 'string' || n.type === 'template_string') && n.text.length === 2) return true;
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator')?.text;
    const right = n.childForFieldName('right');
    return (op === '||' || op === '??') && !!right && isEmptyKey(right, depth + 1);
  }
  if (n.type === 'identifier' && depth < 3) {
    const binding = resolveBinding(n, n.text);
    return binding?.kind === 'const' && !!binding.init && isEmptyKey(binding.init, depth + 1);
  }
  return false;
}

function allowsNone(options: Node | undefined): boolean {
  if (!options) return false;
  let object = unwrap(options);
  if (object.type === 'identifier') {
    const init = resolveBinding(object, object.text)?.init;
    if (!init) return false;
    object = unwrap(init);
  }
  const algorithms = objectProperty(object, 'algorithms') ?? objectProperty(object, 'algorithm');
  if (!algorithms) return false;
  const values = unwrap(algorithms).type === 'array' ? unwrap(algorithms).namedChildren : [unwrap(algorithms)];
  return values.some((v) => v?.type === 'string' && v.text.slice(1, -1).toLowerCase() === 'none');
}

function verifyProblem(call: Node, name: string): CheckReport | undefined {
  const key = argumentAt(call, 1);
  if (key && isEmptyKey(key)) return { messageId: 'empty-key', vars: { fn: name, key: key.text } };
  if (allowsNone(argumentAt(call, 2))) return { messageId: 'algorithm-none', vars: { fn: name } };
  return undefined;
}

function isAuthName(name: string): boolean {
  return identifierWords(name).some((w) => AUTH_WORDS.has(w));
}

/**
 * `req.user = …`, `res.locals.user = …`, `ctx.state.user = …`: the left side records who the caller
 * is. For browser decoders only the request objects count: `this.currentUser = jwtDecode(t)` in a
 * front end just shows a name, the server still verifies.
 */
function isIdentityTarget(left: Node, serverDecoder: boolean): boolean {
  if (left.type !== 'member_expression') return false;
  let root: Node = left;
  while (root.type === 'member_expression' || root.type === 'subscript_expression') root = root.childForFieldName('object') ?? root;
  if (REQUEST_OBJECTS.has(root.text)) return true;
  return serverDecoder && isAuthName(left.childForFieldName('property')?.text ?? '');
}

/** An `if` whose branch lets the request through (`next()`) or turns it away (401/403, throw). */
function decidesAccess(statement: Node): boolean {
  const branches = [statement.childForFieldName('consequence'), statement.childForFieldName('alternative')];
  return branches.some((b) => !!b && (
    b.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text === 'next')
    || b.descendantsOfType('number').some((n) => n?.text === '401' || n?.text === '403')
    || b.descendantsOfType('throw_statement').length > 0));
}

/** Climbs from the decode call through `await`, `(…)`, `as`, `.sub`, `['role']` to the expression that uses it. */
function usedValue(call: Node): Node {
  let value = call;
  for (let p = value.parent; p; p = value.parent) {
    const wraps = ['await_expression', 'parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression'].includes(p.type);
    const reads = (p.type === 'member_expression' || p.type === 'subscript_expression') && p.childForFieldName('object')?.id === value.id;
    if (!wraps && !reads) break;
    value = p;
  }
  return value;
}

function mentions(node: Node, names: ReadonlySet<string>): boolean {
  return (node.type === 'identifier' && names.has(node.text))
    || node.descendantsOfType(['identifier', 'shorthand_property_identifier']).some((id) => !!id && names.has(id.text));
}

function callsNext(fn: Node): boolean {
  return fn.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text === 'next');
}

/** How the decoded payload is trusted, if it is: the rule's message for it and its values. */
function authenticatingUse(call: Node, serverDecoder: boolean): CheckReport | undefined {
  const value = usedValue(call);
  const parent = value.parent;
  const fn = enclosingFunction(call) ?? call.tree.rootNode;
  const fnName = isFunctionNode(fn) ? functionName(fn) ?? '' : '';
  const returnsIdentity = serverDecoder && isAuthName(fnName);
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === value.id) {
    const left = parent.childForFieldName('left');
    return left && isIdentityTarget(left, serverDecoder) ? { messageId: 'decode-sets-identity', vars: { target: left.text } } : undefined;
  }
  const returned: CheckReport = { messageId: 'decode-returns-identity', vars: { function: fnName } };
  if ((parent?.type === 'return_statement' || parent?.type === 'arrow_function') && returnsIdentity) return returned;
  if (parent?.type !== 'variable_declarator') return undefined;
  const pattern = parent.childForFieldName('name');
  if (!pattern) return undefined;
  const names = new Set(pattern.type === 'identifier' ? [pattern.text]
    : pattern.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).map((n) => n?.text ?? ''));
  for (const assignment of fn.descendantsOfType('assignment_expression')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (left && right && isIdentityTarget(left, serverDecoder) && mentions(right, names)) return { messageId: 'decode-sets-identity', vars: { target: left.text } };
  }
  if (returnsIdentity && fn.descendantsOfType('return_statement').some((r) => !!r && mentions(r, names))) return returned;
  const gates = fn.descendantsOfType('if_statement').some((s) => {
    const condition = s?.childForFieldName('condition');
    return !!s && !!condition && mentions(condition, names) && decidesAccess(s);
  });
  return callsNext(fn) && gates ? {} : undefined; // the rule's default message: the result gates `next()`
}

function decodeProblem(call: Node, name: string): CheckReport | undefined {
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  // Reading the header (`kid`) before verifying with the right key is the normal pattern.
  if (scope.descendantsOfType('call_expression').some((c) => !!c && VERIFY_NAMES.has(calleeName(c) ?? ''))) return undefined;
  const use = authenticatingUse(call, !CLIENT_DECODERS.has(name));
  return use ? { ...use, vars: { ...use.vars, fn: name } } : undefined;
}

/** The JWT rule: `verify` with `none`/an empty key, or `decode` trusted for authentication. */
export const jsJwtInsecureVerify: Check = ({ match, captures }) => {
  let name = calleeName(match) ?? '';
  if (captures.renamed) {
    // `import { decode as decodeToken } from 'jsonwebtoken'`: judge the call by the export it reaches.
    if (BARE_NAMES.has(name)) return false;
    const ref = importedCallee(captures.renamed);
    if (!ref?.member || !JWT_LIBRARIES.test(ref.source) || !BARE_NAMES.has(ref.member)) return false;
    name = ref.member;
  }
  if (captures.bare && (name === 'verify' || name === 'decode') && !isImportedFromJwtLibrary(match, name)) return false;
  return VERIFY_NAMES.has(name) ? verifyProblem(match, name) : decodeProblem(match, name);
};
