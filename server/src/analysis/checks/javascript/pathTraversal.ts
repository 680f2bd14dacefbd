/**
 * js-path-traversal: fs.* / res.sendFile / res.download with a path from the request that is
 * neither reduced to a base name nor checked to stay inside a folder.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, objectProperty } from '../../dataflow/javascript/bindings';
import { PATH_GUARD } from './webGuards';
import { callArguments, objectLiteralOf, requestInputReport } from './requestTaint';

/** fs.copyFile(src, dest), fs.rename(old, new): both arguments are paths. */
const TWO_PATH_METHODS = new Set(['copyFile', 'copyFileSync', 'rename', 'renameSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'cp', 'cpSync', 'copy', 'copySync', 'move', 'moveSync']);
const FS_MODULES = /^['"](node:)?fs(\/promises)?['"]$|^['"]fs-extra['"]$/;

/** Is bare `readFile(…)` the one imported or required from fs? */
function importedFromFs(call: Node, name: string): boolean {
  for (const statement of call.tree.rootNode.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'import_statement') {
      const source = statement.childForFieldName('source')?.text ?? '';
      if (FS_MODULES.test(source) && statement.descendantsOfType('identifier').some((id) => id?.text === name)) return true;
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const req of statement.descendantsOfType('call_expression')) {
        const fn = req?.childForFieldName('function');
        const source = req ? argumentAt(req, 0)?.text ?? '' : '';
        if (fn?.text === 'require' && FS_MODULES.test(source)
          && statement.descendantsOfType('shorthand_property_identifier_pattern').some((id) => id?.text === name)) return true;
      }
    }
  }
  return false;
}

/** fs.* / res.sendFile / res.download with a request-derived path that is neither reduced to a base name nor checked. */
export const jsPathTraversal: Check = ({ match, captures }) => {
  const method = captures.method?.text ?? '';
  if (captures.bare && !importedFromFs(match, method)) return false;
  const list = callArguments(match);
  if (method === 'sendFile' || method === 'download') {
    // With a `root` option, Express (send) rejects paths that climb out of the root with "..".
    if (list.slice(1).some((a) => { const o = objectLiteralOf(a); return !!o && objectProperty(o, 'root') !== undefined; })) return false;
  }
  const targets = TWO_PATH_METHODS.has(method) ? list.slice(0, 2) : list.slice(0, 1);
  for (const target of targets) {
    const found = requestInputReport(target, { sink: 'path', guard: PATH_GUARD });
    if (found) return found;
  }
  return false;
};
