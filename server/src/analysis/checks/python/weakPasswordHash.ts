/**
 * py-weak-password-hash: fast hashes (MD5, SHA-1, a single SHA-2/3 round) over a password, or whose
 * digest is stored or compared as a password hash — decided by names, like py-insecure-random.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callArguments, calleeNames, keywordArgument, positionalArgument, reachingBindings, unwrap } from '../../dataflow/python';
import { identifierWords, PASSWORD_WORDS } from '../../dataflow/names';
import { brief, stringValue } from './common';
import { sinkMessage, sinkNames } from './valueSinks';

const WEAK_HASHES = new Set(['md5', 'sha1']);
const FAST_HASHES = new Set(['sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s']);
const STRICT_PASSWORD_WORDS = new Set(['password', 'passwords', 'passwd', 'pwd', 'pw', 'passphrase', 'passcode']);
/** MD5/SHA-1 are broken as well as fast, so secrets and credentials count too (shared PASSWORD_WORDS). */
const WEAK_HASH_SECRET_WORDS = new Set([...STRICT_PASSWORD_WORDS, ...PASSWORD_WORDS]);
/** A name with one of these words is a derived value, not the password: `password_reset_token`. */
const NOT_A_PASSWORD = new Set(['token', 'tokens', 'length', 'len', 'policy', 'field', 'prompt', 'label', 'file', 'path', 'url', 'hint', 'min', 'max']);

function isPasswordName(name: string, words: ReadonlySet<string>): boolean {
  const parts = identifierWords(name);
  return parts.some((w) => words.has(w)) && !parts.some((w) => NOT_A_PASSWORD.has(w));
}

/** hashlib.md5/sha1 (or a single fast SHA-2/3 round) over a password, or stored as a password hash. */
export const pyWeakPasswordHash: Check = ({ match }) => {
  const algorithm = hashAlgorithm(match);
  if (!algorithm) return false;
  const weak = WEAK_HASHES.has(algorithm);
  if (!weak && !FAST_HASHES.has(algorithm)) return false;
  if (keywordArgument(match, 'usedforsecurity')?.type === 'false') return false;
  const words = weak ? WEAK_HASH_SECRET_WORDS : STRICT_PASSWORD_WORDS;
  const hashed = [...hashedInputs(match)].find((input) => namesIn(input).some((n) => isPasswordName(n, words)));
  const stored = hashed ? undefined : sinkNames(match).find((s) => isPasswordName(s.name, STRICT_PASSWORD_WORDS) && s.via !== 'argument');
  if (!hashed && !stored) return false;
  const vars = { algorithm: displayAlgorithm(algorithm) };
  if (hashed) return { vars: { ...vars, input: brief(hashed.text) } };
  return stored ? { messageId: sinkMessage(stored) ?? 'stored', vars: { ...vars, name: stored.name } } : false;
};

/** md5 → MD5, sha256 → SHA-256, sha3_256 → SHA3-256, blake2b → BLAKE2b. */
function displayAlgorithm(algorithm: string): string {
  if (algorithm.startsWith('blake2')) return `BLAKE2${algorithm.slice(6)}`;
  if (algorithm.startsWith('sha3_')) return `SHA3-${algorithm.slice(5)}`;
  if (algorithm.startsWith('sha')) return `SHA-${algorithm.slice(3)}`;
  return algorithm.toUpperCase();
}

/** `hashlib.md5(...)` → md5; `hashlib.new("sha1", ...)` → sha1. */
function hashAlgorithm(call: Node): string | undefined {
  for (const name of calleeNames(call)) {
    if (!name.startsWith('hashlib.')) continue;
    const fn = name.slice('hashlib.'.length);
    if (fn !== 'new') return fn;
    const algorithm = positionalArgument(call, 0) ?? keywordArgument(call, 'name');
    const text = algorithm && stringValue(unwrap(algorithm));
    return text?.toLowerCase().replace('-', '');
  }
  return undefined;
}

/** The data a hash object digests: its constructor's data argument and every `.update(x)` on it. */
function* hashedInputs(call: Node): Generator<Node> {
  const isNew = calleeNames(call).some((q) => q === 'hashlib.new');
  const data = positionalArgument(call, isNew ? 1 : 0) ?? keywordArgument(call, 'data') ?? keywordArgument(call, 'string');
  if (data) yield data;
  // `h = hashlib.md5(); h.update(password.encode())`
  const assignment = call.parent;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  if (target?.type !== 'identifier') return;
  const scope = enclosingBlock(assignment);
  for (const attr of scope?.descendantsOfType('attribute') ?? []) {
    const object = attr?.childForFieldName('object');
    if (!attr || object?.type !== 'identifier' || object.text !== target.text || attr.childForFieldName('attribute')?.text !== 'update') continue;
    if (!reachingBindings(object).some((b) => b.target.id === target.id)) continue;
    const updateCall = attr.parent;
    if (updateCall?.type === 'call') yield* callArguments(updateCall);
  }
}

function enclosingBlock(node: Node | null): Node | null {
  let p = node;
  while (p && p.type !== 'block' && p.type !== 'module') p = p.parent;
  return p;
}

/** Names mentioned by an expression: identifiers, attribute names, and string keys (`form["password"]`). */
function namesIn(expr: Node): string[] {
  const names = expr.descendantsOfType(['identifier', 'string']).flatMap((n) => {
    if (!n) return [];
    if (n.type === 'identifier') return [n.text];
    return n.parent?.type === 'subscript' || n.parent?.type === 'argument_list' ? [stringValue(n) ?? ''] : [];
  });
  return [expr.type === 'identifier' ? expr.text : '', ...names].filter(Boolean);
}
