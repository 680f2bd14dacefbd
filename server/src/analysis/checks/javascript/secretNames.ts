/**
 * Which names say a value is a secret, for the JavaScript core rules. A name is read as words
 * (`resetToken` → reset, token); its last word is the head noun and can veto the rest, because
 * `tokenCount` is a count and `sessionTimeout` a duration, not a token or a session.
 */
import { identifierWords, PASSWORD_WORDS, SECRET_VALUE_WORDS } from '../../dataflow/names';

/** Words of a name without digits and the `x-` prefix of custom headers (`x-api-key` → api, key). */
export function nameWords(name: string): string[] {
  const words = identifierWords(name).filter((w) => !/^\d+$/.test(w));
  return words[0] === 'x' && words.length > 1 ? words.slice(1) : words;
}

function head(words: string[]): string {
  return words[words.length - 1] ?? '';
}

/**
 * Words of SECRET_VALUE_WORDS too common to decide alone: generated code gives list items, DOM
 * nodes and React keys a `Math.random()` id or key all the time. They count only next to a word
 * that says what the id protects (`sessionId`, `apiKey`, `resetCode`, `inviteId`).
 */
const NEEDS_QUALIFIER = new Set(['id', 'ids', 'key', 'keys', 'uuid', 'guid', 'code', 'auth', 'reset', 'invite', 'activation', 'cookie']);

const QUALIFIERS = new Set([
  'session', 'auth', 'reset', 'invite', 'invitation', 'activation', 'verification', 'verify', 'confirm', 'confirmation',
  'magic', 'access', 'refresh', 'api', 'private', 'secret', 'signing', 'encryption', 'login', 'recovery', 'otp', 'mfa',
  'sms', 'unlock', 'license', 'pairing', 'csrf', 'xsrf', 'password', 'cookie',
]);

/** Head nouns that name a measure or a position: the value is a number about the secret, not the secret. */
const MEASURE_WORDS = new Set([
  'x', 'y', 'z', 'dx', 'dy', 'width', 'height', 'left', 'top', 'right', 'bottom', 'lat', 'lng', 'lon', 'latitude',
  'longitude', 'color', 'colour', 'hue', 'delay', 'offset', 'pos', 'position', 'size', 'radius', 'angle', 'rotation',
  'speed', 'velocity', 'opacity', 'alpha', 'duration', 'timeout', 'ms', 'seconds', 'jitter', 'interval', 'backoff',
  'retry', 'retries', 'attempt', 'attempts', 'weight', 'score', 'index', 'idx', 'count', 'amount', 'length', 'len',
  'ttl', 'expiry', 'expires', 'age', 'max', 'min', 'rate', 'ratio', 'percent', 'probability', 'chance', 'threshold',
  'type', 'name', 'label', 'status', 'version', 'number', 'num',
]);

/** An OAuth `state` is always a string; a numeric `state` is a simulation or UI state. */
const STRING_ONLY_WORDS = new Set(['state']);

/** True when a random value stored under `name` must be unpredictable (`resetToken`, `oauthState`, `sessionId`). */
export function namesRandomSecret(name: string, stringValued: boolean): boolean {
  const words = nameWords(name);
  if (words.length === 0 || MEASURE_WORDS.has(head(words))) return false;
  const strong = words.some((w) => SECRET_VALUE_WORDS.has(w) && !NEEDS_QUALIFIER.has(w) && (stringValued || !STRING_ONLY_WORDS.has(w)));
  if (strong) return true;
  // The qualifier must be another word: `auth` alone is as vague as `id`, `authCode` is not.
  return words.some((w, i) => NEEDS_QUALIFIER.has(w) && words.some((q, j) => j !== i && QUALIFIERS.has(q)));
}

const PASSWORD_ONLY = new Set(['password', 'passwords', 'passwd', 'pwd', 'passphrase', 'pass']);

/** Words that turn a password-named value into something else: a reset token, a hint, a policy. */
const NOT_A_PASSWORD = new Set(['token', 'reset', 'hint', 'policy', 'length', 'strength', 'expires', 'expiry', 'changed', 'count', 'attempts', 'field', 'input', 'label', 'visible', 'shown', 'show', 'error', 'message']);

/** `password`, `newPassword`, `req.body.pwd` — not `passwordResetToken` or `passwordHint`. */
export function namesPassword(name: string): boolean {
  const words = nameWords(name);
  return words.some((w) => PASSWORD_ONLY.has(w)) && !words.some((w) => NOT_A_PASSWORD.has(w));
}

const SIGNING_WORDS = new Set(['signature', 'sign', 'signing', 'signed', 'hmac', 'mac', 'apikey']);

/** Secret material for a keyed hash or a signature: `secret`, `clientSecret`, `signature`, `apiKey`. */
export function namesSigningSecret(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => NOT_A_PASSWORD.has(w) && w !== 'token')) return false;
  if (words.some((w) => SIGNING_WORDS.has(w) || (PASSWORD_WORDS.has(w) && !PASSWORD_ONLY.has(w)))) return true;
  return head(words) === 'key' && words.some((w) => KEY_QUALIFIERS.has(w));
}

const COMPARED_SECRET_HEADS = new Set(['token', 'signature', 'sig', 'hmac', 'secret', 'apikey', 'csrf', 'xsrf', 'otp', 'totp', 'authorization']);
const KEY_QUALIFIERS = new Set(['api', 'secret', 'access', 'private', 'signing', 'webhook', 'auth']);
const HASHED_PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd']);

/**
 * A name whose value is a credential worth guessing byte by byte: `token`, `expectedSignature`,
 * `x-api-key`, `passwordHash`. Judged by the head noun, so `tokenType` and `signatureAlgorithm` are not.
 */
export function namesComparedSecret(name: string): boolean {
  const words = nameWords(name);
  const last = head(words);
  if (COMPARED_SECRET_HEADS.has(last)) return true;
  if (last === 'key') return words.some((w) => KEY_QUALIFIERS.has(w));
  if (last === 'hash' || last === 'digest') return words.some((w) => HASHED_PASSWORD_WORDS.has(w) || w === 'hmac' || w === 'signature');
  if (HASHED_PASSWORD_WORDS.has(last)) return words.includes('hashed');
  return false;
}
