/**
 * py-subprocess-shell: subprocess.* running a command line through a shell (`shell=True`, or
 * `["bash", "-c", script]`) when the command is not a constant. Parts quoted with `shlex.quote`
 * (or numbers) are safe inside a shell command.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, keywordArgument, reachingValues, splatKeyword, unwrap } from '../../dataflow/python';
import { calleeIn, requestInputMessage, stringValue } from './common';
import { shellSafeLeaf } from './shellQuoting';
import { isSafeComposition } from './stringBuilding';

const SUBPROCESS_FUNCTIONS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);

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
export const pySubprocessShell: Check = ({ match }) => {
  const callee = calleeIn(match, SUBPROCESS_FUNCTIONS);
  if (!callee) return false;
  const command = argumentOf(match, 0, 'args');
  if (!command) return false;
  const shell = keywordArgument(match, 'shell') ?? splatKeyword(match, 'shell');
  if (shell?.type === 'true') {
    const script = shellScript(command);
    if (!script || isSafeComposition(script, shellSafeLeaf)) return false;
    return { messageId: requestInputMessage(script), vars: { callee, form: `${callee}(..., shell=True)` } };
  }
  if (shell) return false; // shell=False or decided elsewhere: the list is an argument vector
  const inline = inlineShellScript(command);
  if (!inline || isSafeComposition(inline.script, shellSafeLeaf)) return false;
  return { messageId: requestInputMessage(inline.script), vars: { callee, form: `${callee}(["${inline.shell}", "${inline.flag}", ...])` } };
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
