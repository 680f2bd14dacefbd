/** js-dynamic-eval: eval, new Function, string timers and node:vm with code text that is not a constant. */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, isConstantExpression, resolveBinding, unwrap } from '../../dataflow/javascript/bindings';
import { importedCallee, moduleOf } from '../../dataflow/javascript/modules';

/** node:vm functions whose first argument is source text (a vm context is no security boundary). */
const VM_RUNNERS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script']);

/** `vm.runInNewContext`, `new vm.Script`, or a bare `runInNewContext` imported from vm — not `script.runInContext(ctx)`. */
function isVmRunner(callee: Node, vm: Node | undefined): boolean {
  if (!VM_RUNNERS.has(callee.text)) return false;
  if (vm) {
    const object = unwrap(vm);
    const ref = moduleOf(object);
    if (ref) return ref.source === 'vm' && !ref.member;
    return object.type === 'identifier' && object.text === 'vm' && !resolveBinding(object, 'vm');
  }
  const ref = importedCallee(callee);
  return ref?.source === 'vm' && ref.member === callee.text;
}

/** eval / new Function / string timers / vm: only when the code text is not a constant. */
export const jsDynamicEval: Check = ({ match, captures }) => {
  if (captures.vmCallee) {
    if (!isVmRunner(captures.vmCallee, captures.vm)) return false;
    return !!captures.code && !isConstantExpression(captures.code) ? { vars: { callee: captures.vmCallee.text } } : false;
  }
  if (match.type === 'new_expression' || captures.callee?.text === 'Function') {
    const args = match.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
    const body = args[args.length - 1];
    return !!body && !isConstantExpression(body);
  }
  const code = captures.code;
  if (!code) return false;
  const callee = captures.callee?.text;
  if (callee === 'setTimeout' || callee === 'setInterval') {
    // A function argument is the normal, safe use; only strings are compiled.
    const arg = unwrap(code);
    const stringy = ['string', 'template_string', 'binary_expression'].includes(arg.type);
    return stringy && !isConstantExpression(arg);
  }
  return !isConstantExpression(code) && argumentAt(match, 0) !== undefined;
};
