/**
 * How a Go string was built, for injection checks: constant text, text that cannot break out of
 * the surrounding syntax (numbers, values passed through a quoting function), or run-time text.
 * Follows locals through every value stored in them, `+`, fmt.Sprintf verbs, strings.Join and
 * append, so `"… IN (" + strings.Join(placeholders, ",") + ")"` with `$1, $2…` stays safe.
 */
import type { Node } from 'web-tree-sitter';
import { argumentsOf, assignmentsTo, constantString, importedCall, isConstantExpression, resolveLocal, unwrap } from '../dataflow/go';

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

/** How `node` was built; `sanitizers` are the quoting functions that make text safe for the sink. */
export function stringSafety(node: Node, sanitizers: Sanitizers, depth = 0): Safety {
  if (depth > 6) return 'dynamic';
  const n = unwrap(node);
  const recurse = (next: Node) => stringSafety(next, sanitizers, depth + 1);
  if (isConstantExpression(n)) return 'constant';
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return left && right ? worst(recurse(left), recurse(right)) : 'dynamic';
  }
  if (n.type === 'call_expression') return callSafety(n, sanitizers, depth);
  if (n.type === 'composite_literal') {
    const elements = n.childForFieldName('body')?.namedChildren.filter((e): e is Node => e?.type === 'literal_element') ?? [];
    return elements.map((e) => recurse(e.namedChildren[0] ?? e)).reduce(worst, 'constant');
  }
  if (n.type === 'variadic_argument' && n.namedChildren[0]) return recurse(n.namedChildren[0]);
  if (n.type === 'identifier') return identifierSafety(n, sanitizers, depth);
  return 'dynamic';
}

function callSafety(call: Node, sanitizers: Sanitizers, depth: number): Safety {
  const recurse = (next: Node) => stringSafety(next, sanitizers, depth + 1);
  const target = importedCall(call);
  const args = argumentsOf(call);
  if (target && (NUMBER_TEXT[target.path]?.has(target.name) || sanitizers[target.path]?.has(target.name))) return 'safe';
  if (target?.path === 'fmt' && target.name === 'Sprintf') return sprintfSafety(args, sanitizers, depth);
  if (target?.path === 'strings' && PASS_THROUGH.has(target.name) && args[0]) return worst('safe', recurse(args[0]));
  if (target?.path === 'strings' && target.name === 'Join' && args.length === 2) return worst('safe', args.map(recurse).reduce(worst));
  const fn = call.childForFieldName('function');
  if (isBuiltin(fn, 'len')) return 'safe';
  if (isBuiltin(fn, 'make')) return 'constant';
  // append(list, items…): the list's earlier contents are judged through its other assignments.
  if (isBuiltin(fn, 'append')) return args.slice(1).map(recurse).reduce(worst, 'constant');
  return 'dynamic';
}

/** A local is as safe as everything ever stored in it; a `var` without a value starts out empty. */
function identifierSafety(identifier: Node, sanitizers: Sanitizers, depth: number): Safety {
  const binding = resolveLocal(identifier, identifier.text);
  if (!binding) return 'dynamic';
  if (NUMERIC_TYPES.has(binding.type?.text ?? '')) return 'safe';
  if (binding.kind !== 'short' && binding.kind !== 'var') return 'dynamic';
  const initial = binding.value ?? binding.tupleSource;
  if (!initial && binding.kind === 'short') return 'dynamic';
  const stored = [...(initial ? [initial] : []), ...assignmentsTo(binding).map((a) => a.value)];
  return stored.map((v) => stringSafety(v, sanitizers, depth + 1)).reduce(worst, 'constant');
}

/** Sprintf is dynamic when run-time text fills a %s / %v / %q verb; %d and friends print numbers. */
function sprintfSafety([format, ...values]: Node[], sanitizers: Sanitizers, depth: number): Safety {
  const text = format ? constantString(format) : undefined;
  if (text === undefined) return 'dynamic';
  const verbs = [...text.replace(/%%/g, '').matchAll(/%(\[\d+\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z])/g)];
  // With explicit argument indexes (%[2]s) the pairing is not positional: assume any text verb.
  const explicit = verbs.some((m) => m[1]);
  let result: Safety = 'constant';
  values.forEach((value, i) => {
    const textual = explicit ? verbs.some((m) => TEXT_VERBS.has(m[3])) : TEXT_VERBS.has(verbs[i]?.[3] ?? 's');
    const safety = stringSafety(value, sanitizers, depth + 1);
    result = worst(result, safety === 'dynamic' && !textual ? 'safe' : safety);
  });
  return result;
}
