/**
 * py-sql-injection: SQL text built from values (f-string, `%`, `.format()`, `+`) and handed to a
 * DB-API cursor, SQLAlchemy, Django's `raw()`/`RawSQL`, or pandas `read_sql`. Values passed
 * separately as parameters are the safe form and are never inspected.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, callArguments, calleeNames, isConstantExpression, isRequestDerived, keywordArgument, literalText, localCallee, positionalArgument, reachingValues, returnedValues, unwrap } from '../../dataflow/python';
import { brief, requestInputMessage, stringValue } from './common';
import { findUnsafeBuild, isNumericExpression, type SafeLeaf } from './stringBuilding';

const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql', 'read_sql', 'read_sql_query']);
const TEXT_WRAPPERS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'text']);
/** Quoting helpers of common drivers (`psycopg2.extensions.quote_ident`, Django's `connection.ops.quote_name`). */
const QUOTING_METHODS = new Set(['quote_ident', 'quote_name', 'quote_identifier', 'escape_string', 'literal']);
const SQL_WORDS = /\b(select|insert|update|delete|where|from|values|create|drop|alter|truncate|pragma|join|order\s+by|group\s+by|limit)\b/i;

/** A value that cannot change the structure of a SQL statement. */
const sqlSafeLeaf: SafeLeaf = (node) => {
  if (isNumericExpression(node) || isOwnSetting(node)) return true;
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : fn?.text ?? '';
  return QUOTING_METHODS.has(method) || isPlaceholderList(node) || doublesQuotes(node);
};

/**
 * `self.table_name` / `cls.schema`: the object's own configuration (repository classes keep their
 * table name this way). `self.request...` is request data and is not included.
 */
function isOwnSetting(node: Node): boolean {
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return (object?.text === 'self' || object?.text === 'cls') && !isRequestDerived(node) && node.childForFieldName('attribute')?.text !== 'request';
}

/** `name.replace('"', '""')`: the SQL way of escaping a quoted identifier or string literal. */
function doublesQuotes(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'replace') return false;
  const from = positionalArgument(call, 0);
  const to = positionalArgument(call, 1);
  const quote = from && stringValue(unwrap(from));
  return (quote === '"' || quote === "'") && !!to && stringValue(unwrap(to)) === quote + quote;
}

/** `", ".join(["%s"] * len(ids))`, `",".join("?" for _ in ids)`: a run of placeholders for `IN (...)`. */
function isPlaceholderList(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'join') return false;
  const receiver = fn.childForFieldName('object');
  const items = positionalArgument(call, 0);
  if (!receiver || !items || !isConstantExpression(receiver)) return false;
  const i = unwrap(items);
  if (i.type === 'binary_operator' && i.childForFieldName('operator')?.text === '*') {
    const left = i.childForFieldName('left');
    return !!left && isConstantExpression(left);
  }
  if (i.type === 'generator_expression' || i.type === 'list_comprehension') {
    const body = i.childForFieldName('body');
    return !!body && isConstantExpression(body);
  }
  return false;
}

/**
 * cursor.execute / session.execute(text(...)) / Model.objects.raw / RawSQL / pd.read_sql, and
 * SQLAlchemy `text(...)` wherever it is built, with SQL made from non-constant parts.
 */
export const pySqlInjection: Check = ({ match, captures }) => {
  const method = captures.method?.text ?? '';
  if (method === 'text') return sqlTextClause(match);
  if (method === 'extra') return djangoExtra(match);
  if (method === 'raw' && !isDjangoManager(match)) return false;
  if (method === 'RawSQL' && !calleeNames(match).some((q) => q.endsWith('RawSQL'))) return false;
  if (!EXECUTE_METHODS.has(method) && method !== 'raw' && method !== 'RawSQL') return false;
  const sqlArgument = positionalArgument(match, 0) ?? ['sql', 'query', 'operation', 'statement', 'raw_query'].map((k) => keywordArgument(match, k)).find(Boolean);
  if (!sqlArgument) return false;
  const textArgument = directTextArgument(sqlArgument);
  return reportUnsafeSql(sqlArgument, textArgument ?? sqlArgument, !textArgument);
};

/** `checkWords`: only text that looks like SQL counts (other libraries have `execute` methods too). */
function reportUnsafeSql(reported: Node, sql: Node, checkWords: boolean): ReturnType<Check> {
  const found = findUnsafeBuild(sql, sqlSafeLeaf);
  if (!found || (checkWords && !SQL_WORDS.test(sqlLiteralText(sql)))) return false;
  return { node: reported, messageId: requestInputMessage(found.part), vars: { how: found.how, part: brief(found.part.text) } };
}

/** `text(f"...")` kept in a variable or passed to `select(...).where(...)`; inside `execute(text(...))` the execute call reports. */
function sqlTextClause(call: Node): ReturnType<Check> {
  if (!calleeNames(call).some((q) => q !== 'text' && TEXT_WRAPPERS.has(q))) return false;
  const argumentList = call.parent;
  const outer = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  const outerMethod = outer?.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '';
  if (outer && EXECUTE_METHODS.has(outerMethod) && positionalArgument(outer, 0)?.id === call.id) return false;
  const sql = argumentOf(call, 0, 'text');
  return sql ? reportUnsafeSql(sql, sql, false) : false;
}

/** The SQL inside `execute(text("…"))`. */
function directTextArgument(expr: Node): Node | undefined {
  const e = unwrap(expr);
  if (e.type !== 'call' || !calleeNames(e).some((q) => TEXT_WRAPPERS.has(q))) return undefined;
  return argumentOf(e, 0, 'text');
}

/**
 * Django's `QuerySet.extra(where=[...], select={...})`: every `where` entry and `select` value is
 * raw SQL (values belong in `params=`). Only on a manager chain (`User.objects....extra`), since
 * `extra` is a common method name.
 */
function djangoExtra(call: Node): ReturnType<Check> {
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  if (!receiver || !/(^|\.)(objects|_default_manager)(\.|\(|$)/.test(receiver.text)) return false;
  const where = keywordArgument(call, 'where');
  const select = keywordArgument(call, 'select');
  const fragments = [
    ...(where && (unwrap(where).type === 'list' || unwrap(where).type === 'tuple') ? unwrap(where).namedChildren : []),
    ...(select && unwrap(select).type === 'dictionary' ? unwrap(select).namedChildren.map((p) => p?.childForFieldName('value')) : []),
  ];
  for (const fragment of fragments) {
    const found = fragment ? reportUnsafeSql(fragment, fragment, false) : false;
    if (found) return found;
  }
  return false;
}

/** `User.objects.raw(...)`, `Model._default_manager.raw(...)`: Django's raw queries. */
function isDjangoManager(call: Node): boolean {
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  return !!receiver && /(^|\.)(objects|_default_manager|_base_manager)$/.test(receiver.text);
}

/** All literal SQL text that makes up `expr`, following variables a few steps: to tell SQL from other `execute` APIs. */
function sqlLiteralText(expr: Node, depth = 0): string {
  if (depth > 4) return '';
  const n = unwrap(expr);
  if (n.type === 'identifier') return reachingValues(n).values.map((v) => sqlLiteralText(v, depth + 1)).join(' ');
  if (n.type === 'string' || n.type === 'concatenated_string') return literalText(n);
  const local = n.type === 'call' ? localCallee(n) : undefined;
  if (local) return returnedValues(local).map((v) => sqlLiteralText(v, depth + 1)).join(' ');
  const parts = n.type === 'call' ? [n.childForFieldName('function'), ...callArguments(n)] : n.namedChildren;
  return parts.map((c) => (c ? sqlLiteralText(c, depth + 1) : '')).join(' ');
}
