/**
 * py-tarfile-extractall: tar extraction without a member filter — path traversal, links and devices
 * from the archive land wherever the archive says.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, callOrigins, calleeNames, enclosingFunction, keywordArgument, reachingValues, unwrap } from '../../dataflow/python';
import { calleeIn, stringValue, withKeywordArgument } from './common';

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
export const pyTarfileExtractall: Check = ({ match, captures }) => {
  const method = captures.method?.text ?? '';
  if (method === 'unpack_archive') return unpackArchive(match);
  const archive = captures.archive;
  if (!archive || !callOrigins(archive).some((call) => calleeNames(call).some((q) => TAR_OPENERS.has(q)))) return false;
  const members = keywordArgument(match, 'members');
  if (members && !/\.getmembers\(\)$/.test(unwrap(members).text)) return false;
  return withoutDataFilter(match, method);
};

/** The report for an extraction call unless its `filter=` is safe or the function checks member paths itself. */
function withoutDataFilter(call: Node, method: string): ReturnType<Check> {
  const filter = keywordArgument(call, 'filter');
  if (filter) {
    const value = stringValue(unwrap(filter));
    if (value !== 'fully_trusted') return false;
    return { messageId: 'fully-trusted', vars: { method, fixed: call.text }, fixApplies: false };
  }
  if (validatesPaths(call)) return false;
  const fixed = withKeywordArgument(call, 'filter="data"');
  return { vars: { method, fixed: fixed ?? call.text }, fixApplies: !!fixed };
}

const TAR_FORMATS = new Set(['tar', 'gztar', 'bztar', 'xztar', 'zstdtar']);

/**
 * `shutil.unpack_archive(path, dest)` hands tar archives to tarfile with the same missing filter.
 * Not reported when the archive is visibly a zip: `format="zip"` or a constant `.zip` name.
 */
function unpackArchive(call: Node): ReturnType<Check> {
  if (!calleeIn(call, UNPACK_ARCHIVE)) return false;
  const format = argumentOf(call, 2, 'format');
  if (format) {
    const name = stringValue(unwrap(format));
    if (name === undefined || !TAR_FORMATS.has(name)) return false;
  }
  const file = argumentOf(call, 0, 'filename');
  const fileName = file && constantString(file);
  if (!format && fileName !== undefined && !/\.(tar|tgz|tbz2?|txz|tar\.\w+)$/i.test(fileName)) return false;
  return withoutDataFilter(call, 'shutil.unpack_archive');
}

const UNPACK_ARCHIVE = new Set(['shutil.unpack_archive']);

/** The text of a string literal, or of a variable whose every value is one literal. */
function constantString(expr: Node): string | undefined {
  const n = unwrap(expr);
  if (n.type === 'string') return stringValue(n);
  if (n.type !== 'identifier') return undefined;
  const { values, unknown } = reachingValues(n);
  const texts = values.map((v) => (v.type === 'string' ? stringValue(v) : undefined));
  return !unknown && texts.length === 1 ? texts[0] : undefined;
}

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

