/**
 * js-tls-verification-disabled: certificate checks switched off — `rejectUnauthorized: false`
 * (https, tls, axios/undici agents, pg/mysql ssl options), `strictSSL: false` (request),
 * `NODE_TLS_REJECT_UNAUTHORIZED = '0'` (the whole process) and a `checkServerIdentity` that accepts
 * every host. Only literal settings are reported: `rejectUnauthorized: isProduction` is a
 * deliberate per-environment choice the rule cannot judge.
 */
import type { Node } from 'web-tree-sitter';
import type { Check, CheckReport } from '../checkTypes';
import { propertyKeyText, stringValue, unwrap } from '../../dataflow/javascript/bindings';

const VERIFY_FLAGS = new Set(['rejectUnauthorized', 'strictSSL']);
const ENV_FLAG = 'NODE_TLS_REJECT_UNAUTHORIZED';

export const jsTlsVerificationDisabled: Check = ({ match, captures }) => {
  const value = captures.value;
  if (!value) return false;
  if (match.type === 'pair') {
    const key = propertyKeyText(match.childForFieldName('key')) ?? '';
    if (VERIFY_FLAGS.has(key)) return unwrap(value).type === 'false' && report(`${key}: false`, `${match.childForFieldName('key')?.text}: true`);
    if (key === ENV_FLAG) return stringValue(value) === '0' && report(`${ENV_FLAG}=0`);
    if (key === 'checkServerIdentity') {
      const setting = match.text.length <= 60 ? match.text.replace(/\s+/g, ' ') : 'checkServerIdentity: …';
      return acceptsEveryHost(value) && report(setting);
    }
    return false;
  }
  const left = match.childForFieldName('left');
  if (!left) return false;
  const property = left.type === 'member_expression' ? left.childForFieldName('property')?.text : stringValue(left.childForFieldName('index') ?? left);
  if (property && VERIFY_FLAGS.has(property)) {
    return unwrap(value).type === 'false' && report(`${property} = false`, `${left.text} = true`);
  }
  if (property === ENV_FLAG && /^process\.env\b/.test(left.text)) {
    return stringValue(value) === '0' && report(`${ENV_FLAG}=0`);
  }
  return false;
};

/** `fixed` is the corrected text; without it (the environment flag, a custom identity check) the fix is to delete code, which the rule leaves to the user. */
function report(setting: string, fixed?: string): CheckReport {
  return fixed ? { vars: { setting, fixed } } : { vars: { setting }, fixApplies: false };
}

/** `() => undefined`, `() => {}`, `function () { return null; }`: no Error is ever returned, so every certificate name passes. */
function acceptsEveryHost(fn: Node): boolean {
  const f = unwrap(fn);
  if (f.type !== 'arrow_function' && f.type !== 'function_expression') return false;
  const body = f.childForFieldName('body');
  if (!body) return false;
  const empty = (n: Node | null | undefined) => !n || ['undefined', 'null'].includes(unwrap(n).type) || unwrap(n).text === 'undefined';
  if (body.type !== 'statement_block') return empty(body);
  return body.namedChildren.every((statement) => !statement || statement.type === 'comment' || (statement.type === 'return_statement' && empty(statement.namedChildren[0])));
}
