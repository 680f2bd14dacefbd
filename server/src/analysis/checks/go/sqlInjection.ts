/**
 * go-sql-injection: SQL text built with fmt.Sprintf, `+` or a strings.Builder and handed to
 * database/sql, sqlx, gorm or pgx. The text is judged with stringSafety.ts, so numbers and properly
 * quoted values are not reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, assignmentsTo, calleeOf, constantString, importedCall, importsOf, packagePathOf, qualifiedType, resolveLocal, unwrap } from '../../dataflow/go/bindings';
import { localCallee, returnedValues } from '../../dataflow/go/flow';
import { builderWrites, stringSafety, type Sanitizers } from './stringSafety';

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
export const goSqlInjection: Check = ({ match, captures }) => {
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
