/**
 * go-command-injection: os/exec running a shell script built at run time (`exec.Command("sh", "-c",
 * script)`), or a program named by the HTTP request. The script is judged with stringSafety.ts, so
 * numbers and shell-quoted values are not reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, assignmentsTo, constantString, importedCall, resolveLocal, unwrap } from '../../dataflow/go/bindings';
import { isRequestDerived } from '../../dataflow/go/request';
import { elementValues, stringSafety, type Sanitizers } from './stringSafety';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'csh', 'tcsh', 'fish', 'busybox', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'pwsh.exe']);

/** `-c`, `-lc`, `-ec` (POSIX shells), `/c` `/k` (cmd.exe), `-Command` (PowerShell). */
function isScriptFlag(flag: string | undefined): boolean {
  return !!flag && (/^-[a-z]*c$/.test(flag) || /^\/[ck]$/i.test(flag) || /^-(command|c)$/i.test(flag));
}

/** Shell quoting libraries: their output is one literal word to the shell. */
const SHELL_SANITIZERS: Sanitizers = {
  'github.com/alessio/shellescape': new Set(['Quote', 'QuoteCommand']),
  'github.com/kballard/go-shellquote': new Set(['Join']),
};

function baseName(program: string): string {
  return program.split(/[\\/]/).pop()?.toLowerCase() ?? program;
}


/**
 * The arguments with a trailing `list...` spelled out when `list` is a local slice literal never
 * changed afterwards: `args := []string{"-c", script}; exec.Command("bash", args...)`.
 */
function spreadArguments(args: Node[]): Node[] {
  const last = args[args.length - 1];
  const list = last?.type === 'variadic_argument' ? last.namedChildren[0] : undefined;
  const binding = list?.type === 'identifier' ? resolveLocal(list, list.text) : undefined;
  const literal = binding?.value ? unwrap(binding.value) : undefined;
  if (!binding || literal?.type !== 'composite_literal' || assignmentsTo(binding).length > 0) return args;
  return [...args.slice(0, -1), ...elementValues(literal)];
}

/** exec.Command("sh", "-c", script) with a script built at run time, or a program named by the request. */
export const goCommandInjection: Check = ({ match }) => {
  const call = importedCall(match);
  if (call?.path !== 'os/exec' || (call.name !== 'Command' && call.name !== 'CommandContext')) return false;
  const args = spreadArguments(argumentsOf(match).slice(call.name === 'CommandContext' ? 1 : 0));
  const vars = { fn: `exec.${call.name}` };
  if (!args[0]) return false;
  let programIndex = 0;
  let program = constantString(args[0]);
  if (program === undefined) {
    if (!isRequestDerived(args[0])) return false;
    return { node: args[0], messageId: 'program-from-request', vars };
  }
  if (baseName(program) === 'env' && args[1]) program = constantString(args[(programIndex = 1)]);
  if (program === undefined || !SHELLS.has(baseName(program))) return false;
  const flagIndex = args.findIndex((a, i) => i > programIndex && isScriptFlag(constantString(a)));
  const script = flagIndex >= 0 ? args[flagIndex + 1] : undefined;
  if (!script || script.type === 'variadic_argument' || stringSafety(script, SHELL_SANITIZERS) !== 'dynamic') return false;
  return { node: script, vars: { ...vars, program, flag: constantString(args[flagIndex]) ?? '' } };
};
