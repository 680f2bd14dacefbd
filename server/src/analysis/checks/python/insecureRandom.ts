/**
 * Security values made with the wrong tools: `random` (a Mersenne Twister, predictable from its
 * output) for tokens and passwords, and fast hashes (MD5, SHA-1, plain SHA-2) for passwords.
 * Both decide by names — of the variable, key, argument or function the value flows into.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callArguments, callOrigins, calleeNames, enclosingFunction, keywordArgument, positionalArgument, reachingBindings, unwrap } from '../../dataflow/python';
import { identifierWords, PASSWORD_WORDS } from '../../dataflow/names';
import { brief, replaceWithin, stringValue } from './common';
import { sinkNames, type NamedSink } from './valueSinks';

const RANDOM_FUNCTIONS = new Set(['random', 'randint', 'choice', 'choices', 'getrandbits', 'randrange', 'sample', 'uniform', 'randbytes'].map((f) => `random.${f}`));
/** `random.X` → `secrets.Y` with the same arguments and meaning. */
const SECRETS_EQUIVALENT: Record<string, string> = { choice: 'choice', getrandbits: 'randbits', randbytes: 'token_bytes' };

/** Words that on their own make a value a secret. */
const SECRET_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'nonce', 'salt', 'otp',
  'totp', 'hotp', 'csrf', 'xsrf', 'apikey', 'sessionid', 'credential', 'credentials', 'verifier', 'iv', 'passcode',
]);
/** Ambiguous words (`key`, `code`, `pin`, `id`, `state`) that are secrets only next to a qualifier. */
const QUALIFIED_SECRETS: Record<string, ReadonlySet<string>> = {
  key: new Set(['api', 'secret', 'private', 'encryption', 'encrypt', 'signing', 'sign', 'access', 'session', 'auth', 'license', 'crypto', 'aes', 'hmac', 'master']),
  code: new Set(['reset', 'verification', 'verify', 'auth', 'authorization', 'activation', 'activate', 'invite', 'invitation', 'confirm', 'confirmation', 'login', 'access', 'security', 'recovery', 'sms', 'mfa', '2fa', 'backup', 'pairing', 'one', 'otp']),
  pin: new Set(['reset', 'verification', 'verify', 'auth', 'login', 'security', 'sms', 'mfa', 'otp', 'access', 'card']),
  id: new Set(['session']),
  state: new Set(['oauth']),
};
/** Words that make a name about a secret's shape or use, not the secret: `token_length`, `next_token`. */
const NOT_A_VALUE = new Set([
  'length', 'len', 'size', 'count', 'num', 'max', 'min', 'index', 'idx', 'delay', 'timeout', 'ttl', 'expiry', 'expires',
  'expiration', 'attempts', 'retries', 'limit', 'bits', 'type', 'kind', 'mode', 'format', 'name', 'field', 'prefix',
  'next', 'sampled', 'sample', 'vocab', 'word', 'words', 'logit', 'logits', 'prob', 'probs', 'weight', 'weights', 'position', 'pos',
]);

const isAboutShape = (words: string[]): boolean => words.some((w) => NOT_A_VALUE.has(w));

/** True when the words of `name` say it holds a token, password, key, OTP, session id or similar secret. */
export function isSecretName(name: string): boolean {
  const words = identifierWords(name);
  if (isAboutShape(words)) return false;
  return words.some((w) => SECRET_WORDS.has(w)) || isQualifiedSecret(words, words);
}

/** An ambiguous word of `words` (`code`) with its qualifier among `context` (`verification`). */
function isQualifiedSecret(words: string[], context: string[]): boolean {
  return words.some((w) => {
    const qualifiers = QUALIFIED_SECRETS[w];
    return !!qualifiers && context.some((other) => other !== w && qualifiers.has(other));
  });
}

/** `code` inside `send_verification_code()`: the function's name qualifies an ambiguous variable name. */
function isSecretInFunction(sink: NamedSink, value: Node): boolean {
  if (sink.via === 'function') return false;
  const words = identifierWords(sink.name);
  if (isAboutShape(words)) return false;
  const fnName = enclosingFunction(value)?.childForFieldName('name')?.text;
  return !!fnName && isQualifiedSecret(words, identifierWords(fnName));
}

/** A variable whose name says what the value is about (`token_length`) is not followed further. */
const describesValue = (name: string): boolean => !isAboutShape(identifierWords(name));

/** random.* used where the value becomes a token, password, key or code (judged by the names it flows into). */
const pyInsecureRandomSecret: Check = ({ match }) => {
  const callee = calleeNames(match).find((q) => RANDOM_FUNCTIONS.has(q)) ?? generatorMethod(match);
  if (!callee) return false;
  // Weighted sampling is a simulation or a language model, never a secret.
  if (callee === 'random.choices' && (keywordArgument(match, 'weights') || keywordArgument(match, 'cum_weights'))) return false;
  const sinks = sinkNames(match, describesValue);
  const sink = sinks.find((s) => isSecretName(s.name)) ?? sinks.find((s) => isSecretInFunction(s, match));
  if (!sink) return false;
  const fn = match.childForFieldName('function');
  const replacement = SECRETS_EQUIVALENT[callee.slice('random.'.length)];
  const fixed = replacement && fn ? replaceWithin(match, fn, `secrets.${replacement}`) : match.text;
  const where = sink.via === 'function' ? `returned by \`${sink.name}()\`` : `${sink.via === 'comparison' ? 'compared with' : 'stored as'} \`${sink.name}\``;
  return { vars: { callee, where, fixed }, fixApplies: !!replacement };
};

/**
 * `rng.choice(...)` on `rng = random.Random()` (seeded or not): the same Mersenne Twister as the
 * module functions, returned as `random.choice`. `random.SystemRandom()` is secure and not matched.
 */
function generatorMethod(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  const name = `random.${fn?.childForFieldName('attribute')?.text ?? ''}`;
  if (!receiver || !RANDOM_FUNCTIONS.has(name)) return undefined;
  return callOrigins(receiver).some((c) => calleeNames(c).includes('random.Random')) ? name : undefined;
}

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
const pyWeakPasswordHash: Check = ({ match }) => {
  const algorithm = hashAlgorithm(match);
  if (!algorithm) return false;
  const weak = WEAK_HASHES.has(algorithm);
  if (!weak && !FAST_HASHES.has(algorithm)) return false;
  if (keywordArgument(match, 'usedforsecurity')?.type === 'false') return false;
  const words = weak ? WEAK_HASH_SECRET_WORDS : STRICT_PASSWORD_WORDS;
  const hashed = [...hashedInputs(match)].find((input) => namesIn(input).some((n) => isPasswordName(n, words)));
  const stored = hashed ? undefined : sinkNames(match).find((s) => isPasswordName(s.name, STRICT_PASSWORD_WORDS) && s.via !== 'argument');
  if (!hashed && !stored) return false;
  const what = hashed ? `\`${brief(hashed.text)}\`` : describeSink(stored);
  return { vars: { algorithm: displayAlgorithm(algorithm), what } };
};

function describeSink(sink: NamedSink | undefined): string {
  if (sink?.via === 'function') return `the value returned by \`${sink.name}()\``;
  return `the value ${sink?.via === 'comparison' ? 'compared with' : 'stored as'} \`${sink?.name}\``;
}

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

export const pythonCryptoChecks: Record<string, Check> = { pyInsecureRandomSecret, pyWeakPasswordHash };
