/**
 * Command and code injection: a shell command line or Python source text that is not a constant.
 * Parts quoted with `shlex.quote` (or numbers) are safe inside a shell command.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, callArguments, callOrigins, calleeNames, isConstantExpression, keywordArgument, reachingValues, splatKeyword, unwrap } from '../../dataflow/python';
import { calleeIn, isRenamedImport, requestOrigin, stringValue } from './common';
import { isNumericExpression, isSafeComposition, type SafeLeaf } from './stringBuilding';

const SUBPROCESS_FUNCTIONS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
/** Functions that always hand their string to `/bin/sh -c` (or cmd.exe). */
const SHELL_FUNCTIONS = new Set([
  'os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'commands.getstatusoutput',
  'asyncio.create_subprocess_shell',
]);
const QUOTING_FUNCTIONS = new Set(['shlex.quote', 'pipes.quote', 'shlex.join']);

/** A value that cannot break out of its place in a shell command line. */
const shellSafeLeaf: SafeLeaf = (node) =>
  isNumericExpression(node) || (node.type === 'call' && calleeNames(node).some((q) => QUOTING_FUNCTIONS.has(q)));

/** With a list, only the first element is the shell's script; the rest become `$0`, `$1`, …. */
function shellScript(command: Node): Node | undefined {
  const c = unwrap(command);
  if (c.type === 'list' || c.type === 'tuple') return c.namedChildren[0] ?? undefined;
  return c;
}

/**
 * subprocess.* running a command line that is not constant or shell-quoted through a shell: with
 * `shell=True` (also from a `**kwargs` dict), or as the script of `["bash", "-c", script]`.
 */
const pySubprocessShellCommand: Check = ({ match }) => {
  const callee = calleeIn(match, SUBPROCESS_FUNCTIONS);
  if (!callee) return false;
  const command = argumentOf(match, 0, 'args');
  if (!command) return false;
  const shell = keywordArgument(match, 'shell') ?? splatKeyword(match, 'shell');
  if (shell?.type === 'true') {
    const script = shellScript(command);
    if (!script || isSafeComposition(script, shellSafeLeaf)) return false;
    return { vars: { callee, form: `${callee}(..., shell=True)`, origin: requestOrigin(script) } };
  }
  if (shell) return false; // shell=False or decided elsewhere: the list is an argument vector
  const inline = inlineShellScript(command);
  if (!inline || isSafeComposition(inline.script, shellSafeLeaf)) return false;
  return { vars: { callee, form: `${callee}(["${inline.shell}", "${inline.flag}", ...])`, origin: requestOrigin(inline.script) } };
};

/** Shells that take a script after `-c` (or `/c`, `-Command`): the script is parsed as a command line again. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh']);
const SCRIPT_FLAG = /^(-[a-z]*c|\/c|-command)$/i;

/** `["bash", "-c", script]` (also `("/bin/sh", "-lc", ...)`, `["cmd", "/c", ...]`), written in place or in a variable. */
function inlineShellScript(command: Node): { shell: string; flag: string; script: Node } | undefined {
  const c = unwrap(command);
  const lists = c.type === 'identifier' ? reachingValues(c).values : [c];
  for (const list of lists) {
    if (list.type !== 'list' && list.type !== 'tuple') continue;
    const [program, flag, script] = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    const shell = program && stringValue(unwrap(program));
    const flagText = flag && stringValue(unwrap(flag));
    if (!shell || !flagText || !script || !SHELLS.has(shell.slice(shell.lastIndexOf('/') + 1).toLowerCase()) || !SCRIPT_FLAG.test(flagText)) continue;
    return { shell, flag: flagText, script };
  }
  return undefined;
}

/** os.system / os.popen / subprocess.getoutput with a command that is not constant or shell-quoted. */
const pyShellFunctionCommand: Check = ({ match, captures }) => {
  if (captures.renamed && !isRenamedImport(captures.renamed)) return false;
  const callee = calleeIn(match, SHELL_FUNCTIONS);
  if (!callee) return false;
  const command = argumentOf(match, 0, callee === 'os.system' ? 'command' : 'cmd');
  if (!command || isSafeComposition(command, shellSafeLeaf)) return false;
  return { vars: { callee, origin: requestOrigin(command) } };
};

const CODE_FUNCTIONS = new Set(['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile']);

/** eval / exec / compile of text that is not a constant (compiled code objects and the program's own files aside). */
const pyDynamicCode: Check = ({ match }) => {
  const callee = calleeIn(match, CODE_FUNCTIONS);
  if (!callee) return false;
  const source = argumentOf(match, 0, 'source');
  if (!source || isConstantExpression(source)) return false;
  const origins = callOrigins(source);
  // `exec(compile(src, ...))`: the compile call is checked on its own.
  if (origins.length > 0 && origins.every((c) => calleeNames(c).some((q) => q === 'compile' || q === 'builtins.compile'))) return false;
  if (origins.length > 0 && origins.every(readsConstantPath)) return false;
  return { vars: { callee: callee.replace(/^builtins\./, ''), origin: requestOrigin(source) } };
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

export const pythonCommandChecks: Record<string, Check> = { pySubprocessShellCommand, pyShellFunctionCommand, pyDynamicCode };
