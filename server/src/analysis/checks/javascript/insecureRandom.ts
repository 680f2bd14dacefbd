/**
 * js-insecure-random: `Math.random()` whose value becomes a token, state, nonce, password, key or
 * other secret. The decision is made by following the value (randomFlow.ts); the fix replaces the
 * whole token-building expression, so `Math.random().toString(36).substring(2)` becomes one
 * `crypto.randomUUID()` rather than a UUID with `.toString(36)` still hanging off it.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { calleeName } from '../../dataflow/javascript/bindings';
import { secretNameReached } from './randomFlow';
import { namesRandomSecret } from './secretNames';

const UUID_FIX = 'crypto.randomUUID()';
/** A uniform float in [0, 1) from the CSPRNG: a drop-in for `Math.random()` in `Math.floor(r * n)` code. */
const FLOAT_FIX = '(crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32)';

const ARITHMETIC = new Set(['*', '+', '-', '/', '%', '|', '&', '^', '>>>', '>>', '<<']);
const ROUNDING = new Set(['floor', 'round', 'ceil', 'trunc']);
/** String methods that shape a random number into a token. */
const TOKEN_METHODS = new Set(['toString', 'substring', 'substr', 'slice', 'padStart', 'padEnd', 'toUpperCase', 'toLowerCase']);

const same = (a: Node | null | undefined, b: Node) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

export const jsInsecureRandom: Check = ({ match }) => {
  const sink = secretNameReached(match, namesRandomSecret);
  if (!sink) return false;
  const token = tokenExpression(match);
  return {
    node: token.node,
    fixNode: token.node,
    vars: { sink, replacement: token.text ? UUID_FIX : FLOAT_FIX },
  };
};

/**
 * The expression that turns this `Math.random()` into a value: the `.toString(36)…` chain of a text
 * token (replaced by a UUID), or just the call itself when the code wants a number (replaced by a
 * CSPRNG float, which keeps `Math.floor(r * 1e6)` a six-digit code).
 */
function tokenExpression(random: Node): { node: Node; text: boolean } {
  let current = random;
  let radixText = false;
  for (;;) {
    const parent = current.parent;
    if (!parent) break;
    if (parent.type === 'parenthesized_expression') {
      current = parent;
      continue;
    }
    if (parent.type === 'binary_expression' && ARITHMETIC.has(parent.childForFieldName('operator')?.text ?? '') && !hasStringOperand(parent)) {
      current = parent;
      continue;
    }
    const call = parent.type === 'arguments' ? parent.parent : undefined;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.text.startsWith('Math.') && ROUNDING.has(calleeName(call) ?? '')) {
      current = call;
      continue;
    }
    const method = parent.type === 'member_expression' && same(parent.childForFieldName('object'), current) ? parent.childForFieldName('property')?.text : undefined;
    const methodCall = parent.parent;
    if (method && TOKEN_METHODS.has(method) && methodCall?.type === 'call_expression') {
      // `.toString(36)` / `.toString(16)` makes an alphanumeric token; a plain `.toString()` keeps digits (an OTP).
      if (method === 'toString' && methodCall.childForFieldName('arguments')?.namedChildren.length) radixText = true;
      current = methodCall;
      continue;
    }
    break;
  }
  if (!radixText) {
    return { node: random, text: isSplicedIntoString(random) };
  }
  // `Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)` is one token.
  while (current.parent?.type === 'binary_expression' && current.parent.childForFieldName('operator')?.text === '+') {
    const other = [current.parent.childForFieldName('left'), current.parent.childForFieldName('right')].find((s) => s && !same(s, current));
    if (!other || !containsMathRandom(other)) break;
    current = current.parent;
  }
  return { node: current, text: true };
}

/** True when `Math.random()` itself is spliced into a string (`${Math.random()}`, `'id-' + Math.random()`). */
function isSplicedIntoString(random: Node): boolean {
  let node = random;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'template_substitution') return true;
  return parent?.type === 'binary_expression' && parent.childForFieldName('operator')?.text === '+' && hasStringOperand(parent);
}

function hasStringOperand(binary: Node): boolean {
  return [binary.childForFieldName('left'), binary.childForFieldName('right')].some((s) => s?.type === 'string' || s?.type === 'template_string');
}

function containsMathRandom(node: Node): boolean {
  return node.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text === 'Math.random');
}
