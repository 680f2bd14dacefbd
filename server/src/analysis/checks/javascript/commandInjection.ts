/**
 * js-command-injection: a shell command built at run time. `exec`/`execSync` always hand their
 * string to `/bin/sh -c`; `spawn`/`execFile` (and execa) only with `shell: true`. The callee must
 * really be child_process (or shelljs, execa), resolved through imports — renamed ones too —,
 * requires, destructuring and `util.promisify`, so `regex.exec(str)` and `db.exec(sql)` are never confused with it.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, objectProperty, resolveBinding, stringParts, stringValue, unwrap } from '../../dataflow/javascript/bindings';
import { importedCallee, moduleOf, type ModuleRef } from '../../dataflow/javascript/modules';
import { isFixedValue } from './values';

/** Local names that may hold a runner under its own or a promisified name (`execAsync`, `spawnSync`). */
const CONVENTIONAL_RUNNER_NAME = /[Ee]xec|[Ss]pawn/;
const SHELL_STRING_RUNNERS = new Set(['exec', 'execSync']);
const ARGV_RUNNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
/**
 * execa's functions run a program without a shell unless `shell: true` is passed, like spawn; the
 * `*Command` forms take the whole command line as one string. (zx's `$` tag quotes its values.)
 */
const EXECA_RUNNERS = new Set(['execa', 'execaSync', 'execaCommand', 'execaCommandSync', 'command', 'commandSync', 'execaNode']);
/** Shell-quoting helpers (shell-quote, shell-escape, any-shell-escape): their output is one safe word. */
const SHELL_QUOTERS = /^(quote|shellQuote|shellEscape|shellescape|escapeShellArg|escapeShell|shEscape)$/;

interface Runner {
  /** `exec`, `execSync`, `spawn`, … */
  name: string;
}

export const jsCommandInjection: Check = ({ match }) => {
  const runner = childProcessRunner(match);
  const command = argumentAt(match, 0);
  if (!runner || !command) return false;
  if (SHELL_STRING_RUNNERS.has(runner.name)) {
    const part = untrustedPart(command);
    return part ? { vars: { runner: runner.name, input: part.text } } : false;
  }
  if (!ARGV_RUNNERS.has(runner.name) && !EXECA_RUNNERS.has(runner.name)) return false;
  const second = argumentAt(match, 1);
  const argv = second && unwrap(second).type !== 'object' ? second : undefined;
  const options = argv ? argumentAt(match, 2) : second;
  // `spawn('sh', ['-c', script])` is a shell just as much as `shell: true`.
  const script = argv ? shellScriptArgument(command, argv) : undefined;
  if (script) {
    const part = untrustedPart(script);
    return part ? { vars: { runner: `${runner.name}(${command.text}, ['-c', …])`, input: part.text } } : false;
  }
  if (!options || !usesShell(options)) return false;
  const part = untrustedPart(command) ?? (argv ? untrustedArgument(argv) : undefined);
  return part ? { vars: { runner: runner.name, input: part.text } } : false;
};

const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/;
const SCRIPT_FLAGS = new Set(['-c', '/c', '/C', '-Command', '-command', '-lc']);

/** For `spawn('bash', ['-c', script])`: the script element; undefined when the program is not a shell. */
function shellScriptArgument(command: Node, argv: Node): Node | undefined {
  const program = stringValue(command);
  const list = unwrap(argv);
  if (!program || !SHELLS.test(program) || list.type !== 'array') return undefined;
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const flag = items.findIndex((item) => SCRIPT_FLAGS.has(stringValue(item) ?? ''));
  return flag >= 0 ? items[flag + 1] : undefined;
}

/** The child_process (or shelljs, execa) function a call invokes, if it is one. */
function childProcessRunner(call: Node): Runner | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'member_expression') {
    const object = fn.childForFieldName('object');
    const name = calleeName(call) ?? '';
    const module = object ? moduleOf(object) : undefined;
    if (module && !module.member) return isRunnerModule(module.source, name) ? { name } : undefined;
    // A snippet that uses the conventional module name without showing the require.
    const unbound = object?.type === 'identifier' && !resolveBinding(object, object.text);
    return unbound && ['child_process', 'childProcess'].includes(object.text) ? { name } : undefined;
  }
  if (fn.type !== 'identifier') return undefined;
  // The query matches every bare call so that renamed imports (`import { exec as run }`) are seen;
  // other names are rejected here with one lookup before any binding is resolved.
  if (!CONVENTIONAL_RUNNER_NAME.test(fn.text)) return runnerOf(importedCallee(fn));
  const direct = runnerOf(moduleOf(fn));
  if (direct) return direct;
  // const execAsync = util.promisify(exec)
  const init = resolveBinding(fn, fn.text)?.init;
  const wrapped = init && unwrap(init).type === 'call_expression' && calleeName(unwrap(init)) === 'promisify' ? argumentAt(unwrap(init), 0) : undefined;
  const original = wrapped ? moduleOf(wrapped) : undefined;
  return original?.member && isRunnerModule(original.source, original.member) ? { name: original.member } : undefined;
}

function runnerOf(ref: ModuleRef | undefined): Runner | undefined {
  // `import execa from 'execa'` (v5): the default export is the function itself.
  const member = ref?.member ?? (ref?.source === 'execa' ? 'execa' : undefined);
  return ref && member && isRunnerModule(ref.source, member) ? { name: member } : undefined;
}

function isRunnerModule(source: string, member: string): boolean {
  if (source === 'child_process') return SHELL_STRING_RUNNERS.has(member) || ARGV_RUNNERS.has(member);
  if (source === 'execa') return EXECA_RUNNERS.has(member);
  return source === 'shelljs' && member === 'exec';
}

/** `shell: true` or a shell path; absent, `false`, `null` and `undefined` mean no shell. */
function usesShell(options: Node): boolean {
  let object = unwrap(options);
  if (object.type === 'identifier') {
    const init = resolveBinding(object, object.text)?.init;
    if (!init) return false;
    object = unwrap(init);
  }
  const shell = objectProperty(object, 'shell');
  if (!shell) return false;
  return !['false', 'null', 'undefined'].includes(unwrap(shell).type) && unwrap(shell).text !== 'undefined';
}

/** The first spliced-in part of a command string that the program does not fix itself. */
function untrustedPart(command: Node): Node | undefined {
  for (const part of stringParts(command)) {
    if ('text' in part) continue;
    if (isFixedValue(part.expr) || isShellQuoted(part.expr)) continue;
    return part.expr;
  }
  return undefined;
}

function untrustedArgument(argv: Node): Node | undefined {
  let list = unwrap(argv);
  if (list.type === 'identifier') {
    const init = resolveBinding(list, list.text)?.init;
    if (!init) return list;
    list = unwrap(init);
  }
  if (list.type !== 'array') return isFixedValue(list) ? undefined : list;
  for (const element of list.namedChildren) {
    if (!element || element.type === 'comment') continue;
    if (element.type === 'spread_element') return element;
    const part = untrustedPart(element);
    if (part) return part;
  }
  return undefined;
}

function isShellQuoted(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'call_expression' && SHELL_QUOTERS.test(calleeName(n) ?? '');
}
