/**
 * Go injection checks: shell commands built at run time (os/exec) and SQL text built with
 * fmt.Sprintf or `+` (database/sql, sqlx, gorm, pgx). Both judge the text that reaches the sink
 * with goStringSafety, so numbers and properly quoted values are not reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from './checkTypes';
import {
  argumentsOf, assignmentsTo, constantString, importedCall, isRequestDerived, packagePathOf, qualifiedType, resolveLocal, unwrap,
} from '../dataflow/go';
import { stringSafety, type Sanitizers } from './goStringSafety';

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

const NO_SHELL_ADVICE = 'Run the program directly with its arguments as separate strings — exec.Command("ping", "-c", "1", host) — so no shell parses them; if a shell is unavoidable, keep the script constant and pass values as positional parameters ("$1").';
const ALLOW_LIST_ADVICE = 'Map the request value onto a fixed set of allowed programs (a switch or a map of constant paths) instead of running whatever it names.';

/** exec.Command("sh", "-c", script) with a script built at run time, or a program named by the request. */
const goShellCommand: Check = ({ match }) => {
  const call = importedCall(match);
  if (call?.path !== 'os/exec' || (call.name !== 'Command' && call.name !== 'CommandContext')) return false;
  const args = argumentsOf(match).slice(call.name === 'CommandContext' ? 1 : 0);
  const vars = { fn: `exec.${call.name}` };
  if (!args[0]) return false;
  let programIndex = 0;
  let program = constantString(args[0]);
  if (program === undefined) {
    if (!isRequestDerived(args[0])) return false;
    return { node: args[0], vars: { ...vars, problem: 'runs a program whose name comes from the HTTP request', advice: ALLOW_LIST_ADVICE } };
  }
  if (baseName(program) === 'env' && args[1]) program = constantString(args[(programIndex = 1)]);
  if (program === undefined || !SHELLS.has(baseName(program))) return false;
  const flagIndex = args.findIndex((a, i) => i > programIndex && isScriptFlag(constantString(a)));
  const script = flagIndex >= 0 ? args[flagIndex + 1] : undefined;
  if (!script || script.type === 'variadic_argument' || stringSafety(script, SHELL_SANITIZERS) !== 'dynamic') return false;
  const problem = `hands \`${program} ${constantString(args[flagIndex])}\` a script built at run time`;
  return { node: script, vars: { ...vars, problem, advice: NO_SHELL_ADVICE } };
};

// ---------------------------------------------------------------------------------------------

/** Index of the SQL text among a method's arguments (before any context shift for pgx-style APIs). */
const SQL_ARGUMENT: Record<string, number> = {
  Query: 0, QueryRow: 0, Exec: 0, Prepare: 0, Queryx: 0, QueryRowx: 0, MustExec: 0, Raw: 0,
  QueryContext: 1, QueryRowContext: 1, ExecContext: 1, PrepareContext: 1, QueryxContext: 1, QueryRowxContext: 1, MustExecContext: 1,
  Select: 1, Get: 1, SelectContext: 2, GetContext: 2,
};

/** Identifier and literal quoting for PostgreSQL. */
const SQL_SANITIZERS: Sanitizers = { 'github.com/lib/pq': new Set(['QuoteIdentifier', 'QuoteLiteral']) };

/** Something that reads like a SQL statement, so `cache.Exec(…)` or a shell `Exec` is not taken for SQL. */
const SQL_TEXT = /\b(select\b[\s\S]*\bfrom|insert\s+into|update\s+[\w."`?]+\s+set|delete\s+from|replace\s+into|create\s+(table|index|view)|drop\s+(table|index|view)|alter\s+table|truncate\s+table|where\s+[\w."`]+\s*(=|<|>|!=|like\b|in\b))/i;

/** The text of a SQL expression with its run-time parts left out, to tell SQL from other strings. */
function sqlText(node: Node, depth = 0): string {
  if (depth > 6) return ' ';
  const n = unwrap(node);
  const constant = constantString(n);
  if (constant !== undefined) return constant;
  if (n.type === 'binary_expression') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return `${left ? sqlText(left, depth + 1) : ''} ? ${right ? sqlText(right, depth + 1) : ''}`;
  }
  if (n.type === 'call_expression' && importedCall(n)?.name === 'Sprintf') {
    const format = argumentsOf(n)[0];
    return (format && constantString(format)) ?? ' ';
  }
  if (n.type === 'identifier') {
    const binding = resolveLocal(n, n.text);
    if (!binding || (binding.kind !== 'short' && binding.kind !== 'var')) return ' ';
    const stored = [...(binding.value ? [binding.value] : []), ...assignmentsTo(binding).map((a) => a.value)];
    return stored.map((v) => sqlText(v, depth + 1)).join(' ');
  }
  return ' ';
}

/** A context argument in front of the SQL (`conn.Query(ctx, sql)` in pgx). */
function looksLikeContext(arg: Node | undefined): boolean {
  if (!arg) return false;
  if (/^(ctx|\w*Ctx|context\.(Background|TODO)\(\)|[\w.]*Context\(\))$/.test(arg.text)) return true;
  const binding = arg.type === 'identifier' ? resolveLocal(arg, arg.text) : undefined;
  const type = qualifiedType(binding?.type);
  return type?.path === 'context';
}

/** db.Query / Exec / … whose SQL text is built from run-time strings. */
const goSqlBuiltFromInput: Check = ({ match, captures }) => {
  const method = captures.method?.text ?? '';
  const receiver = captures.receiver;
  if (!(method in SQL_ARGUMENT) || !receiver) return false;
  if (receiver.type === 'identifier' && packagePathOf(receiver) !== undefined) return false; // syscall.Exec, not a DB handle
  const args = argumentsOf(match);
  let index = SQL_ARGUMENT[method];
  if (looksLikeContext(args[index])) index++;
  const sql = args[index];
  // Capped so that a huge generated string cannot make the SQL pattern slow.
  if (!sql || stringSafety(sql, SQL_SANITIZERS) !== 'dynamic' || !SQL_TEXT.test(sqlText(sql).slice(0, 2000))) return false;
  return { node: sql, vars: { method } };
};

export const goInjectionChecks: Record<string, Check> = { goShellCommand, goSqlBuiltFromInput };
