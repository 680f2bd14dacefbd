/**
 * js-dom-xss: run-time values written into the DOM as HTML (`innerHTML`, `outerHTML`,
 * `insertAdjacentHTML`, `document.write`, React `dangerouslySetInnerHTML`). A value is harmless
 * when every spliced part is a constant, a number, or went through a sanitizer or HTML escaper —
 * including inside `items.map(i => `<li>${escapeHtml(i)}</li>`).join('')`.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, resolveBinding, stringParts, unwrap } from '../../dataflow/javascript/bindings';
import { isFixedValue } from './values';

/** DOMPurify.sanitize, sanitizeHtml, sanitize, xss, filterXSS, escapeHtml, _.escape, he.encode, … */
const SANITIZER = /sanitiz|purify|^xss$|filterxss|escape|^encode$|encodehtml|htmlencode|encodeentities/i;
/** Escapers for other languages: their output is not safe HTML. */
const NOT_HTML_ESCAPER = /unescape|decode|regexp|regex|uri|url|shell|sql|json/i;
/** Methods whose result is a number or date text: no markup possible. */
const FORMATTERS = new Set(['toFixed', 'toPrecision', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'toISOString', 'toDateString']);
const MARKUP_PROPERTIES = new Set(['innerHTML', 'outerHTML']);

/** jQuery methods that parse a string argument as HTML. `html` takes markup; the others also take nodes. */
const JQUERY_INSERTERS = new Set(['append', 'prepend', 'after', 'before', 'replaceWith', 'wrap']);
const JQUERY_NAMES = new Set(['$', 'jQuery']);

export const jsDomXss: Check = ({ match, captures }) => {
  if (captures.jq) return jQuerySink(match, captures.jq, captures.value);
  const values = match.type === 'call_expression' && calleeName(match) !== 'insertAdjacentHTML' ? allArguments(match) : [captures.value];
  for (const value of values) {
    if (!value) continue;
    const unsafe = unsafePart(value);
    if (unsafe) return { vars: { sink: sinkName(match), value: unsafe.text } };
  }
  return false;
};

/**
 * `$('#out').html(x)`, `$list.append('<li>' + x + '</li>')`, `$(`<div>${x}</div>`)`. Inserters and
 * the `$()` factory count only with a markup string (`'<li>'…`): `append(node)` and `$('#id')` do
 * not parse anything.
 */
function jQuerySink(match: Node, jq: Node, value: Node | undefined): ReturnType<Check> {
  if (!value) return false;
  const method = calleeName(match) ?? '';
  const factory = match.childForFieldName('function')?.type === 'identifier';
  if (factory ? !JQUERY_NAMES.has(method) : !isJQueryObject(jq, 0)) return false;
  if ((factory || JQUERY_INSERTERS.has(method)) && !looksLikeMarkup(value)) return false;
  const unsafe = unsafePart(value);
  return unsafe ? { vars: { sink: factory ? `${method}(…)` : `.${method}()`, value: unsafe.text } } : false;
}

/** A string built around markup: some literal part of it opens a tag. */
function looksLikeMarkup(value: Node): boolean {
  return stringParts(value).some((p) => 'text' in p && /<[a-zA-Z!/]/.test(p.text));
}

/** `$('#list')`, `$('#list').empty()`, or a variable holding one (`const $list = $('#list')`). */
function isJQueryObject(node: Node, depth: number): boolean {
  const n = unwrap(node);
  if (depth > 6) return false;
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'identifier') return JQUERY_NAMES.has(fn.text);
    const receiver = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
    return !!receiver && isJQueryObject(receiver, depth + 1);
  }
  if (n.type !== 'identifier') return false;
  const binding = resolveBinding(n, n.text);
  return binding?.init ? isJQueryObject(binding.init, depth + 1) : false;
}

function allArguments(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
}

function sinkName(match: Node): string {
  if (match.type === 'pair') return 'dangerouslySetInnerHTML';
  if (match.type === 'call_expression') return calleeName(match) === 'insertAdjacentHTML' ? 'insertAdjacentHTML' : `document.${calleeName(match) ?? 'write'}`;
  return match.childForFieldName('left')?.childForFieldName('property')?.text ?? 'innerHTML';
}

/** The first spliced part of an HTML string that is neither fixed nor escaped (the innermost one, to name it). */
function unsafePart(value: Node, depth = 0): Node | undefined {
  if (depth > 6) return unwrap(value);
  for (const part of stringParts(value)) {
    if ('text' in part) continue;
    const unsafe = unsafeValue(part.expr, depth + 1);
    if (unsafe) return unsafe;
  }
  return undefined;
}

function unsafeValue(node: Node, depth: number): Node | undefined {
  const n = unwrap(node);
  if (depth > 8) return n;
  if (isFixedValue(n)) return undefined;
  switch (n.type) {
    case 'identifier': {
      const binding = resolveBinding(n, n.text);
      if (!binding?.init || binding.kind === 'parameter') return n;
      // The variable's initialiser and later assignments; report the variable itself, it is what the sink line shows.
      return stringParts(n).some((p) => 'expr' in p && (p.expr.text === n.text || unsafeValue(p.expr, depth + 1))) ? n : undefined;
    }
    case 'template_string':
      return unsafePart(n, depth);
    case 'binary_expression': {
      if (!['+', '??', '||', '&&'].includes(n.childForFieldName('operator')?.text ?? '')) return n;
      return firstUnsafe([n.childForFieldName('left'), n.childForFieldName('right')], depth);
    }
    case 'ternary_expression':
      return firstUnsafe([n.childForFieldName('consequence'), n.childForFieldName('alternative')], depth);
    case 'member_expression':
      // Markup read back from the DOM was already parsed by the browser.
      return MARKUP_PROPERTIES.has(n.childForFieldName('property')?.text ?? '') ? undefined : n;
    case 'await_expression':
      return n.namedChildren[0] ? unsafeValue(n.namedChildren[0], depth + 1) : undefined;
    case 'call_expression':
      return unsafeCall(n, depth);
    default:
      return n;
  }
}

function firstUnsafe(nodes: Array<Node | null>, depth: number): Node | undefined {
  for (const node of nodes) {
    const unsafe = node ? unsafeValue(node, depth + 1) : undefined;
    if (unsafe) return unsafe;
  }
  return undefined;
}

function unsafeCall(call: Node, depth: number): Node | undefined {
  const name = calleeName(call) ?? '';
  const callee = call.childForFieldName('function')?.text ?? '';
  // `DOMPurify.sanitize(html)`, also written `purify.sanitize(…)` or `DOMPurify(window).sanitize(…)`.
  if ((SANITIZER.test(name) || SANITIZER.test(callee)) && !NOT_HTML_ESCAPER.test(name)) return undefined;
  if (FORMATTERS.has(name)) return undefined;
  if (isLocalEscaper(call)) return undefined;
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  if (name === 'join' && receiver) return unsafeListElement(receiver, depth + 1);
  // React's `useMemo(() => DOMPurify.sanitize(html), [html])` is the callback's result.
  const callback = name === 'useMemo' ? argumentAt(call, 0) : undefined;
  if (callback) return unsafeReturn(unwrap(callback), depth + 1) ?? undefined;
  return call;
}

/** A function of this file that escapes markup itself (`s.replace(/</g, '&lt;')`), whatever its name. */
function isLocalEscaper(call: Node): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier') return false;
  const binding = resolveBinding(callee, callee.text);
  const fn = binding?.kind === 'function' ? binding.node : binding?.init;
  return !!fn && /&lt;|&#60;|&#x3c;/i.test(fn.text);
}

/** The first unsafe value a callback returns; the callback itself when it is not a function literal. */
function unsafeReturn(fn: Node, depth: number): Node | undefined {
  const body = fn.type === 'arrow_function' || fn.type === 'function_expression' ? fn.childForFieldName('body') : undefined;
  if (!body) return fn;
  if (body.type !== 'statement_block') return unsafeValue(body, depth + 1);
  const returned = body.descendantsOfType('return_statement').map((r) => r?.namedChildren[0] ?? null);
  return returned.length === 0 ? fn : firstUnsafe(returned, depth);
}

/** In `items.map((item) => `<li>${escapeHtml(item.name)}</li>`).join('')`, the first unsafe part the callback returns. */
function unsafeListElement(node: Node, depth: number): Node | undefined {
  const n = unwrap(node);
  if (n.type === 'array') return firstUnsafe(n.namedChildren.filter((e) => e?.type !== 'comment'), depth);
  const callback = n.type === 'call_expression' && calleeName(n) === 'map' ? argumentAt(n, 0) : undefined;
  return callback ? unsafeReturn(unwrap(callback), depth) : n;
}
