/**
 * py-insecure-random: `random` (a Mersenne Twister, predictable from its output) used for tokens,
 * passwords, keys or codes — decided by the names of the variable, key, argument or function the
 * value flows into.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, calleeNames, enclosingFunction, keywordArgument } from '../../dataflow/python';
import { identifierWords } from '../../dataflow/names';
import { replaceWithin } from './common';
import { sinkMessage, sinkNames, type NamedSink } from './valueSinks';

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
export const pyInsecureRandom: Check = ({ match }) => {
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
  return { messageId: sinkMessage(sink), vars: { callee, name: sink.name, fixed }, fixApplies: !!replacement };
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
