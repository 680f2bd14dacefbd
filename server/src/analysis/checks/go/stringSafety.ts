/**
 * How a Go string was built, for injection checks: constant text, text that cannot break out of
 * the surrounding syntax (numbers, values passed through a quoting function), or run-time text.
 * Follows locals through every value stored in them, `+`, fmt.Sprintf verbs, strings.Join and
 * append, so `"… IN (" + strings.Join(placeholders, ",") + ")"` with `$1, $2…` stays safe. Also
 * follows a strings.Builder / bytes.Buffer through what is written into it, a helper function of
 * the same file through what it returns for these arguments, and a lookup in a table of constants.
 */
import type { Node } from 'web-tree-sitter';
import {
  argumentsOf, assignmentsTo, calleeOf, constantString, importedCall, isConstantExpression, qualifiedType, resolveLocal, unwrap, usesOf,
  type GoBinding,
} from '../../dataflow/go/bindings';
import { localCallee, parameterArguments, returnedValues } from '../../dataflow/go/flow';

export type Safety = 'constant' | 'safe' | 'dynamic';

/** Quoting functions of one target language, by import path: { 'github.com/lib/pq': ['QuoteIdentifier'] }. */
export type Sanitizers = Readonly<Record<string, ReadonlySet<string>>>;

/** Calls whose result is a number's text, whatever their input. */
const NUMBER_TEXT: Sanitizers = {
  strconv: new Set(['Itoa', 'FormatInt', 'FormatUint', 'FormatFloat', 'FormatBool', 'Atoi', 'ParseInt', 'ParseUint', 'ParseFloat', 'ParseBool']),
};
/** strings functions that only repeat, remove or case-fold text: the result is as safe as their input. */
const PASS_THROUGH = new Set(['Repeat', 'TrimSuffix', 'TrimPrefix', 'TrimSpace', 'Trim', 'TrimLeft', 'TrimRight', 'ToUpper', 'ToLower']);
const NUMERIC_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool']);
/** fmt verbs that print a string's characters (%d, %x… cannot carry a quote or a `;`). */
const TEXT_VERBS = new Set(['s', 'v', 'q']);

export function worst(a: Safety, b: Safety): Safety {
  return a === 'dynamic' || b === 'dynamic' ? 'dynamic' : a === 'safe' || b === 'safe' ? 'safe' : 'constant';
}

function isBuiltin(fn: Node | null, name: string): boolean {
  return fn?.type === 'identifier' && fn.text === name && !resolveLocal(fn, name);
}

/**
 * Arguments a helper function was called with, keyed by the offset of the parameter name they
 * bind, so `return "… '" + name + "'"` inside `buildQuery(name)` is judged by the caller's `name`.
 */
type Bound = ReadonlyMap<number, Node>;

/**
 * One judgement's state: the helper-call arguments in force, and each local's verdict by the
 * offset of its declaration. A local being judged counts as constant to itself, so `q = q + x`
 * is judged by `x` once instead of expanding `q` again and again.
 */
interface Walk { bound?: Bound; verdicts: Map<number, Safety> }

const MAX_DEPTH = 12;

/** How `node` was built; `sanitizers` are the quoting functions that make text safe for the sink. */
export function stringSafety(node: Node, sanitizers: Sanitizers, depth = 0, walk: Walk = { verdicts: new Map() }): Safety {
  if (depth > MAX_DEPTH) return 'dynamic';
  const n = unwrap(node);
  const recurse = (next: Node) => stringSafety(next, sanitizers, depth + 1, walk);
  if (isConstantExpression(n)) return 'constant';
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return left && right ? worst(recurse(left), recurse(right)) : 'dynamic';
  }
  if (n.type === 'call_expression') return callSafety(n, sanitizers, depth, walk);
  if (n.type === 'composite_literal' || n.type === 'literal_value') return elementValues(n).map(recurse).reduce(worst, 'constant');
  // An element of a table is as safe as the table's contents, whichever key picks it.
  if (n.type === 'index_expression') {
    const operand = n.childForFieldName('operand');
    return operand ? recurse(operand) : 'dynamic';
  }
  if (n.type === 'variadic_argument' && n.namedChildren[0]) return recurse(n.namedChildren[0]);
  if (n.type === 'identifier') return identifierSafety(n, sanitizers, depth, walk);
  return 'dynamic';
}

/** The values of a composite literal, `[]string{a, b}` and `map[string]string{"k": v}` alike (keys left out). */
export function elementValues(literal: Node): Node[] {
  const body = literal.type === 'literal_value' ? literal : literal.childForFieldName('body');
  return (body?.namedChildren ?? []).flatMap((e) => {
    const element = e?.type === 'keyed_element' ? e.childForFieldName('value') : e;
    return element?.type === 'literal_element' && element.namedChildren[0] ? [element.namedChildren[0]] : [];
  });
}

const BUILDER_TYPES = new Set(['strings.Builder', 'bytes.Buffer']);
const BUILDER_WRITES = new Set(['WriteString', 'Write', 'WriteByte', 'WriteRune']);
const FPRINT = new Set(['Fprintf', 'Fprint', 'Fprintln']);

function isBuilder(binding: GoBinding): boolean {
  const named = (t: Node | null | undefined) => {
    const q = qualifiedType(t ?? undefined);
    return !!q && BUILDER_TYPES.has(`${q.path}.${q.name}`);
  };
  if (named(binding.type)) return true;
  // `sb := &strings.Builder{}`, `new(bytes.Buffer)`, `bytes.NewBufferString(…)`.
  const value = binding.value ? unwrap(binding.value) : undefined;
  const literal = value?.type === 'unary_expression' ? value.childForFieldName('operand') : value;
  if (literal?.type === 'composite_literal') return named(literal.childForFieldName('type'));
  const call = value?.type === 'call_expression' ? value : undefined;
  if (call?.childForFieldName('function')?.text === 'new') return named(argumentsOf(call)[0]);
  const target = call ? importedCall(call) : undefined;
  return target?.path === 'bytes' && /^NewBuffer(String)?$/.test(target.name);
}

/**
 * What went into the strings.Builder / bytes.Buffer local whose `String()` is called: the initial
 * content, every `b.WriteString(x)`-style argument, and every `fmt.Fprintf(&b, …)` call (whole).
 * Undefined when `receiver` is not such a local.
 */
export function builderWrites(receiver: Node): Node[] | undefined {
  const binding = receiver.type === 'identifier' ? resolveLocal(receiver, receiver.text) : undefined;
  if (!binding || (binding.kind !== 'var' && binding.kind !== 'short') || !isBuilder(binding)) return undefined;
  const value = binding.value ? unwrap(binding.value) : undefined;
  const pieces = value?.type === 'call_expression' && importedCall(value)?.path === 'bytes' ? argumentsOf(value).slice(0, 1) : [];
  for (const use of usesOf(binding)) {
    const parent = use.parent;
    if (parent?.type === 'selector_expression' && parent.parent?.type === 'call_expression') {
      const call = parent.parent;
      if (BUILDER_WRITES.has(calleeOf(call)?.method ?? '') && argumentsOf(call)[0]) pieces.push(argumentsOf(call)[0]);
    }
    const pointer = parent?.type === 'unary_expression' ? parent : undefined;
    const call = pointer?.parent?.type === 'argument_list' ? pointer.parent.parent : undefined;
    const target = call ? importedCall(call) : undefined;
    if (call && target?.path === 'fmt' && FPRINT.has(target.name) && argumentsOf(call)[0]?.startIndex === pointer?.startIndex) pieces.push(call);
  }
  return pieces;
}

function callSafety(call: Node, sanitizers: Sanitizers, depth: number, walk: Walk): Safety {
  const recurse = (next: Node) => stringSafety(next, sanitizers, depth + 1, walk);
  const target = importedCall(call);
  const args = argumentsOf(call);
  if (target && (NUMBER_TEXT[target.path]?.has(target.name) || sanitizers[target.path]?.has(target.name))) return 'safe';
  if (target?.path === 'fmt' && target.name === 'Sprintf') return sprintfSafety(args, sanitizers, depth, walk);
  if (target?.path === 'strings' && PASS_THROUGH.has(target.name) && args[0]) return worst('safe', recurse(args[0]));
  if (target?.path === 'strings' && target.name === 'Join' && args.length === 2) return worst('safe', args.map(recurse).reduce(worst));
  const fn = call.childForFieldName('function');
  if (isBuiltin(fn, 'len')) return 'safe';
  if (isBuiltin(fn, 'make')) return 'constant';
  // append(list, items…): the list's earlier contents are judged through its other assignments.
  if (isBuiltin(fn, 'append')) return args.slice(1).map(recurse).reduce(worst, 'constant');
  if (target?.path === 'fmt' && FPRINT.has(target.name)) {
    return target.name === 'Fprintf' ? sprintfSafety(args.slice(1), sanitizers, depth, walk) : args.slice(1).map(recurse).reduce(worst, 'constant');
  }
  const callee = calleeOf(call);
  const writes = callee?.method === 'String' && callee.receiver && args.length === 0 ? builderWrites(callee.receiver) : undefined;
  if (writes) return writes.map(recurse).reduce(worst, 'constant');
  const helper = target ? undefined : localCallee(call);
  if (helper) {
    const inner: Walk = { bound: new Map([...(walk.bound ?? []), ...parameterArguments(helper, call)]), verdicts: new Map() };
    const returned = returnedValues(helper);
    return returned.length ? returned.map((v) => stringSafety(v, sanitizers, depth + 1, inner)).reduce(worst) : 'dynamic';
  }
  return 'dynamic';
}

/** A local is as safe as everything ever stored in it; a `var` without a value starts out empty. */
function identifierSafety(identifier: Node, sanitizers: Sanitizers, depth: number, walk: Walk): Safety {
  const binding = resolveLocal(identifier, identifier.text);
  if (!binding) return 'dynamic';
  if (NUMERIC_TYPES.has(binding.type?.text ?? '')) return 'safe';
  const argument = binding.kind === 'parameter' ? walk.bound?.get(binding.name.startIndex) : undefined;
  if (argument) return stringSafety(argument, sanitizers, depth + 1, walk);
  if (binding.kind !== 'short' && binding.kind !== 'var') return 'dynamic';
  // `rows.Scan(&name)`, `json.Unmarshal(body, &filters)`: filled by a call, with anything.
  if (usesOf(binding).some(isAddressPassed)) return 'dynamic';
  const initial = binding.value ?? binding.tupleSource;
  if (!initial && binding.kind === 'short') return 'dynamic';
  const key = binding.name.startIndex;
  const known = walk.verdicts.get(key);
  if (known) return known;
  walk.verdicts.set(key, 'constant');
  const stored = [...(initial ? [initial] : []), ...assignmentsTo(binding).map((a) => a.value)];
  const verdict = stored.map((v) => stringSafety(v, sanitizers, depth + 1, walk)).reduce(worst, 'constant');
  walk.verdicts.set(key, verdict);
  return verdict;
}

function isAddressPassed(use: Node): boolean {
  const pointer = use.parent;
  return pointer?.type === 'unary_expression' && pointer.childForFieldName('operator')?.text === '&' && pointer.parent?.type === 'argument_list';
}

/** Sprintf is dynamic when run-time text fills a %s / %v / %q verb; %d and friends print numbers. */
function sprintfSafety([format, ...values]: Node[], sanitizers: Sanitizers, depth: number, walk: Walk): Safety {
  const text = format ? constantString(format) : undefined;
  if (text === undefined) return 'dynamic';
  const verbs = [...text.replace(/%%/g, '').matchAll(/%(\[\d+\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z])/g)];
  // With explicit argument indexes (%[2]s) the pairing is not positional: assume any text verb.
  const explicit = verbs.some((m) => m[1]);
  let result: Safety = 'constant';
  values.forEach((value, i) => {
    const textual = explicit ? verbs.some((m) => TEXT_VERBS.has(m[3])) : TEXT_VERBS.has(verbs[i]?.[3] ?? 's');
    const safety = stringSafety(value, sanitizers, depth + 1, walk);
    result = worst(result, safety === 'dynamic' && !textual ? 'safe' : safety);
  });
  return result;
}
