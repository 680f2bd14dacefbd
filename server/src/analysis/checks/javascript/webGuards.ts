/**
 * Validations a rule can see in the code before a sink, passed to dataflow/javascript/taint.ts as `guard`. Each answers:
 * does this condition check one of `names` in a way that makes it safe for this kind of sink?
 * They look at the shape of the check, not at whether its constants are right: `u.host === 'a.com'`
 * is a host check whether or not a.com is the right host.
 */
import type { Node } from 'web-tree-sitter';
import { argumentAt, calleeName, unwrap } from '../../dataflow/javascript/bindings';
import { identifierWords } from '../../dataflow/names';

type Guard = (condition: Node, names: ReadonlySet<string>) => boolean;

/** Function names that promise a validated value: `isSafeRedirect`, `isAllowedHost`, `isTrustedUrl`. */
const VALIDATOR_WORDS = new Set(['safe', 'allowed', 'trusted', 'allowlist', 'allowlisted', 'whitelist', 'whitelisted', 'permitted', 'relative', 'local', 'internal', 'same', 'within', 'inside', 'contained']);

function calls(condition: Node): Node[] {
  return condition.descendantsOfType('call_expression').filter((n): n is Node => n !== null);
}

function receiverOf(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'member_expression' ? unwrap(fn.childForFieldName('object') ?? fn) : undefined;
}

function mentions(node: Node | undefined, names: ReadonlySet<string>): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === 'identifier') return names.has(n.text);
  return n.descendantsOfType('identifier').some((id) => !!id && names.has(id.text));
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? node.text.slice(1, -1) : undefined;
}

/** `ALLOWED.includes(x)`, `allowed.has(x)`, `list.indexOf(x) !== -1`: membership in a fixed list. */
function allowListMembership(condition: Node, names: ReadonlySet<string>): boolean {
  return calls(condition).some((call) => {
    const method = calleeName(call);
    const receiver = receiverOf(call);
    return (method === 'includes' || method === 'has' || method === 'indexOf')
      && !!receiver && !mentions(receiver, names) && mentions(argumentAt(call, 0), names);
  });
}

/** `isSafeRedirect(next)`, `isAllowedHost(url.hostname)`: a named validator called on the value. */
function namedValidator(condition: Node, names: ReadonlySet<string>): boolean {
  return calls(condition).some((call) => {
    const words = identifierWords(calleeName(call) ?? '');
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    return words.some((w) => VALIDATOR_WORDS.has(w)) && args.some((a) => !!a && mentions(a, names));
  });
}

/** `target.host === …`, `ALLOWED.has(url.hostname)`, `u.origin !== base`: the host of a parsed URL is checked. */
function hostCheck(condition: Node, names: ReadonlySet<string>): boolean {
  const members = [condition, ...condition.descendantsOfType('member_expression')].filter((n): n is Node => n?.type === 'member_expression');
  return members.some((m) => {
    const prop = m.childForFieldName('property')?.text;
    return (prop === 'host' || prop === 'hostname' || prop === 'origin') && mentions(m.childForFieldName('object') ?? undefined, names);
  });
}

/**
 * `next.startsWith('/') && !next.startsWith('//')`, `/^\/(?!\/)/.test(next)`: a same-site relative
 * path. A bare `startsWith('/')` is not enough ("//evil.com" starts with "/"), so the condition must
 * also rule out a second slash.
 */
function relativePathCheck(condition: Node, names: ReadonlySet<string>): boolean {
  const all = calls(condition);
  const startsWithSlash = all.some((call) => calleeName(call) === 'startsWith' && mentions(receiverOf(call), names) && stringValue(argumentAt(call, 0)) === '/');
  const excludesDoubleSlash = condition.descendantsOfType('string').some((s) => /^\/\/|\\\\/.test(stringValue(s ?? undefined) ?? ''));
  if (startsWithSlash && excludesDoubleSlash) return true;
  return all.some((call) => {
    const re = receiverOf(call);
    const pattern = re?.type === 'regex' ? re.childForFieldName('pattern')?.text ?? '' : '';
    return calleeName(call) === 'test' && mentions(argumentAt(call, 0), names) && /^\^(\\\/|\/)/.test(pattern) && /\(\?!|\[\^/.test(pattern);
  });
}

/**
 * `resolved.startsWith(baseDir)`, `path.relative(base, p).startsWith('..')`, `name.includes('..')`,
 * `name.includes('/')`: the path is checked against its base directory, for parent references or
 * for separators (a name without one cannot leave the directory it is joined to).
 */
function containmentCheck(condition: Node, names: ReadonlySet<string>): boolean {
  return calls(condition).some((call) => {
    const method = calleeName(call);
    if (method === 'startsWith' && mentions(receiverOf(call), names)) return true;
    const needle = stringValue(argumentAt(call, 0)) ?? '';
    return (method === 'includes' || method === 'indexOf') && mentions(receiverOf(call), names) && /\.\.|\/|\\/.test(needle);
  });
}

/** `/^[\w-]+$/.test(q)`: the value is checked against an anchored pattern of plain characters. */
function plainTextCheck(condition: Node, names: ReadonlySet<string>): boolean {
  return calls(condition).some((call) => {
    const re = receiverOf(call);
    const pattern = re?.type === 'regex' ? re.childForFieldName('pattern')?.text ?? '' : '';
    return calleeName(call) === 'test' && mentions(argumentAt(call, 0), names) && /^\^\[[\w\s\\-]+\][+*]?(\{\d+(,\d*)?\})?\$$/.test(pattern);
  });
}

function any(...guards: Guard[]): Guard {
  return (condition, names) => guards.some((g) => g(condition, names));
}

export const REDIRECT_GUARD = any(hostCheck, allowListMembership, namedValidator, relativePathCheck);
export const REQUEST_GUARD = any(hostCheck, allowListMembership, namedValidator);
export const PATH_GUARD = any(containmentCheck, allowListMembership, namedValidator);
export const REGEX_GUARD = any(plainTextCheck, allowListMembership);
