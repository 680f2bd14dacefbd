/**
 * go-insecure-random: math/rand values (v1 and v2, and generators made by `rand.New`) that end up in
 * something named like a token, key, password, session id or OTP.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, importedCall, packagePathOf, qualifiedType, resolveLocal } from '../../dataflow/go/bindings';
import { findReach, findReachFromVariable, type Reach, type ReachTest } from '../../dataflow/go/flow';
import { identifierWords, SECRET_VALUE_WORDS } from '../../dataflow/names';

const MATH_RAND = new Set(['math/rand', 'math/rand/v2']);

/** Functions and *rand.Rand methods of math/rand (v1 and v2) that return random values. */
const RANDOM_VALUE_FUNCTIONS = new Set([
  'Int', 'Intn', 'IntN', 'Int31', 'Int31n', 'Int32', 'Int32N', 'Int63', 'Int63n', 'Int64', 'Int64N',
  'Uint', 'UintN', 'Uint32', 'Uint32N', 'Uint64', 'Uint64N', 'N', 'Read',
]);

/**
 * Words that say a random value is used for spreading load or picking test data, not for secrecy;
 * they win over secret words (`retryDelayKey`, `requestID`, `workerID`).
 */
const NON_SECRET_WORDS: ReadonlySet<string> = new Set([
  'jitter', 'backoff', 'delay', 'sleep', 'retry', 'retries', 'sample', 'sampling', 'shuffle', 'shuffled', 'index', 'idx',
  'port', 'worker', 'shard', 'partition', 'bucket', 'color', 'colour', 'weight', 'latency', 'timeout', 'interval',
  'duration', 'offset', 'mock', 'fake', 'dummy', 'test', 'request', 'trace', 'span', 'correlation', 'cache', 'status',
  'seed', 'game', 'dice', 'roll',
]);

function secretTest(reach: Reach): ReturnType<ReachTest> {
  const words = identifierWords(reach.name);
  if (words.some((w) => NON_SECRET_WORDS.has(w))) return 'stop';
  return words.some((w) => SECRET_VALUE_WORDS.has(w)) ? 'found' : 'follow';
}

/** The rule's message for where the value ends up: a variable (default), a struct field, a function's result. */
const MESSAGE_OF_REACH: Partial<Record<Reach['via'], string>> = { field: 'field', return: 'result' };

/** A struct field of this file declared as math/rand's generator: `rng *rand.Rand` (for `g.rng.Intn(…)`). */
function isMathRandField(selector: Node): boolean {
  const field = selector.childForFieldName('field')?.text;
  return selector.tree.rootNode.descendantsOfType('field_declaration').some((declaration) => {
    if (!declaration || !declaration.childrenForFieldName('name').some((n) => n?.text === field)) return false;
    const type = qualifiedType(declaration.childForFieldName('type') ?? undefined);
    return !!type && MATH_RAND.has(type.path) && type.name === 'Rand';
  });
}

/** math/rand itself, or a generator made by math/rand's `New` (`r := rand.New(rand.NewSource(…))`). */
function isMathRandSource(operand: Node): boolean {
  if (operand.type === 'selector_expression') return isMathRandField(operand);
  const direct = packagePathOf(operand);
  if (direct !== undefined) return MATH_RAND.has(direct);
  if (operand.type !== 'identifier') return false;
  const value = resolveLocal(operand, operand.text)?.value;
  const call = value?.type === 'call_expression' ? importedCall(value) : undefined;
  return !!call && MATH_RAND.has(call.path) && call.name === 'New';
}

/** math/rand values that end up in something named like a token, key, password, session id or OTP. */
export const goInsecureRandom: Check = ({ match, captures }) => {
  const operand = captures.pkg;
  const fn = captures.fn?.text;
  if (!operand || !fn || !RANDOM_VALUE_FUNCTIONS.has(fn) || !isMathRandSource(operand)) return false;
  let reach: Reach | undefined;
  if (fn === 'Read') {
    const buffer = argumentsOf(match)[0];
    reach = buffer ? findReachFromVariable(buffer, secretTest) : undefined;
  } else {
    reach = findReach(match, secretTest);
  }
  return reach ? { messageId: MESSAGE_OF_REACH[reach.via], vars: { call: `${operand.text}.${fn}`, name: reach.name } } : false;
};
