/**
 * File-system APIs with a known trap: `tempfile.mktemp` (a name, not a file — race) and tar
 * extraction without a member filter (path traversal, links and devices from the archive).
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, calleeNames, enclosingFunction, keywordArgument, unwrap } from '../../dataflow/python';
import { calleeIn, stringValue, withKeywordArgument } from './common';

const MKTEMP = new Set(['tempfile.mktemp']);

const pyTempfileMktemp: Check = ({ match }) => !!calleeIn(match, MKTEMP);

const TAR_OPENERS = new Set([
  'tarfile.open', 'tarfile.TarFile', 'tarfile.TarFile.open', 'tarfile.TarFile.taropen', 'tarfile.TarFile.gzopen',
  'tarfile.TarFile.bz2open', 'tarfile.TarFile.xzopen',
]);
/** Calls that show the code checks member paths itself before extracting (the classic CVE-2007-4559 patch). */
const PATH_CHECKS = new Set(['os.path.commonpath', 'os.path.commonprefix']);
const PATH_CHECK_METHODS = new Set(['is_relative_to', 'relative_to']);
const PATH_CHECK_FUNCTION = /^(is_within_directory|is_safe_path|is_safe_member|safe_members|within_directory)$/;

/**
 * `extractall()` / `extract()` on a tarfile without `filter=` (or with `filter="fully_trusted"`),
 * unless the members are chosen explicitly or the function validates paths itself. Fix: add
 * `filter="data"`.
 */
const pyTarExtractWithoutFilter: Check = ({ match, captures }) => {
  const archive = captures.archive;
  if (!archive || !callOrigins(archive).some((call) => calleeNames(call).some((q) => TAR_OPENERS.has(q)))) return false;
  const filter = keywordArgument(match, 'filter');
  if (filter) {
    const value = stringValue(unwrap(filter));
    if (value !== 'fully_trusted') return false;
    return { vars: { problem: 'with `filter="fully_trusted"`', fixed: match.text }, fixApplies: false };
  }
  const members = keywordArgument(match, 'members');
  if (members && !/\.getmembers\(\)$/.test(unwrap(members).text)) return false;
  if (validatesPaths(match)) return false;
  const fixed = withKeywordArgument(match, 'filter="data"');
  return { vars: { problem: 'without `filter=`', fixed: fixed ?? match.text }, fixApplies: !!fixed };
};

/** The enclosing function (or module) checks member paths: commonpath/relative_to, a helper named for it, or `".." in name`. */
function validatesPaths(call: Node): boolean {
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  const guardedCall = scope.descendantsOfType('call').some((c) => {
    if (!c || c.id === call.id) return false;
    const fn = c.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : fn?.text ?? '';
    return PATH_CHECK_METHODS.has(name) || PATH_CHECK_FUNCTION.test(name) || calleeNames(c).some((q) => PATH_CHECKS.has(q));
  });
  return guardedCall || scope.descendantsOfType('comparison_operator').some((c) => !!c && /^["']\.\.["']\s+in\b/.test(c.text));
}

export const pythonFileChecks: Record<string, Check> = { pyTempfileMktemp, pyTarExtractWithoutFilter };
