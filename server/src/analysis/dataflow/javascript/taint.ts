/**
 * Request-input taint for JavaScript/TypeScript: does an expression carry text that an HTTP client
 * (or, in browser code, whoever wrote the link) chose? The open-redirect, path-traversal, SSRF and
 * regex rules ask this of the argument of their sink.
 *
 * Followed, within one file and syntactically:
 * - sources (taintSources.ts): `req.query…`, `req.get('x')`, `ctx.request.body`, `event.body`,
 *   a handler's `({ params }, res) =>`, `location.search`, `useSearchParams()`…; `req`/`request`
 *   parameters count only in functions that look like request handlers;
 * - identifiers through their binding (bindings.ts resolveBinding): the initializer, destructuring
 *   (`const { next } = req.query`, `const { query } = req`), `for (const f of …)`, and later
 *   assignments; an unconditional assignment in the same or an enclosing block replaces the values
 *   before it, so `name = path.basename(name)` cleans `name`;
 * - member and index reads of a tainted value, templates and `+`, `||`/`??`, ternaries, `await`,
 *   known text-building functions (`String`, `decodeURIComponent`, `path.join`, `url.resolve`,
 *   `new URL`) and methods called on a tainted receiver (`x.trim()`, `x.split('/')`).
 * - sink-specific sanitisers (taintSanitizers.ts) and, for URL sinks, a prefix that already fixes
 *   the origin (`/app/${id}`, `https://api.example.com/users/${id}`), the page's own URL or a prefix
 *   of it (`location.href.split('#')[0]`), and, for redirects, the Host header (see isHostRead).
 *
 * Limits, chosen for precision (a missed flow is better than a finding on safe code):
 * - a call to any other function is clean: values passed into or returned from helpers are not
 *   followed, and neither are function parameters (`function load(name)` knows nothing of callers);
 * - mutations (`url.searchParams.set(…)`, `opts.path = …`) and object literals are not followed;
 * - order is textual: an assignment that comes after the use (e.g. later in a loop body) is not seen;
 * - a guard (options.guard) counts wherever it appears before the use in the same function, whatever
 *   its branch polarity;
 * - at most MAX_DEPTH nested steps per question; re-entering the same use is cut off.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsTo, enclosingFunction, resolveBinding, unwrap, type Binding } from './bindings';
import { carriesOwnOrigin, isDirectSource, isHostRead, isInputParameter, isInputProperty, isRequestPath, requestKindOf } from './taintSources';
import { constantString, cookString, isSanitizerCall, isUrlSink, OPAQUE, originIsPinned, type TaintSink } from './taintSanitizers';

export type { TaintSink } from './taintSanitizers';

export interface TaintOptions {
  /** Where the value is used; decides which sanitisers count. Default `value`. */
  sink?: TaintSink;
  /**
   * A check written before the use: true when `condition` validates one of `names` for this sink
   * (e.g. `ALLOWED.has(next)`, `target.origin === base`). `names` holds the variable and the
   * variables computed from it in the same function.
   */
  guard?: (condition: Node, names: ReadonlySet<string>) => boolean;
}

interface State {
  sink: TaintSink;
  guard?: TaintOptions['guard'];
  depth: number;
  visiting: Set<number>;
  /** The expression is the whole value at the sink (not a part read out of it or built into it). */
  whole: boolean;
}

function inner(st: State): State {
  return st.whole ? { ...st, whole: false } : st;
}

const MAX_DEPTH = 24;

/** Function calls whose result contains their text arguments. */
const PASS_THROUGH_FUNCTIONS = new Set([
  'String', 'decodeURIComponent', 'decodeURI', 'unescape', 'atob', 'encodeURI', 'encodeURIComponent', 'escape',
  'join', 'resolve', 'normalize', 'basename', 'dirname', 'format',
]);
/** Module functions that build text or objects from their arguments. */
const PASS_THROUGH_MODULES = new Set(['path', 'posix', 'win32', 'url', 'querystring', 'qs', 'JSON', 'Buffer', 'util', 'Object', 'Array', 'URL']);
/** Constructors whose object is built from their arguments. */
const PASS_THROUGH_CONSTRUCTORS = new Set(['URL', 'URLSearchParams', 'String', 'Request']);
/** Methods whose result also contains their arguments (`a.concat(b)`, `tpl.replace('{id}', id)`). */
const ARGUMENT_METHODS = new Set(['concat', 'replace', 'replaceAll']);

/** The request read that `node` carries to a sink of kind `options.sink`, if any. */
export function requestSource(node: Node, options: TaintOptions = {}): Node | undefined {
  return taintOf(node, { sink: options.sink ?? 'value', guard: options.guard, depth: 0, visiting: new Set(), whole: true });
}

/** True when `node` carries request input (see requestSource). */
export function isRequestDerived(node: Node, options: TaintOptions = {}): boolean {
  return requestSource(node, options) !== undefined;
}

function taintOf(node: Node, parent: State): Node | undefined {
  if (parent.depth >= MAX_DEPTH) return undefined;
  const st: State = { ...parent, depth: parent.depth + 1 };
  const n = unwrap(node);
  if (st.sink === 'redirect' && isHostRead(n)) return undefined;
  if (isUrlSink(st.sink) && st.whole && keepsOwnOrigin(n)) return undefined;
  if (isDirectSource(n)) return n;
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
      return identifierTaint(n, st);
    case 'member_expression':
    case 'subscript_expression': {
      if (n.type === 'member_expression' && n.childForFieldName('property')?.text === 'length') return undefined;
      const object = n.childForFieldName('object');
      const source = object ? taintOf(object, inner(st)) : undefined;
      // Name the most specific read in messages: `req.query.next` rather than `req.query`.
      return source && object && source.id === unwrap(object).id ? n : source;
    }
    case 'call_expression':
      return callTaint(n, st);
    case 'new_expression': {
      const ctor = n.childForFieldName('constructor');
      if (!ctor || !PASS_THROUGH_CONSTRUCTORS.has(ctor.text)) return undefined;
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      if (ctor.text === 'URL' && isUrlSink(st.sink) && args.length >= 2) return resolvedUrlTaint(args[0], args[1], st);
      return firstTainted(args, inner(st));
    }
    case 'template_string':
      return concatenationTaint(templateParts(n), st);
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '+') return concatenationTaint(plusParts(n), st);
      if (op === '||' || op === '??' || op === '&&') return firstTainted([n.childForFieldName('left'), n.childForFieldName('right')], st);
      return undefined;
    }
    case 'ternary_expression':
      return firstTainted([n.childForFieldName('consequence'), n.childForFieldName('alternative')]
        .filter((branch) => !branch || !checkedByCondition(n, branch, st)), st);
    case 'await_expression':
    case 'spread_element':
      return firstTainted([n.namedChildren[0]], st);
    case 'array':
      return firstTainted(n.namedChildren, inner(st));
    case 'sequence_expression':
      return firstTainted([n.namedChildren[n.namedChildren.length - 1]], st);
    case 'assignment_expression':
      return firstTainted([n.childForFieldName('right')], st);
    case 'augmented_assignment_expression':
      return firstTainted([n.childForFieldName('left'), n.childForFieldName('right')], st);
    default:
      return undefined;
  }
}

/**
 * `new URL(input, base)` at a URL sink: an absolute `input` replaces the base's origin, so `input`
 * is judged as the whole URL; the base matters only when `input` is relative, and a base that is
 * this server's own request URL (`new URL('/login', request.url)`) keeps the site's origin.
 */
function resolvedUrlTaint(input: Node, base: Node, st: State): Node | undefined {
  const fromInput = taintOf(input, st);
  if (fromInput) return fromInput;
  const fixed = constantString(input);
  if (fixed !== undefined && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(fixed)) return undefined;
  if (isRequestPath(base) || keepsOwnOrigin(unwrap(base))) return undefined;
  return taintOf(base, inner(st));
}

function firstTainted(nodes: ReadonlyArray<Node | null | undefined>, st: State): Node | undefined {
  for (const node of nodes) {
    if (!node || node.type === 'comment') continue;
    const source = taintOf(node, st);
    if (source) return source;
  }
  return undefined;
}

function callTaint(call: Node, st: State): Node | undefined {
  if (isSanitizerCall(call, st.sink)) return undefined;
  const fn = unwrap(call.childForFieldName('function') ?? call);
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn.type === 'identifier') return PASS_THROUGH_FUNCTIONS.has(fn.text) ? firstTainted(args, inner(st)) : undefined;
  if (fn.type !== 'member_expression') return undefined;
  const receiver = fn.childForFieldName('object');
  const method = fn.childForFieldName('property')?.text ?? '';
  if (!receiver) return undefined;
  const bareReceiver = unwrap(receiver);
  const moduleName = bareReceiver.type === 'identifier' ? bareReceiver.text : bareReceiver.childForFieldName('property')?.text;
  const fromModule = moduleName && PASS_THROUGH_MODULES.has(moduleName) ? firstTainted(args, inner(st)) : undefined;
  // The receiver too: a local `url` may be a tainted URL object rather than the url module.
  const fromReceiver = fromModule ?? taintOf(receiver, inner(st));
  // `searchParams.get('next')` names the parameter read; `x.trim()` keeps naming `x`'s source.
  if (fromReceiver) return fromReceiver.id === bareReceiver.id && (method === 'get' || method === 'getAll') ? call : fromReceiver;
  if (!ARGUMENT_METHODS.has(method)) return undefined;
  const source = firstTainted(method === 'concat' ? args : args.slice(1), inner(st));
  if (!source || !isUrlSink(st.sink)) return source;
  // `'https://api.example.com/users/{id}'.replace('{id}', id)`: the text before the placeholder decides.
  const template = constantString(receiver);
  const placeholder = method === 'concat' ? '' : (args[0] ? constantString(args[0]) : undefined);
  if (template === undefined || placeholder === undefined) return source;
  const prefix = method === 'concat' ? template : template.slice(0, Math.max(0, template.indexOf(placeholder)));
  return originIsPinned(prefix, false) ? undefined : source;
}

/** Methods that keep the start of a string, and so the origin at the start of a URL. */
const PREFIX_KEEPING_METHODS = new Set(['replace', 'replaceAll', 'trim', 'trimEnd', 'slice', 'substring', 'toString']);

/** The page's own URL, or a prefix of it: `location.href`, `location.href.split('?')[0]`, `document.URL.replace(/#.*$/, '')`. */
function keepsOwnOrigin(n: Node): boolean {
  if (carriesOwnOrigin(n)) return true;
  if (n.type === 'subscript_expression' && n.childForFieldName('index')?.text === '0') {
    const split = unwrap(n.childForFieldName('object') ?? n);
    const fn = split.type === 'call_expression' ? split.childForFieldName('function') : null;
    const receiver = fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'split' ? fn.childForFieldName('object') : null;
    return !!receiver && keepsOwnOrigin(unwrap(receiver));
  }
  const fn = n.type === 'call_expression' ? n.childForFieldName('function') : null;
  if (fn?.type !== 'member_expression' || !PREFIX_KEEPING_METHODS.has(fn.childForFieldName('property')?.text ?? '')) return false;
  const method = fn.childForFieldName('property')?.text;
  const start = n.childForFieldName('arguments')?.namedChildren[0]?.text;
  if ((method === 'slice' || method === 'substring') && start !== '0') return false;
  const receiver = fn.childForFieldName('object');
  return !!receiver && keepsOwnOrigin(unwrap(receiver));
}

function templateParts(template: Node): Node[] {
  return template.namedChildren.flatMap((part) => {
    if (!part) return [];
    if (part.type === 'template_substitution') return part.namedChildren[0] ? [part.namedChildren[0]] : [];
    return [part];
  });
}

function plusParts(node: Node): Node[] {
  const n = unwrap(node);
  if (n.type !== 'binary_expression' || n.childForFieldName('operator')?.text !== '+') return [n];
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  return [...(left ? plusParts(left) : []), ...(right ? plusParts(right) : [])];
}

/**
 * The first request-derived part of a concatenation, unless (at a URL sink) the text before it
 * already fixes the origin; after a fixed origin, later parts only choose a path on that host.
 */
function concatenationTaint(parts: Node[], st: State): Node | undefined {
  const pinning = isUrlSink(st.sink);
  let prefix = '';
  for (const [i, part] of parts.entries()) {
    if (part.type === 'string_fragment') { prefix += part.text; continue; }
    if (part.type === 'escape_sequence') { prefix += cookString(part.text); continue; }
    const source = taintOf(part, i === 0 ? st : inner(st));
    if (source) return pinning && originIsPinned(prefix, isRequestPath(part)) ? undefined : source;
    // `location.href + '&tab=2'`: the page's own URL is a configured-origin prefix like any other.
    if (pinning) prefix += constantString(part) ?? OPAQUE;
  }
  return undefined;
}

function identifierTaint(id: Node, st: State): Node | undefined {
  if (st.visiting.has(id.id)) return undefined;
  const name = id.text;
  const binding = resolveBinding(id, name);
  if (binding?.kind === 'function') return undefined;
  if (st.guard && isGuarded(id, name, st.guard)) return undefined;
  st.visiting.add(id.id);
  try {
    if (!binding) return loopVariableTaint(id, name, st);
    if (binding.kind === 'parameter' && isInputParameter(binding.node)) return binding.node;
    for (const def of reachingDefinitions(id, binding, name)) {
      if (!def.value) continue;
      const source = def.destructured ? destructuredTaint(binding, name, def.value, st) : taintOf(def.value, st);
      if (source) return source;
    }
    return undefined;
  } finally {
    st.visiting.delete(id.id);
  }
}

/** `for (const file of req.body.files)`: the loop variable takes its values from the iterated object. */
function loopVariableTaint(id: Node, name: string, st: State): Node | undefined {
  for (let p = id.parent; p; p = p.parent) {
    if (p.type !== 'for_in_statement') continue;
    const left = p.childForFieldName('left');
    const right = p.childForFieldName('right');
    const binds = left && (left.text === name || left.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).some((n) => n?.text === name));
    if (binds && right) return taintOf(right, inner(st));
  }
  return undefined;
}

interface Definition {
  value?: Node;
  at: Node;
  destructured: boolean;
  /** `x += …` adds to the old value instead of replacing it. */
  accumulates: boolean;
}

/** The definitions of `name` that can reach `use`, by textual order and block nesting. */
function reachingDefinitions(use: Node, binding: Binding, name: string): Definition[] {
  const defs: Definition[] = [{
    value: binding.init ?? binding.destructuredFrom,
    at: binding.node,
    destructured: !binding.init && !!binding.destructuredFrom,
    accumulates: false,
  }];
  for (const right of assignmentsTo(binding, name)) {
    const assignment = right.parent;
    if (assignment) defs.push({ value: right, at: assignment, destructured: false, accumulates: assignment.type === 'augmented_assignment_expression' });
  }
  const before = defs
    .filter((d) => d.at.startIndex < use.startIndex && !(use.startIndex >= d.at.startIndex && use.endIndex <= d.at.endIndex))
    .sort((a, b) => a.at.startIndex - b.at.startIndex);
  let lastDominating = -1;
  before.forEach((d, i) => { if (dominates(d, use)) lastDominating = i; });
  return lastDominating < 0 ? before : before.slice(lastDominating);
}

/** An unconditional definition: a statement directly in a block that also contains the use. */
function dominates(def: Definition, use: Node): boolean {
  if (def.accumulates) return false;
  let statement: Node | null = def.at;
  while (statement && !isStatement(statement)) statement = statement.parent;
  const block = statement?.parent;
  if (!block || (block.type !== 'statement_block' && block.type !== 'program')) return false;
  return block.startIndex <= use.startIndex && use.endIndex <= block.endIndex;
}

function isStatement(node: Node): boolean {
  return node.type.endsWith('_statement') || node.type.endsWith('_declaration') || node.type === 'formal_parameters';
}

function destructuredTaint(binding: Binding, name: string, init: Node, st: State): Node | undefined {
  const pattern = binding.node.childForFieldName('name');
  const path = pattern ? keyPath(pattern, name) : undefined;
  if (requestKindOf(init)) {
    // `const { query } = req` is input, `const { method } = req` is not; `{ ...rest }` may hold anything.
    return path && (path.length === 0 || isInputProperty(init, path[0])) ? init : undefined;
  }
  return taintOf(init, inner(st));
}

/** Property keys leading from a destructuring pattern's value to `name` (`{ a: { b } }` → ['a', 'b']); [] for a rest element. */
function keyPath(pattern: Node, name: string): string[] | undefined {
  switch (pattern.type) {
    case 'identifier':
      return pattern.text === name ? [] : undefined;
    case 'shorthand_property_identifier_pattern':
      return pattern.text === name ? [pattern.text] : undefined;
    case 'rest_pattern':
      return pattern.namedChildren[0]?.text === name ? [] : undefined;
    case 'object_assignment_pattern':
    case 'assignment_pattern': {
      const left = pattern.childForFieldName('left');
      return left ? keyPath(left, name) : undefined;
    }
    case 'pair_pattern': {
      const key = pattern.childForFieldName('key');
      const value = pattern.childForFieldName('value');
      const rest = value ? keyPath(value, name) : undefined;
      if (!key || !rest) return undefined;
      return [key.type === 'string' ? key.text.slice(1, -1) : key.text, ...rest];
    }
    case 'object_pattern':
    case 'array_pattern':
      for (const [i, child] of pattern.namedChildren.entries()) {
        const sub = child ? keyPath(child, name) : undefined;
        if (sub) return pattern.type === 'array_pattern' ? [String(i), ...sub] : sub;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * `isSafe(next) ? next : '/'`: a branch whose variables the ternary's own condition validates for
 * this sink. Like isGuarded, the condition's polarity is not checked.
 */
function checkedByCondition(ternary: Node, branch: Node, st: State): boolean {
  const condition = ternary.childForFieldName('condition');
  if (!st.guard || !condition) return false;
  const b = unwrap(branch);
  const names = new Set(b.type === 'identifier' ? [b.text] : b.descendantsOfType('identifier').map((id) => id?.text ?? ''));
  names.delete('');
  return names.size > 0 && st.guard(condition, names);
}

/** True when a condition before `use` in the same function validates `name` (or a variable computed from it). */
function isGuarded(use: Node, name: string, guard: NonNullable<TaintOptions['guard']>): boolean {
  const scope = enclosingFunction(use) ?? use.tree.rootNode;
  const names = new Set([name]);
  for (const declarator of scope.descendantsOfType('variable_declarator')) {
    const target = declarator?.childForFieldName('name');
    const value = declarator?.childForFieldName('value');
    if (target?.type === 'identifier' && value?.descendantsOfType('identifier').some((n) => n?.text === name)) names.add(target.text);
  }
  for (const holder of scope.descendantsOfType(['if_statement', 'ternary_expression', 'while_statement'])) {
    const condition = holder?.childForFieldName('condition');
    if (condition && condition.startIndex < use.startIndex && !(use.startIndex >= condition.startIndex && use.endIndex <= condition.endIndex) && guard(condition, names)) return true;
  }
  return false;
}
