/**
 * js-static-iv: `createCipheriv` called with an IV that is the same for every message — a literal,
 * a zero buffer, an environment value, or bytes cut from the key.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, assignmentsTo, calleeName, isConstantExpression, referencesTo, resolveBinding, stringValue, unwrap } from '../../dataflow/javascript/bindings';

const RANDOM_FILLERS = new Set(['randomFillSync', 'randomFill', 'getRandomValues']);

/** Modes that take no IV (Node accepts `null` or an empty one); js-weak-cipher reports them. */
const NO_IV_ALGORITHM = /(^|-)ecb$|^rc4($|-)/i;

export const jsStaticIv: Check = ({ match, captures }) => {
  const iv = captures.iv;
  const algorithmNode = argumentAt(match, 0);
  const algorithm = algorithmNode ? stringValue(algorithmNode) : undefined;
  if (!iv || (algorithm && NO_IV_ALGORITHM.test(algorithm))) return false;
  const key = argumentAt(match, 1);
  return (isStaticBytes(iv, 0) || (!!key && isCutFromKey(iv, key, 0))) && { vars: { iv: iv.text } };
};

/**
 * `key.subarray(0, 16)`, `Buffer.from(key).slice(0, 16)`, or the key itself: an IV read out of the
 * key repeats for every message encrypted with that key (and hands half the key to every reader).
 */
function isCutFromKey(iv: Node, key: Node, depth: number): boolean {
  if (depth > 5) return false;
  const n = unwrap(iv);
  const k = unwrap(key);
  if (n.type === 'identifier' && k.type === 'identifier' && n.text === k.text) return true;
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    return binding?.kind === 'const' && !!binding.init && isCutFromKey(binding.init, key, depth + 1);
  }
  if (n.type !== 'call_expression') return false;
  const name = calleeName(n) ?? '';
  const receiver = n.childForFieldName('function')?.childForFieldName('object');
  if ((name === 'slice' || name === 'subarray') && receiver) return isCutFromKey(receiver, key, depth + 1);
  const first = argumentAt(n, 0);
  return n.childForFieldName('function')?.text === 'Buffer.from' && !!first && isCutFromKey(first, key, depth + 1);
}

/** Bytes that are the same on every run: literals, `Buffer.from('…')`, zero buffers, environment values. */
function isStaticBytes(node: Node, depth: number): boolean {
  if (depth > 5) return false;
  const n = unwrap(node);
  // `null` is the valid "no IV" of ECB mode; js-weak-cipher reports that case.
  if (['null', 'undefined'].includes(n.type) || n.text === 'undefined') return false;
  if (isConstantExpression(n) || isEnvironmentValue(n)) return true;
  if (n.type === 'identifier') {
    const binding = resolveBinding(n, n.text);
    if (!binding?.init || binding.kind === 'parameter' || binding.kind === 'function') return false;
    // `const iv = Buffer.alloc(16); crypto.randomFillSync(iv)` fills it with random bytes.
    if (referencesTo(binding, n.text).some(isFilledAtRandom)) return false;
    return [binding.init, ...assignmentsTo(binding, n.text)].every((value) => isStaticBytes(value, depth + 1));
  }
  if (n.type === 'call_expression' || n.type === 'new_expression') {
    const callee = (n.childForFieldName('function') ?? n.childForFieldName('constructor'))?.text ?? '';
    const first = n.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'comment');
    if (/^Buffer\.(alloc|allocUnsafeSlow)$/.test(callee)) return true;
    if (callee === 'Uint8Array') return !!first && (unwrap(first).type === 'number' || isStaticBytes(first, depth + 1));
    if (/^(Buffer\.from|Uint8Array\.from)$/.test(callee)) return !!first && isStaticBytes(first, depth + 1);
    if (['slice', 'subarray'].includes(calleeName(n) ?? '')) {
      const receiver = n.childForFieldName('function')?.childForFieldName('object');
      return !!receiver && isStaticBytes(receiver, depth + 1);
    }
  }
  return false;
}

function isEnvironmentValue(node: Node): boolean {
  return /^process\.env(\.|\[)/.test(node.text) && (node.type === 'member_expression' || node.type === 'subscript_expression');
}

function isFilledAtRandom(reference: Node): boolean {
  const call = reference.parent?.type === 'arguments' ? reference.parent.parent : undefined;
  return call?.type === 'call_expression' && RANDOM_FILLERS.has(calleeName(call) ?? '');
}
