/**
 * Calls into functions defined in the same file: which definition a call runs (a module or nested
 * function, or a method of the enclosing class called as `self.m(...)` / `cls.m(...)`), and what
 * it returns. Lets a check see through `cur.execute(build_query(name))`.
 */
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, reachingBindings } from './scopes';
import { unwrap } from './values';

/** The function_definition a call runs, when it is defined in this file. */
export function localCallee(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') {
    const defs = reachingBindings(fn).filter((b) => b.kind === 'function');
    return defs.length === 1 ? defs[0]?.statement : undefined;
  }
  if (fn.type !== 'attribute') return undefined;
  const receiver = fn.childForFieldName('object')?.text;
  const name = fn.childForFieldName('attribute')?.text;
  if ((receiver !== 'self' && receiver !== 'cls') || !name) return undefined;
  const method = enclosingFunction(call);
  let cls: Node | null | undefined = method?.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.type === 'block' || cls.type === 'decorated_definition' ? cls.parent : null;
  for (const member of cls?.childForFieldName('body')?.namedChildren ?? []) {
    const def = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return def;
  }
  return undefined;
}

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The expressions `fn` returns (its own `return` statements, not those of nested functions). */
export function returnedValues(fn: Node): Node[] {
  const body = fn.childForFieldName('body');
  const values: Node[] = [];
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child || NESTED_SCOPES.has(child.type)) continue;
      if (child.type === 'return_statement') {
        const value = child.namedChildren[0];
        if (value) values.push(unwrap(value));
      } else visit(child);
    }
  };
  if (body) visit(body);
  return values;
}

/**
 * The expression parameter `name` of `fn` receives at `call`: the matching positional or keyword
 * argument, else the parameter's default. Undefined when `*args`/`**kwargs` hide it or it is unknown.
 */
export function argumentForParameter(call: Node, fn: Node, name: string): Node | undefined {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
  const isMethodCall = call.childForFieldName('function')?.type === 'attribute';
  let position = 0;
  for (const [i, param] of params.entries()) {
    const id = param.type === 'identifier' ? param : param.namedChildren.find((c) => c?.type === 'identifier');
    if (!id || param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern') return undefined;
    // `self.m(x)`: the first parameter is the receiver, not an argument.
    if (i === 0 && isMethodCall && (id.text === 'self' || id.text === 'cls')) continue;
    if (id.text === name) {
      const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
      if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
      const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
      const positional = args.filter((a) => a.type !== 'keyword_argument')[position];
      return keyword?.childForFieldName('value') ?? positional ?? param.childForFieldName('value') ?? undefined;
    }
    position++;
  }
  return undefined;
}
