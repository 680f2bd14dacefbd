/**
 * Checks for the Go rules (rules/go). This file holds the crypto-flavoured ones (random numbers,
 * password hashing, TLS verification) and the registry; injection and template checks live in
 * goInjection.ts and goTemplate.ts.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, calleeOf, importedCall, packagePathOf, qualifiedType, resolveLocal, usesOf } from '../../dataflow/go/bindings';
import { findReach, findReachFromVariable, sinksOf, type Reach, type ReachTest } from '../../dataflow/go/flow';
import { identifierWords, PASSWORD_WORDS, SECRET_VALUE_WORDS } from '../../dataflow/names';
import { goInjectionChecks } from './sqlInjection';
import { goTemplateChecks } from './textTemplateHtml';

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

function describeReach(reach: Reach): string {
  if (reach.via === 'return') return `the result of \`${reach.name}\``;
  return reach.via === 'field' ? `the field \`${reach.name}\`` : `\`${reach.name}\``;
}

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
const goInsecureRandom: Check = ({ match, captures }) => {
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
  return reach ? { vars: { call: `${operand.text}.${fn}`, sink: describeReach(reach) } } : false;
};

// ---------------------------------------------------------------------------------------------

const WEAK_HASHES: Record<string, string> = { 'crypto/md5': 'MD5', 'crypto/sha1': 'SHA-1' };

/** The shared list plus `pw` (`hashPw`, `pwHash`), an abbreviation Go code favours; kept local so other languages are unchanged. */
const GO_PASSWORD_WORDS: ReadonlySet<string> = new Set([...PASSWORD_WORDS, 'pw']);

function namesPassword(name: string): boolean {
  return identifierWords(name).some((w) => GO_PASSWORD_WORDS.has(w));
}

/** Any variable or field in `expr` named like a password or secret (`req.Password`, `pwd`). */
function mentionsPassword(expr: Node): boolean {
  const names = [expr, ...expr.descendantsOfType(['identifier', 'field_identifier'])];
  return names.some((n) => !!n && (n.type === 'identifier' || n.type === 'field_identifier') && namesPassword(n.text));
}

const passwordTest: ReachTest = (reach) => (namesPassword(reach.name) ? 'found' : 'follow');

const COMPARISONS = new Set(['Equal', 'EqualFold', 'ConstantTimeCompare']);

/**
 * A digest compared with something named like a stored password hash:
 * `hex.EncodeToString(h.Sum(nil)) != u.PasswordHash`, `subtle.ConstantTimeCompare(sum[:], user.PwHash)`,
 * also through one local (`digest := …; digest == stored.Password`).
 */
function comparedWithPassword(digest: Node, depth = 0): boolean {
  let child = digest;
  for (let p = digest.parent; p; child = p, p = p.parent) {
    if (p.type === 'binary_expression') {
      const operator = p.childForFieldName('operator')?.text;
      if (operator !== '==' && operator !== '!=') return false;
      const other = p.childForFieldName('left')?.startIndex === child.startIndex ? p.childForFieldName('right') : p.childForFieldName('left');
      return !!other && mentionsPassword(other);
    }
    if (p.type === 'argument_list' && p.parent?.type === 'call_expression') {
      const call = p.parent;
      if (COMPARISONS.has(calleeOf(call)?.method ?? '')) return argumentsOf(call).some((a) => a.startIndex !== child.startIndex && mentionsPassword(a));
      p = call; // hex.EncodeToString(sum[:]) carries the digest
      continue;
    }
    if (p.type === 'selector_expression' && p.parent?.type === 'call_expression') {
      p = p.parent; // h.Sum(nil), sb.String()
      continue;
    }
    if (p.type === 'parenthesized_expression' || p.type === 'slice_expression' || p.type === 'type_conversion_expression') continue;
    if (p.type !== 'expression_list' || depth > 1) return false;
    const bindings = sinksOf(digest).map((s) => s.binding).filter((b) => !!b);
    return bindings.some((b) => usesOf(b).some((use) => comparedWithPassword(use, depth + 1)));
  }
  return false;
}

/** Data written into a hasher from `md5.New()`: `h.Write(x)`, `io.WriteString(h, x)`; and its `h.Sum(…)` calls. */
function hasherUses(newCall: Node): { written: Node[]; sums: Node[] } {
  const binding = sinksOf(newCall).map((s) => s.binding).find((b) => !!b);
  const written: Node[] = [];
  const sums: Node[] = [];
  for (const use of binding ? usesOf(binding) : []) {
    const parent = use.parent;
    const call = parent?.type === 'selector_expression' ? parent.parent : parent?.parent;
    if (call?.type !== 'call_expression') continue;
    const callee = calleeOf(call);
    const args = argumentsOf(call);
    if (parent?.type === 'selector_expression' && callee?.method === 'Sum') sums.push(call);
    else if (parent?.type === 'selector_expression' && callee?.method === 'Write' && args[0]) written.push(args[0]);
    else if (importedCall(call)?.name === 'WriteString' && args[0]?.startIndex === use.startIndex && args[1]) written.push(args[1]);
  }
  return { written, sums };
}

/** md5/sha1 over data that is a password, or whose digest is stored or returned as a password hash. */
const goWeakPasswordHash: Check = ({ match, captures }) => {
  const operand = captures.pkg;
  const fn = captures.fn?.text;
  const algorithm = operand ? WEAK_HASHES[packagePathOf(operand) ?? ''] : undefined;
  if (!operand || !algorithm) return false;
  const vars = { call: `${operand.text}.${fn}`, algorithm };
  if (fn === 'Sum') {
    const data = argumentsOf(match)[0];
    return (data && mentionsPassword(data)) || findReach(match, passwordTest) || comparedWithPassword(match) ? { vars } : false;
  }
  const { written, sums } = hasherUses(match);
  const hashesPassword = written.some(mentionsPassword) || sums.some((sum) => findReach(sum, passwordTest) || comparedWithPassword(sum));
  return hashesPassword ? { vars } : false;
};

// ---------------------------------------------------------------------------------------------

/** Words in an `if` condition that make turning verification off an explicit opt-in (`if *insecure {`). */
const OPT_IN_WORDS: ReadonlySet<string> = new Set(['insecure', 'skip', 'unsafe', 'noverify']);

/** `InsecureSkipVerify: true` unless it sits under an `if` on an explicit insecure flag. */
const goTlsSkipVerify: Check = ({ match }) => {
  for (let child: Node = match, p = match.parent; p; child = p, p = p.parent) {
    const condition = p.type === 'if_statement' ? p.childForFieldName('condition') : null;
    if (condition && p.childForFieldName('consequence')?.startIndex === child.startIndex) {
      // Names and strings: `*insecure`, `opts.SkipVerify`, `os.Getenv("INSECURE_TLS") == "1"`.
      const names = [condition, ...condition.descendantsOfType(['identifier', 'field_identifier', 'interpreted_string_literal_content'])];
      if (names.some((n) => !!n && identifierWords(n.text).some((w) => OPT_IN_WORDS.has(w)))) return false;
    }
  }
  return true;
};

export const goChecks: Record<string, Check> = {
  goInsecureRandom,
  goWeakPasswordHash,
  goTlsSkipVerify,
  ...goInjectionChecks,
  ...goTemplateChecks,
};
