/**
 * Go injection checks: shell commands built at run time (os/exec) and SQL text built with
 * fmt.Sprintf or `+` (database/sql, sqlx, gorm, pgx). Both judge the text that reaches the sink
 * with goStringSafety, so numbers and properly quoted values are not reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import {
  argumentsOf, assignmentsTo, calleeOf, constantString, importedCall, importsOf, packagePathOf, qualifiedType, resolveLocal,
  unwrap,
} from '../../dataflow/go/bindings';
import { localCallee, returnedValues } from '../../dataflow/go/flow';
import { isRequestDerived } from '../../dataflow/go/request';
import { builderWrites, elementValues, stringSafety, type Sanitizers } from './stringSafety';

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
const goShellCommand: Check = ({ match }) => {
  const call = importedCall(match);
  if (call?.path !== 'os/exec' || (call.name !== 'Command' && call.name !== 'CommandContext')) return false;
  const args = spreadArguments(argumentsOf(match).slice(call.name === 'CommandContext' ? 1 : 0));
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
  NamedExec: 0, NamedQuery: 0, PrepareNamed: 0, NamedExecContext: 1, NamedQueryContext: 1, PrepareNamedContext: 1,
};

/**
 * Query builders whose condition methods take raw SQL text: gorm `db.Where("name = ?", name)`,
 * squirrel `sq.Select(…).Where(…)`. Only in files importing one, and only for text that reads
 * like a condition, since `Where`/`Or`/`Not` are common method names.
 */
const CONDITION_METHODS = new Set(['Where', 'Or', 'Not', 'Having', 'Joins']);
const QUERY_BUILDERS = new Set(['gorm.io/gorm', 'github.com/jinzhu/gorm', 'github.com/Masterminds/squirrel']);
const SQL_CONDITION = /[\w."`)]\s*(=|<>|!=|<=|>=|<|>|\b(i?like|in|is|between)\b)/i;

/** sqlx also has package functions taking the database first: sqlx.Select(db, &rows, query). */
const SQLX = 'github.com/jmoiron/sqlx';

/** Identifier and literal quoting for PostgreSQL. */
const SQL_SANITIZERS: Sanitizers = { 'github.com/lib/pq': new Set(['QuoteIdentifier', 'QuoteLiteral']) };

/** Something that reads like a SQL statement, so `cache.Exec(…)` or a shell `Exec` is not taken for SQL. */
const SQL_TEXT = /\b(select\b[\s\S]*\bfrom|insert\s+into|update\s+[\w."`?]+\s+set|delete\s+from|replace\s+into|(create|drop|alter)\s+(table|index|view|user|role|database|schema|sequence)|truncate\s+table|(grant|revoke)\s+(all\s+privileges|[^\s,]+(\s*,\s*[^\s,]+)*)\s+(on|to|from)\s|where\s+[\w."`]+\s*(=|<|>|!=|like\b|in\b))/i;

/** The text of a SQL expression with its run-time parts left out, to tell SQL from other strings. */
function sqlText(node: Node, depth = 0, seen = new Set<number>()): string {
  if (depth > 8) return ' ';
  const n = unwrap(node);
  const constant = constantString(n);
  if (constant !== undefined) return constant;
  if (n.type === 'binary_expression') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return `${left ? sqlText(left, depth + 1, seen) : ''} ? ${right ? sqlText(right, depth + 1, seen) : ''}`;
  }
  if (n.type === 'call_expression') {
    const target = importedCall(n);
    const args = argumentsOf(n);
    // The format of Sprintf, or of Fprintf into a builder; the parts written into a builder; what a helper returns.
    const format = target?.name === 'Sprintf' ? args[0] : target?.name === 'Fprintf' ? args[1] : undefined;
    if (target) return (format && constantString(format)) ?? ' ';
    const callee = calleeOf(n);
    const writes = callee?.method === 'String' && callee.receiver ? builderWrites(callee.receiver) : undefined;
    const helper = writes ? undefined : localCallee(n);
    const parts = writes ?? (helper ? returnedValues(helper) : []);
    return parts.map((p) => sqlText(p, depth + 1, seen)).join(' ');
  }
  if (n.type === 'identifier') {
    const binding = resolveLocal(n, n.text);
    // Each local's text is read once: `q = q + "…"` would otherwise expand q again at every step.
    if (!binding || (binding.kind !== 'short' && binding.kind !== 'var') || seen.has(binding.name.startIndex)) return ' ';
    seen.add(binding.name.startIndex);
    const stored = [...(binding.value ? [binding.value] : []), ...assignmentsTo(binding).map((a) => a.value)];
    return stored.map((v) => sqlText(v, depth + 1, seen)).join(' ');
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
  if (!receiver) return false;
  if (CONDITION_METHODS.has(method)) return builderCondition(match, method);
  if (!(method in SQL_ARGUMENT)) return false;
  const pkg = receiver.type === 'identifier' ? packagePathOf(receiver) : undefined;
  if (pkg !== undefined && pkg !== SQLX) return false; // syscall.Exec, not a DB handle
  const args = argumentsOf(match);
  let index = SQL_ARGUMENT[method] + (pkg === SQLX ? 1 : 0);
  if (looksLikeContext(args[index])) index++;
  const sql = args[index];
  // Capped so that a huge generated string cannot make the SQL pattern slow.
  if (!sql || stringSafety(sql, SQL_SANITIZERS) !== 'dynamic' || !SQL_TEXT.test(sqlText(sql).slice(0, 2000))) return false;
  return { node: sql, vars: { method } };
};

/** `db.Where(fmt.Sprintf("email LIKE '%%%s%%'", q))` in a file that uses gorm or squirrel. */
function builderCondition(call: Node, method: string): ReturnType<Check> {
  if (![...importsOf(call).values()].some((path) => QUERY_BUILDERS.has(path))) return false;
  const condition = argumentsOf(call)[0];
  if (!condition || stringSafety(condition, SQL_SANITIZERS) !== 'dynamic' || !SQL_CONDITION.test(sqlText(condition).slice(0, 2000))) return false;
  return { node: condition, vars: { method } };
}

export const goInjectionChecks: Record<string, Check> = { goShellCommand, goSqlBuiltFromInput };
