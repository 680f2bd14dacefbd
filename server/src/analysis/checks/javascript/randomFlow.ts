/**
 * Where a random value goes. `Math.random()` is harmless for dice, jitter and animation and a flaw
 * for tokens, so the rule follows the value — through arithmetic, `.toString(36)` chains, string
 * building, character picking (`chars[Math.floor(Math.random() * n)]`), variables, returns and the
 * callers of a generator function — until it reaches a name (variable, property, object key, URL
 * or cookie parameter, function) that says what the value is for. Comparisons end the trail: only a
 * boolean flows on from `Math.random() < 0.5`.
 */
import type { Node } from 'web-tree-sitter';
import { nameWords } from './secretNames';
import {
  argumentAt, calleeName, destinationOf, functionName, identifiersNamed, isFunctionNode, lastName, referencesTo, resolveBinding,
  stringParts, stringValue, unwrap, type Binding,
} from '../../dataflow/javascript/bindings';

/** Decides whether a name marks a secret; `stringValued` says whether the value has become text. */
export type NameJudge = (name: string, stringValued: boolean) => boolean;

const PASS_THROUGH = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression', 'spread_element', 'array']);
const FLOW_OPERATORS = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>', '>>>', '**', '||', '??', '&&']);
const FLOW_UNARY = new Set(['-', '+', '~']);
/** Methods called on the value that return something derived from it. */
const RECEIVER_METHODS = new Set([
  'toString', 'substring', 'substr', 'slice', 'replace', 'replaceAll', 'padStart', 'padEnd', 'toUpperCase',
  'toLowerCase', 'repeat', 'concat', 'trim', 'split', 'join', 'toFixed', 'toPrecision', 'digest', 'update', 'reverse', 'map',
]);
const NOT_TEXT_METHODS = new Set(['update', 'map', 'reverse', 'split']);
/** Methods that take the value as an argument and return something derived from it. */
const ARGUMENT_METHODS = new Set(['charAt', 'at', 'concat', 'update', 'fromCharCode', 'substring', 'slice', 'substr']);
const ARGUMENT_FUNCTIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'encodeURIComponent', 'btoa']);
const MATH_FUNCTIONS = new Set(['floor', 'round', 'ceil', 'trunc', 'abs', 'min', 'max']);
/** Calls whose result is built from what their callback returns. */
const CALLBACK_CONSUMERS = new Set(['map', 'flatMap', 'from', 'replace', 'replaceAll', 'reduce']);
const COLLECTORS = new Set(['push', 'unshift']);

/** `…?state=` or `"token": "` right before a spliced value names it. */
const KEY_BEFORE_VALUE = /([A-Za-z_][\w-]*)["']?\s*[=:]\s*["']?$/;

const same = (a: Node | null | undefined, b: Node) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

/** Follows a value from `start`; returns the first name that `judge` calls secret, or undefined. */
export function secretNameReached(start: Node, judge: NameJudge, stringValued = false): string | undefined {
  return new ValueTrail(judge).trace(start, stringValued, 0);
}

class ValueTrail {
  private budget = 80;
  private readonly visited = new Set<string>();

  constructor(private readonly judge: NameJudge) {}

  trace(start: Node, stringValued: boolean, depth: number): string | undefined {
    if (depth > 5) return undefined;
    let current = start;
    let text = stringValued;
    while (this.budget-- > 0) {
      const parent = current.parent;
      if (!parent) return undefined;
      if (PASS_THROUGH.has(parent.type)) {
        current = parent;
        continue;
      }
      switch (parent.type) {
        case 'binary_expression': {
          const operator = parent.childForFieldName('operator')?.text ?? '';
          if (!FLOW_OPERATORS.has(operator)) return undefined;
          if (operator === '+') {
            const left = parent.childForFieldName('left');
            if (left && !same(left, current)) {
              const key = keyBefore(left);
              if (key && this.judge(key, true)) return key;
            }
            text ||= [parent.childForFieldName('left'), parent.childForFieldName('right')].some((s) => s?.type === 'string' || s?.type === 'template_string');
          }
          current = parent;
          continue;
        }
        case 'unary_expression':
          if (!FLOW_UNARY.has(parent.childForFieldName('operator')?.text ?? '')) return undefined;
          current = parent;
          continue;
        case 'ternary_expression':
          if (same(parent.childForFieldName('condition'), current)) return undefined;
          current = parent;
          continue;
        case 'template_substitution': {
          const template = parent.parent;
          if (!template) return undefined;
          const key = KEY_BEFORE_VALUE.exec(template.text.slice(0, parent.startIndex - template.startIndex))?.[1];
          if (key && this.judge(key, true)) return key;
          text = true;
          current = template;
          continue;
        }
        case 'subscript_expression':
          if (same(parent.childForFieldName('index'), current)) {
            // A character picked by a random index (`chars[i]`) is token material; a quote or a
            // colour picked from a list is content, whatever it is stored as.
            if (!isCharacterSource(parent.childForFieldName('object'))) return undefined;
            text = true;
          }
          current = parent;
          continue;
        case 'member_expression': {
          const call = parent.parent;
          const method = parent.childForFieldName('property')?.text ?? '';
          if (!same(parent.childForFieldName('object'), current) || call?.type !== 'call_expression' || !RECEIVER_METHODS.has(method)) return undefined;
          if (!NOT_TEXT_METHODS.has(method)) text = true;
          current = call;
          continue;
        }
        case 'arguments': {
          const next = this.throughCall(parent, current, text, depth);
          if (typeof next === 'string' || next === undefined) return next;
          text = next.text;
          current = next.node;
          continue;
        }
        default: {
          const next = this.atDestination(current, text, depth);
          if (typeof next === 'string' || next === undefined) return next;
          current = next.node;
        }
      }
    }
    return undefined;
  }

  /** The value is an argument: some calls pass it on, key/value calls and local functions name it. */
  private throughCall(args: Node, value: Node, text: boolean, depth: number): string | { node: Node; text: boolean } | undefined {
    const call = args.parent;
    if (call?.type !== 'call_expression') return undefined;
    const fn = call.childForFieldName('function');
    const name = calleeName(call) ?? '';
    const position = args.namedChildren.filter((a) => a?.type !== 'comment').findIndex((a) => !!a && same(a, value));
    const receiver = fn?.type === 'member_expression' ? fn.childForFieldName('object') : undefined;
    if (fn?.type === 'identifier' && ARGUMENT_FUNCTIONS.has(name)) return { node: call, text: text || name === 'String' || name === 'btoa' };
    if (receiver?.text === 'Math' && MATH_FUNCTIONS.has(name)) return { node: call, text };
    // `res.cookie('session', v)`, `params.set('state', v)`, `localStorage.setItem('apiKey', v)`
    const previous = position > 0 ? argumentAt(call, position - 1) : undefined;
    const key = previous && unwrap(previous).type !== 'number' ? stringValue(previous) : undefined;
    if (key !== undefined) return this.judge(key, true) ? key : undefined;
    if (receiver) {
      if (name === 'at' && !isCharacterSource(receiver)) return undefined;
      if (ARGUMENT_METHODS.has(name)) return { node: call, text: true };
      if (COLLECTORS.has(name) && receiver) return this.intoCollection(receiver, text, depth);
      return undefined;
    }
    const parameter = fn?.type === 'identifier' ? parameterName(fn, position) : undefined;
    return parameter && this.judge(parameter, text) ? parameter : undefined;
  }

  private intoCollection(receiver: Node, text: boolean, depth: number): string | undefined {
    const name = lastName(receiver);
    if (!name) return undefined;
    if (this.judge(name, text)) return name;
    const binding = receiver.type === 'identifier' ? resolveBinding(receiver, name) : undefined;
    return binding ? this.followVariable(binding, name, text, depth) : undefined;
  }

  /** The value is stored or returned: judge the name there, then follow the variable or the function's callers. */
  private atDestination(value: Node, text: boolean, depth: number): string | { node: Node } | undefined {
    const destination = destinationOf(value);
    if (!destination) return undefined;
    if (destination.name && this.judge(destination.name, text)) return destination.kind === 'return' ? `${destination.name}()` : destination.name;
    if (destination.kind === 'variable' && destination.binding) return this.followVariable(destination.binding, destination.name, text, depth);
    if (destination.kind !== 'return' || !destination.fn) return undefined;
    const consumer = callbackConsumer(destination.fn);
    if (consumer) return { node: consumer };
    return this.followCallers(destination.fn, text, depth);
  }

  private followVariable(binding: Binding, name: string, text: boolean, depth: number): string | undefined {
    const key = `v${binding.node.startIndex}:${name}`;
    if (this.visited.has(key)) return undefined;
    this.visited.add(key);
    for (const reference of referencesTo(binding, name)) {
      const found = this.trace(reference, text, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** A neutral helper (`randomString(32)`) is judged by what its callers store the result in. */
  private followCallers(fn: Node, text: boolean, depth: number): string | undefined {
    const name = functionName(fn);
    const key = `f${fn.startIndex}`;
    if (!name || this.visited.has(key)) return undefined;
    this.visited.add(key);
    let root: Node = fn;
    while (root.parent) root = root.parent;
    let calls = 0;
    for (const callee of identifiersNamed(root, name)) {
      const call = callee.parent;
      if (call?.type !== 'call_expression' || !same(call.childForFieldName('function'), callee) || !bindsTo(callee, fn)) continue;
      if (++calls > 20) break;
      const found = this.trace(call, text, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

const CHARACTER_WORDS = new Set(['char', 'chars', 'charset', 'characters', 'alphabet', 'letters', 'digits', 'symbols', 'alnum', 'alphanumeric', 'hex', 'base', 'pool', 'possible', 'allowed', 'dictionary', 'words', 'wordlist']);

/** `'abc…'`, `CHARS`, `charset`, `ALPHABET.split('')`: a set of characters to build a token from. */
function isCharacterSource(object: Node | null): boolean {
  if (!object) return false;
  const n = unwrap(object);
  if (n.type === 'string' || n.type === 'template_string') return true;
  if (n.type === 'call_expression') {
    const receiver = n.childForFieldName('function')?.childForFieldName('object');
    return calleeName(n) === 'split' && !!receiver && isCharacterSource(receiver);
  }
  const name = lastName(n);
  if (name && nameWords(name).some((w) => CHARACTER_WORDS.has(w))) return true;
  return n.type === 'identifier' && stringValue(n) !== undefined;
}

/** The rightmost literal text of a string expression (`url + '&state='` → `&state=`), when it names a key. */
function keyBefore(left: Node): string | undefined {
  const parts = stringParts(left);
  const last = parts[parts.length - 1];
  return last && 'text' in last ? KEY_BEFORE_VALUE.exec(last.text)?.[1] : undefined;
}

/** For a callback passed to `map`, `Array.from`, `replace` …: the call whose result collects its returns. */
function callbackConsumer(fn: Node): Node | undefined {
  const args = fn.parent;
  const call = args?.type === 'arguments' ? args.parent : undefined;
  return call?.type === 'call_expression' && CALLBACK_CONSUMERS.has(calleeName(call) ?? '') ? call : undefined;
}

function bindsTo(callee: Node, fn: Node): boolean {
  const binding = resolveBinding(callee, callee.text);
  if (!binding) return false;
  const declared = binding.kind === 'function' ? binding.node : binding.init;
  return !!declared && same(unwrap(declared), fn);
}

/** The name of parameter `position` of a function declared in this file and called as `callee(…)`. */
function parameterName(callee: Node, position: number): string | undefined {
  const binding = resolveBinding(callee, callee.text);
  const fn = binding?.kind === 'function' ? binding.node : binding?.init ? unwrap(binding.init) : undefined;
  if (!fn || !isFunctionNode(fn)) return undefined;
  const parameter = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p?.type !== 'comment')[position];
  if (!parameter) return undefined;
  if (parameter.type === 'identifier') return parameter.text;
  const pattern = parameter.childForFieldName('pattern') ?? parameter.childForFieldName('left');
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}
