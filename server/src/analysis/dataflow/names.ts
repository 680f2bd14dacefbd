/** Splitting identifiers into words, to tell `oauthState` or `reset_token` from `diceRoll`. */

/** `resetToken`, `reset_token`, `RESET-TOKEN`, `XMLHttpRequest` → lower-case words. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True when any word of `name` is in `words`. */
export function nameHasWord(name: string, words: ReadonlySet<string>): boolean {
  return identifierWords(name).some((w) => words.has(w));
}

/** Words that mark a value as security-sensitive when it is random or hashed. */
export const SECRET_VALUE_WORDS: ReadonlySet<string> = new Set([
  'token', 'tokens', 'secret', 'secrets', 'state', 'nonce', 'salt', 'password', 'passwd', 'pwd', 'passphrase',
  'key', 'keys', 'apikey', 'session', 'sessionid', 'sid', 'csrf', 'xsrf', 'otp', 'totp', 'pin', 'verifier',
  'challenge', 'uuid', 'guid', 'id', 'ids', 'code', 'auth', 'credential', 'credentials', 'cookie', 'iv',
  'reset', 'invite', 'activation', 'signature', 'hmac', 'jwt', 'bearer',
]);

export const PASSWORD_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'pass', 'credential', 'credentials', 'secret',
]);
