/** py-eval-exec: eval / exec / compile of text that is not a constant. */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, callArguments, callOrigins, calleeNames, isConstantExpression, keywordArgument, reachingValues, unwrap } from '../../dataflow/python';
import { calleeIn, requestInputMessage } from './common';

const CODE_FUNCTIONS = new Set(['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile']);

/** eval / exec / compile of text that is not a constant (compiled code objects and the program's own files aside). */
export const pyEvalExec: Check = ({ match }) => {
  const callee = calleeIn(match, CODE_FUNCTIONS);
  if (!callee) return false;
  const source = argumentOf(match, 0, 'source');
  if (!source || isConstantExpression(source)) return false;
  const origins = callOrigins(source);
  // `exec(compile(src, ...))`: the compile call is checked on its own.
  if (origins.length > 0 && origins.every((c) => calleeNames(c).some((q) => q === 'compile' || q === 'builtins.compile'))) return false;
  if (origins.length > 0 && origins.every(readsConstantPath)) return false;
  return { messageId: requestInputMessage(source), vars: { callee: callee.replace(/^builtins\./, '') } };
};

/**
 * `open("pkg/version.py").read()` / `Path("x.py").read_text()`: the program's own file, as in
 * setup.py reading its version. Running it is no different from importing it.
 */
function readsConstantPath(call: Node): boolean {
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const receiver = fn?.childForFieldName('object');
  if (!receiver || (method !== 'read' && method !== 'read_text')) return false;
  const opener = unwrap(receiver);
  if (opener.type !== 'call') return false;
  const openerName = calleeNames(opener);
  if (!openerName.some((q) => q === 'open' || q === 'io.open' || q === 'pathlib.Path' || q === 'Path')) return false;
  const path = argumentOf(opener, 0, 'file');
  return !!path && isProgramPath(path) && !keywordArgument(opener, 'opener');
}

const PATH_FUNCTIONS = new Set(['os.path.join', 'os.path.dirname', 'os.path.abspath', 'os.path.realpath', 'pathlib.Path', 'Path']);

/** A path made of constants and `__file__` (`os.path.join(os.path.dirname(__file__), "version.py")`, `Path(__file__).parent / "x.py"`). */
function isProgramPath(expr: Node, depth = 0): boolean {
  if (depth > 6) return false;
  const n = unwrap(expr);
  if (isConstantExpression(n) || (n.type === 'identifier' && n.text === '__file__')) return true;
  if (n.type === 'identifier') {
    const { values, unknown } = reachingValues(n);
    return !unknown && values.length > 0 && values.every((v) => isProgramPath(v, depth + 1));
  }
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '/') {
    return [n.childForFieldName('left'), n.childForFieldName('right')].every((side) => !!side && isProgramPath(side, depth + 1));
  }
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'parent') {
    const object = n.childForFieldName('object');
    return !!object && isProgramPath(object, depth + 1);
  }
  if (n.type === 'call' && calleeNames(n).some((q) => PATH_FUNCTIONS.has(q))) {
    return callArguments(n).every((a) => a.type !== 'keyword_argument' && isProgramPath(a, depth + 1));
  }
  return false;
}
