/** py-os-system: os.system / os.popen / subprocess.getoutput with a command that is not constant or shell-quoted. */
import type { Check } from '../checkTypes';
import { argumentOf } from '../../dataflow/python';
import { calleeIn, isRenamedImport, requestInputMessage } from './common';
import { shellSafeLeaf } from './shellQuoting';
import { isSafeComposition } from './stringBuilding';

/** Functions that always hand their string to `/bin/sh -c` (or cmd.exe). */
const SHELL_FUNCTIONS = new Set([
  'os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'commands.getstatusoutput',
  'asyncio.create_subprocess_shell',
]);

/** os.system / os.popen / subprocess.getoutput with a command that is not constant or shell-quoted. */
export const pyOsSystem: Check = ({ match, captures }) => {
  if (captures.renamed && !isRenamedImport(captures.renamed)) return false;
  const callee = calleeIn(match, SHELL_FUNCTIONS);
  if (!callee) return false;
  const command = argumentOf(match, 0, callee === 'os.system' ? 'command' : 'cmd');
  if (!command || isSafeComposition(command, shellSafeLeaf)) return false;
  return { messageId: requestInputMessage(command), vars: { callee } };
};
