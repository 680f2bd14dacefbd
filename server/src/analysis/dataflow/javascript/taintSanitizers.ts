/**
 * What stops request input from being dangerous at a given kind of sink. A sanitiser is only a
 * sanitiser for some sinks: `encodeURIComponent('..')` is still `..` in a file path, and
 * `path.basename('(a+)+$')` is still a catastrophic regex.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsTo, calleeName, argumentAt, resolveBinding, unwrap } from './bindings';

/**
 * Where the value ends up:
 * - `value`: anywhere (no sanitiser applies except conversions to numbers/booleans);
 * - `path`: a file-system path;
 * - `redirect`: a URL a browser is sent to;
 * - `request`: a URL the server requests (SSRF);
 * - `regex`: the source text of a regular expression.
 */
export type TaintSink = 'value' | 'path' | 'redirect' | 'request' | 'regex';

/** Results that carry no attacker-chosen text (numbers, booleans). */
const NUMERIC_FUNCTIONS = new Set(['parseInt', 'parseFloat', 'Number', 'Boolean', 'isNaN', 'isFinite', 'BigInt']);
const NUMERIC_RECEIVERS = new Set(['Math', 'Number']);
/** Methods that answer a question about the text instead of returning it. */
const QUESTION_METHODS = new Set([
  'startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'test', 'has', 'localeCompare',
  'charCodeAt', 'codePointAt', 'search', 'some', 'every', 'findIndex',
]);

const REGEX_METACHARACTERS = '.*+?^${}()|[]\\';
const REGEX_ESCAPES_REQUIRED = ['.', '*', '+', '?', '(', ')', '[', '|', '\\'];
const PATH_SEPARATORS = '/\\';

export function isUrlSink(sink: TaintSink): boolean {
  return sink === 'redirect' || sink === 'request';
}

/** True when `call` returns a value that is safe at `sink` whatever its arguments. */
export function isSanitizerCall(call: Node, sink: TaintSink): boolean {
  const fn = unwrap(call.childForFieldName('function') ?? call);
  const name = calleeName(call) ?? '';
  const receiver = fn.type === 'member_expression' ? unwrap(fn.childForFieldName('object') ?? fn) : undefined;
  if (!receiver && NUMERIC_FUNCTIONS.has(name)) return true;
  if (receiver?.type === 'identifier' && NUMERIC_RECEIVERS.has(receiver.text)) return true;
  if (receiver && QUESTION_METHODS.has(name)) return true;
  // basename drops every directory part: no "../", no leading "/" or "//host".
  // extname is cut from the base name too: at most ".ext", never a separator.
  if ((sink === 'path' || isUrlSink(sink)) && (name === 'basename' || name === 'extname')) return true;
  // Percent-encoding "/", ":", "?" and "#" leaves a single relative path segment: it cannot name another host.
  if (isUrlSink(sink) && !receiver && name === 'encodeURIComponent') return true;
  if (sink === 'regex' && (isRegexEscapeFunction(name, receiver) || replacesAll(call, REGEX_METACHARACTERS))) return true;
  if (sink === 'path' && replacesAll(call, PATH_SEPARATORS)) return true;
  return false;
}

/** `escapeRegExp`, `_.escapeRegExp`, `escapeStringRegexp`, `RegExp.escape`, `regexEscape`. */
function isRegexEscapeFunction(name: string, receiver: Node | undefined): boolean {
  if (name === 'escape' && receiver?.text === 'RegExp') return true;
  const lower = name.toLowerCase();
  return lower.includes('escape') && /reg(ex|exp)?/.test(lower);
}

/**
 * `x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')` (escape every metacharacter), or
 * `x.replace(/[^a-z0-9_-]/gi, '')` (drop everything outside a class that contains none of `forbidden`).
 */
function replacesAll(call: Node, forbidden: string): boolean {
  const name = calleeName(call);
  if (name !== 'replace' && name !== 'replaceAll') return false;
  const pattern = argumentAt(call, 0);
  const replacement = argumentAt(call, 1);
  if (pattern?.type !== 'regex' || !replacement) return false;
  const flags = pattern.childForFieldName('flags')?.text ?? '';
  if (name === 'replace' && !flags.includes('g')) return false;
  const source = pattern.childForFieldName('pattern')?.text ?? '';
  const replacementText = constantString(replacement);
  if (replacementText === undefined) return false;
  const negated = /^\[\^(.+)\]$/.exec(source);
  if (negated) {
    const allowed = classCharacters(negated[1]);
    return !!allowed && ![...forbidden].some((ch) => allowed(ch) || replacementText.includes(ch));
  }
  // Escaping: a class of metacharacters, each replaced by "\\" + itself.
  const escaped = /^\[(.+)\]$/.exec(source);
  if (!escaped || forbidden !== REGEX_METACHARACTERS || !replacementText.includes('$&')) return false;
  const matched = classCharacters(escaped[1]);
  return !!matched && REGEX_ESCAPES_REQUIRED.every((ch) => matched(ch));
}

/**
 * Parses the body of a character class into a membership test; undefined when it uses something we
 * do not model (`\W`, `\p{…}`, unicode escapes), so the caller stays conservative.
 */
function classCharacters(body: string): ((ch: string) => boolean) | undefined {
  const singles = new Set<string>();
  const ranges: Array<[number, number]> = [];
  const classes: RegExp[] = [];
  let i = 0;
  const next = (): string | undefined => {
    const ch = body[i++];
    if (ch !== '\\') return ch;
    const escaped = body[i++];
    if (escaped === 'w') classes.push(/\w/);
    else if (escaped === 'd') classes.push(/\d/);
    else if (escaped === 's') classes.push(/\s/);
    else if (escaped !== undefined && /[a-zA-Z0-9]/.test(escaped)) throw new Error('unmodelled escape');
    else return escaped;
    return '';
  };
  try {
    while (i < body.length) {
      const ch = next();
      if (ch === undefined) break;
      if (ch === '') continue;
      if (body[i] === '-' && i + 1 < body.length) {
        i++;
        const end = next();
        if (!end) throw new Error('class in range');
        ranges.push([ch.charCodeAt(0), end.charCodeAt(0)]);
      } else {
        singles.add(ch);
      }
    }
  } catch {
    return undefined;
  }
  return (ch) => singles.has(ch) || ranges.some(([lo, hi]) => ch.charCodeAt(0) >= lo && ch.charCodeAt(0) <= hi) || classes.some((re) => re.test(ch));
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** The value of a string literal's body (common escapes only; enough for prefix checks). */
export function cookString(raw: string): string {
  return raw.replace(/\\(.)/g, (_, ch: string) => SIMPLE_ESCAPES[ch] ?? ch);
}

/** The text of a constant string expression (literals, constant templates and concatenations, constant identifiers). */
export function constantString(node: Node, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
      return cookString(n.text.slice(1, -1));
    case 'number':
      return n.text;
    case 'template_string': {
      let out = '';
      for (const part of n.namedChildren) {
        if (!part) continue;
        if (part.type === 'template_substitution') {
          const inner = part.namedChildren[0] ? constantString(part.namedChildren[0], depth + 1) : '';
          if (inner === undefined) return undefined;
          out += inner;
        } else {
          out += part.type === 'escape_sequence' ? cookString(part.text) : part.text;
        }
      }
      return out;
    }
    case 'binary_expression': {
      if (n.childForFieldName('operator')?.text !== '+') return undefined;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const l = left ? constantString(left, depth + 1) : undefined;
      const r = right ? constantString(right, depth + 1) : undefined;
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    case 'identifier': {
      const binding = resolveBinding(n, n.text);
      if (!binding?.init || binding.kind === 'parameter' || binding.kind === 'function') return undefined;
      if (binding.kind !== 'const' && assignmentsTo(binding, n.text).length > 0) return undefined;
      return constantString(binding.init, depth + 1);
    }
    default:
      return undefined;
  }
}

/** Stands for a part of a URL that is computed but not request-derived (a configured base URL, the host). */
export const OPAQUE = '\u0000';

/**
 * True when a URL whose text before the first request-derived part is `prefix` can no longer point
 * at another host: a same-origin path ("/app/"), or a scheme and host followed by "/", "?" or "#".
 * A computed, clean prefix followed by a path ("${API_BASE}/users/") counts as a configured origin.
 * `pathShaped` says the request-derived part is a request path (always starting with "/"), which
 * keeps the host of a prefix like "https://" + host.
 */
export function originIsPinned(prefix: string, pathShaped: boolean): boolean {
  if (/^\/[^/\\]/.test(prefix)) return true;
  if (/^([a-z][a-z0-9+.-]*|\0):\/\/[^/?#\\]+[/?#]/i.test(prefix)) return true;
  if (/^\0+(\?|#|\/(?!\/))/.test(prefix)) return true;
  if (pathShaped) return /^(([a-z][a-z0-9+.-]*|\0):)?\/\/[^/?#\\]+$/i.test(prefix) || /^\0+$/.test(prefix);
  return false;
}
