/**
 * js-weak-hash-for-secrets: a fast or broken hash applied to a password or a secret. What is hashed
 * decides, not the algorithm alone: MD5 of a file for an ETag or a cache key is fine, MD5 of a
 * password is not. The data is read from `.update(…)` calls (also on a hash object kept in a
 * variable) and the purpose from where the digest goes (`passwordHash`, `signature`, a
 * `hashPassword()` function, a comparison with `user.password`).
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, destinationOf, lastName, referencesTo, stringValue, unwrap } from '../../dataflow/javascript/bindings';
import { namesPassword, namesSigningSecret } from './secretNames';

/** Broken for collisions: not for signatures or keyed hashes, and far too fast for passwords. */
const BROKEN = new Set(['md5', 'md4', 'sha1', 'sha-1', 'ripemd', 'ripemd160', 'rmd160']);
/** Sound digests that are still far too fast for passwords. */
const FAST = new Set(['sha256', 'sha-256', 'sha384', 'sha512', 'sha-512', 'sha3-256', 'sha3-512', 'blake2b512', 'blake2s256']);

type Purpose = 'password' | 'secret';


export const jsWeakHashForSecrets: Check = ({ match, captures }) => {
  const fn = calleeName(match) ?? '';
  const algorithm = (fn === 'createHash' ? stringValue(captures.alg ?? match) : fn)?.toLowerCase();
  if (!algorithm || (!BROKEN.has(algorithm) && !FAST.has(algorithm))) return false;
  const { data, results } = fn === 'createHash' ? hashObjectUses(match) : { data: captures.data ? [captures.data] : [], results: [digestOf(match)] };
  const purpose = purposeOf(data, results);
  // SHA-256 of an API secret or a signature payload is fine; only passwords need a slow hash.
  if (!purpose || (purpose === 'secret' && !BROKEN.has(algorithm))) return false;
  // The rule's messages: the password one by default, `secret` for keys and signatures.
  return { messageId: purpose === 'secret' ? 'secret' : undefined, vars: { algorithm } };
};

/** `md5(x).toString()`, `CryptoJS.SHA1(x).toString(CryptoJS.enc.Hex)`: the digest as a value. */
function digestOf(call: Node): Node {
  let current = call;
  while (current.parent?.type === 'member_expression' && current.parent.parent?.type === 'call_expression' && ['toString', 'toUpperCase', 'toLowerCase'].includes(current.parent.childForFieldName('property')?.text ?? '')) {
    current = current.parent.parent;
  }
  return current;
}

/** What a `createHash(…)` object is fed (`.update(x)`) and where its digests go, following a variable that holds it. */
function hashObjectUses(createHash: Node): { data: Node[]; results: Node[] } {
  const data: Node[] = [];
  const results: Node[] = [];
  const walk = (start: Node, depth: number) => {
    let current = start;
    for (;;) {
      const member = current.parent;
      const call = member?.parent;
      if (member?.type !== 'member_expression' || call?.type !== 'call_expression') break;
      const method = member.childForFieldName('property')?.text;
      if (method === 'update') {
        const input = argumentAt(call, 0);
        if (input) data.push(input);
        current = call;
        continue;
      }
      if (method === 'digest') results.push(call);
      return;
    }
    const destination = destinationOf(current);
    if (destination?.kind === 'variable' && destination.binding && depth < 2) {
      for (const reference of referencesTo(destination.binding, destination.name)) walk(reference, depth + 1);
    }
  };
  walk(createHash, 0);
  return { data, results };
}

function purposeOf(data: Node[], results: Node[]): Purpose | undefined {
  const names = [...data.flatMap(namesIn), ...results.flatMap(resultNames)];
  if (names.some(namesPassword)) return 'password';
  if (names.some(namesSigningSecret)) return 'secret';
  return undefined;
}

/** Every name inside the hashed expression: `password + user.salt` → password, user, salt. */
function namesIn(node: Node): string[] {
  const n = unwrap(node);
  const found = n.type === 'identifier' || n.type === 'property_identifier' ? [n] : [];
  for (const d of n.descendantsOfType(['identifier', 'property_identifier', 'shorthand_property_identifier'])) if (d) found.push(d);
  return found.filter((d) => !isCalleeName(d)).map((d) => d.text);
}

/** `hash` in `hash(x)` or `utils.hash(x)`: a function name says what is done, not what the value is. */
function isCalleeName(id: Node): boolean {
  const holder = id.parent?.type === 'member_expression' && id.type === 'property_identifier' ? id.parent : id;
  const call = holder.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.startIndex === holder.startIndex;
}

/** Names that describe a digest: where it is stored or returned, and what it is compared with. */
function resultNames(result: Node): string[] {
  let value = result;
  while (value.parent && ['parenthesized_expression', 'await_expression'].includes(value.parent.type)) value = value.parent;
  const names: string[] = [];
  const destination = destinationOf(value);
  if (destination?.name) names.push(destination.name);
  const parent = value.parent;
  if (parent?.type === 'binary_expression' && /^[!=]==?$/.test(parent.childForFieldName('operator')?.text ?? '')) {
    const other = [parent.childForFieldName('left'), parent.childForFieldName('right')].find((s) => s && s.startIndex !== value.startIndex);
    const name = lastName(other);
    if (name) names.push(name);
  }
  return names;
}
