/**
 * go-weak-password-hash: crypto/md5 or crypto/sha1 over data that is a password, or whose digest is
 * stored, returned or compared as a password hash.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, calleeOf, importedCall, packagePathOf, usesOf } from '../../dataflow/go/bindings';
import { findReach, sinksOf, type ReachTest } from '../../dataflow/go/flow';
import { identifierWords, PASSWORD_WORDS } from '../../dataflow/names';

const WEAK_HASHES: Record<string, string> = { 'crypto/md5': 'MD5', 'crypto/sha1': 'SHA-1' };

/** The shared list plus `pw` (`hashPw`, `pwHash`), an abbreviation Go code favours; kept local so other languages are unchanged. */
const GO_PASSWORD_WORDS: ReadonlySet<string> = new Set([...PASSWORD_WORDS, 'pw']);

function namesPassword(name: string): boolean {
  return identifierWords(name).some((w) => GO_PASSWORD_WORDS.has(w));
}

/** Any variable or field in `expr` named like a password or secret (`req.Password`, `pwd`). */
function mentionsPassword(expr: Node): boolean {
  const names = [expr, ...expr.descendantsOfType(['identifier', 'field_identifier'])];
  return names.some((n) => !!n && (n.type === 'identifier' || n.type === 'field_identifier') && namesPassword(n.text));
}

const passwordTest: ReachTest = (reach) => (namesPassword(reach.name) ? 'found' : 'follow');

const COMPARISONS = new Set(['Equal', 'EqualFold', 'ConstantTimeCompare']);

/**
 * A digest compared with something named like a stored password hash:
 * `hex.EncodeToString(h.Sum(nil)) != u.PasswordHash`, `subtle.ConstantTimeCompare(sum[:], user.PwHash)`,
 * also through one local (`digest := …; digest == stored.Password`).
 */
function comparedWithPassword(digest: Node, depth = 0): boolean {
  let child = digest;
  for (let p = digest.parent; p; child = p, p = p.parent) {
    if (p.type === 'binary_expression') {
      const operator = p.childForFieldName('operator')?.text;
      if (operator !== '==' && operator !== '!=') return false;
      const other = p.childForFieldName('left')?.startIndex === child.startIndex ? p.childForFieldName('right') : p.childForFieldName('left');
      return !!other && mentionsPassword(other);
    }
    if (p.type === 'argument_list' && p.parent?.type === 'call_expression') {
      const call = p.parent;
      if (COMPARISONS.has(calleeOf(call)?.method ?? '')) return argumentsOf(call).some((a) => a.startIndex !== child.startIndex && mentionsPassword(a));
      p = call; // hex.EncodeToString(sum[:]) carries the digest
      continue;
    }
    if (p.type === 'selector_expression' && p.parent?.type === 'call_expression') {
      p = p.parent; // h.Sum(nil), sb.String()
      continue;
    }
    if (p.type === 'parenthesized_expression' || p.type === 'slice_expression' || p.type === 'type_conversion_expression') continue;
    if (p.type !== 'expression_list' || depth > 1) return false;
    const bindings = sinksOf(digest).map((s) => s.binding).filter((b) => !!b);
    return bindings.some((b) => usesOf(b).some((use) => comparedWithPassword(use, depth + 1)));
  }
  return false;
}

/** Data written into a hasher from `md5.New()`: `h.Write(x)`, `io.WriteString(h, x)`; and its `h.Sum(…)` calls. */
function hasherUses(newCall: Node): { written: Node[]; sums: Node[] } {
  const binding = sinksOf(newCall).map((s) => s.binding).find((b) => !!b);
  const written: Node[] = [];
  const sums: Node[] = [];
  for (const use of binding ? usesOf(binding) : []) {
    const parent = use.parent;
    const call = parent?.type === 'selector_expression' ? parent.parent : parent?.parent;
    if (call?.type !== 'call_expression') continue;
    const callee = calleeOf(call);
    const args = argumentsOf(call);
    if (parent?.type === 'selector_expression' && callee?.method === 'Sum') sums.push(call);
    else if (parent?.type === 'selector_expression' && callee?.method === 'Write' && args[0]) written.push(args[0]);
    else if (importedCall(call)?.name === 'WriteString' && args[0]?.startIndex === use.startIndex && args[1]) written.push(args[1]);
  }
  return { written, sums };
}

/** md5/sha1 over data that is a password, or whose digest is stored or returned as a password hash. */
export const goWeakPasswordHash: Check = ({ match, captures }) => {
  const operand = captures.pkg;
  const fn = captures.fn?.text;
  const algorithm = operand ? WEAK_HASHES[packagePathOf(operand) ?? ''] : undefined;
  if (!operand || !algorithm) return false;
  const vars = { call: `${operand.text}.${fn}`, algorithm };
  if (fn === 'Sum') {
    const data = argumentsOf(match)[0];
    return (data && mentionsPassword(data)) || findReach(match, passwordTest) || comparedWithPassword(match) ? { vars } : false;
  }
  const { written, sums } = hasherUses(match);
  const hashesPassword = written.some(mentionsPassword) || sums.some((sum) => findReach(sum, passwordTest) || comparedWithPassword(sum));
  return hashesPassword ? { vars } : false;
};
