/**
 * js-sql-injection: SQL text built by splicing run-time values into a template or concatenation and
 * handed to a driver's query method. Parameterised queries (`query('… $1', [x])`), tagged templates
 * (sql`…`, Prisma `$queryRaw`…``) and strings whose spliced parts are constants, numbers,
 * placeholder lists or allow-listed identifiers are not reported.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, isConstantExpression, objectProperty, resolveBinding, stringParts, unwrap, type StringPart } from '../../dataflow/javascript/bindings';
import { isConstantLookupTable, isFixedValue } from './values';

/** Knex-style methods that take a SQL fragment rather than a whole statement. */
const FRAGMENT_METHODS = new Set(['whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw']);

const STATEMENT_START = /^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|MERGE|UPSERT|WITH|CREATE|DROP|ALTER|TRUNCATE|GRANT|REVOKE|CALL|EXEC|EXECUTE|PRAGMA|SHOW|DESCRIBE)\b/i;
/** A second clause keyword, so a message that merely starts with "Update" or "Show" is not SQL. */
const SECOND_CLAUSE = /\b(FROM|INTO|SET|WHERE|VALUES|TABLE|INDEX|VIEW|AS|ON|TO|PROCEDURE|DATABASE|SCHEMA)\b/i;

/** Escaping helpers of mysql/mysql2/sqlstring/pg whose output is a quoted literal or identifier. */
const ESCAPERS = new Set(['escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier', 'quoteIdentifier', 'quoteLiteral', 'ident', 'literal']);

/** TypeORM / MikroORM query-builder methods that take a SQL condition as text. */
const BUILDER_CONDITION_METHODS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);
const QUERY_BUILDER_FACTORIES = new Set(['createQueryBuilder', 'getQueryBuilder', 'qb']);

export const jsSqlInjection: Check = ({ match, captures }) => {
  const config = captures.sql && unwrap(captures.sql).type === 'object' ? unwrap(captures.sql) : undefined;
  // pg `query({ text, values })`, mysql `query({ sql, values })`.
  const sql = config ? objectProperty(config, 'text') ?? objectProperty(config, 'sql') : captures.sql;
  if (!sql) return false;
  const method = calleeName(match) ?? '';
  if (BUILDER_CONDITION_METHODS.has(method) && !onQueryBuilder(match)) return false;
  const parts = stringParts(sql);
  if (parts.every((p) => 'text' in p)) return false;
  const shape = parts.map((p) => ('text' in p ? p.text : ' ? ')).join('');
  if (!FRAGMENT_METHODS.has(method) && !BUILDER_CONDITION_METHODS.has(method) && !(STATEMENT_START.test(shape) && SECOND_CLAUSE.test(shape))) return false;
  // With a values argument the author knows about placeholders; spliced identifiers (a table or a
  // column chosen in code) are then likely deliberate, but a splice where a value belongs is not.
  const parameterised = argumentAt(match, 1) !== undefined || (!!config && objectProperty(config, 'values') !== undefined);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if ('text' in part || isSqlSafe(part.expr, new Set(), 0)) continue;
    if (parameterised && !inValuePosition(textBefore(parts, i))) continue;
    return { node: sql, vars: { method, value: part.expr.text } };
  }
  return false;
};

/**
 * `repo.createQueryBuilder('u').where(…)`, or `qb.andWhere(…)` where `const qb = ….createQueryBuilder()`:
 * only then is `where` a SQL-text method (elsewhere it takes a column name or an object).
 */
function onQueryBuilder(call: Node): boolean {
  let node: Node | undefined = call.childForFieldName('function')?.childForFieldName('object') ?? undefined;
  for (let steps = 0; node && steps < 12; steps++) {
    const n = unwrap(node);
    if (n.type === 'call_expression') {
      if (QUERY_BUILDER_FACTORIES.has(calleeName(n) ?? '')) return true;
      node = n.childForFieldName('function')?.childForFieldName('object') ?? undefined;
    } else if (n.type === 'identifier') {
      const binding = resolveBinding(n, n.text);
      node = binding?.kind === 'parameter' ? undefined : binding?.init;
    } else if (n.type === 'await_expression' || n.type === 'member_expression') {
      node = (n.type === 'await_expression' ? n.namedChildren[0] : n.childForFieldName('object')) ?? undefined;
    } else {
      return false;
    }
  }
  return false;
}

function textBefore(parts: StringPart[], index: number): string {
  return parts.slice(0, index).map((p) => ('text' in p ? p.text : '?')).join('');
}

/** Inside a quoted literal, after a comparison, in a VALUES list or after LIMIT/OFFSET. */
function inValuePosition(before: string): boolean {
  if ((before.match(/'/g)?.length ?? 0) % 2 === 1) return true;
  return /(=|<>|!=|<|>|\bLIKE|\bIN\s*\(|\bLIMIT|\bOFFSET|\bBETWEEN)\s*$/i.test(before) || /\bVALUES\s*\([^)]*$/i.test(before);
}

/**
 * A spliced value that cannot change the statement: fixed values and numbers, escaped values,
 * placeholder lists (`ids.map(() => '?').join(', ')`), allow-list lookups (`SORT_COLUMNS[key]`) and
 * allow-list checks (`ALLOWED.includes(col) ? col : 'id'`). `trusted` holds callback index names.
 */
function isSqlSafe(node: Node, trusted: ReadonlySet<string>, depth: number): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  if (isFixedValue(n)) return true;
  switch (n.type) {
    case 'identifier': {
      if (trusted.has(n.text)) return true;
      const binding = resolveBinding(n, n.text);
      return binding?.kind === 'const' && !!binding.init && isSqlSafe(binding.init, trusted, depth + 1);
    }
    case 'template_string':
      return stringParts(n).every((p) => 'text' in p || isSqlSafe(p.expr, trusted, depth + 1));
    case 'binary_expression': {
      const operator = n.childForFieldName('operator')?.text ?? '';
      if (!['+', '??', '||'].includes(operator)) return false;
      return [n.childForFieldName('left'), n.childForFieldName('right')].every((s) => !!s && isSqlSafe(s, trusted, depth + 1));
    }
    case 'ternary_expression':
      return ['consequence', 'alternative'].every((field) => {
        const branch = n.childForFieldName(field);
        return !!branch && (isSqlSafe(branch, trusted, depth + 1) || checkedByCondition(n.childForFieldName('condition'), branch));
      });
    case 'call_expression':
      return isSafeCall(n, trusted, depth);
    default:
      return false;
  }
}

function isSafeCall(call: Node, trusted: ReadonlySet<string>, depth: number): boolean {
  const name = calleeName(call) ?? '';
  if (ESCAPERS.has(name)) return true;
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  if (name === 'join' || name === 'repeat') return !!receiver && isPlaceholderList(receiver, trusted, depth + 1);
  return false;
}

/** `'?'`, `ids.map(() => '?')`, `ids.map((_, i) => `$${i + 1}`)`, `Array(n).fill('?')`, `Array.from({ length: n }, () => '?')`. */
function isPlaceholderList(node: Node, trusted: ReadonlySet<string>, depth: number): boolean {
  const n = unwrap(node);
  if (isConstantExpression(n)) return true;
  if (n.type !== 'call_expression') return false;
  const name = calleeName(n);
  const callback = argumentAt(n, name === 'from' ? 1 : 0);
  if (name === 'fill') return !!callback && isConstantExpression(callback);
  if ((name !== 'map' && name !== 'from') || !callback) return false;
  const fn = unwrap(callback);
  if (fn.type !== 'arrow_function' && fn.type !== 'function_expression') return false;
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p): p is Node => !!p && p.type !== 'comment') ?? [];
  // Only the index is trusted; the element itself is data.
  const index = params[1]?.type === 'identifier' ? params[1].text : params[1]?.childForFieldName('pattern')?.text;
  const inner = new Set(trusted);
  if (index) inner.add(index);
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (body.type !== 'statement_block') return isSqlSafe(body, inner, depth + 1);
  const returns = body.descendantsOfType('return_statement').filter((r): r is Node => !!r);
  return returns.length > 0 && returns.every((r) => !!r.namedChildren[0] && isSqlSafe(r.namedChildren[0], inner, depth + 1));
}

/** `ALLOWED.includes(col) ? col : 'id'`, `ALLOWED.has(col) ? col : …`: the branch is an allow-listed value. */
function checkedByCondition(condition: Node | null, branch: Node): boolean {
  if (!condition) return false;
  const c = unwrap(condition);
  if (c.type !== 'call_expression' || !['includes', 'has'].includes(calleeName(c) ?? '')) return false;
  const checked = argumentAt(c, 0);
  const list = c.childForFieldName('function')?.childForFieldName('object');
  return !!checked && unwrap(checked).text === unwrap(branch).text && isConstantLookupTable(list ?? null);
}
