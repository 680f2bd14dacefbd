import type { Check } from './checkTypes';
import { argumentAt, isConstantExpression, unwrap } from '../dataflow/javascript';
import { jsInsecureRandomValue } from './javascript/insecureRandom';
import { jsChildProcessCommand } from './javascript/commandInjection';
import { jsSqlBuiltFromValues } from './javascript/sqlInjection';
import { jsHtmlSinkValue } from './javascript/domXss';
import { jsTlsVerificationOff } from './javascript/tls';
import { jsWeakHashOfSecret } from './javascript/weakHash';
import { jsStaticCipherIv, jsWeakCipherUse } from './javascript/cipher';
import { jsCodeRunningDeserializer } from './javascript/deserialization';
import { jsSecretComparedWithEquals } from './javascript/timingCompare';

/** eval / new Function / string timers: only when the code text is not a constant. */
const dynamicCodeArgument: Check = ({ match, captures }) => {
  if (match.type === 'new_expression') {
    const args = match.childForFieldName('arguments')?.namedChildren.filter((n) => n !== null) ?? [];
    const body = args[args.length - 1];
    return !!body && !isConstantExpression(body);
  }
  const code = captures.code;
  if (!code) return false;
  const callee = captures.callee?.text;
  if (callee === 'setTimeout' || callee === 'setInterval') {
    // A function argument is the normal, safe use; only strings are compiled.
    const arg = unwrap(code);
    const stringy = ['string', 'template_string', 'binary_expression'].includes(arg.type);
    return stringy && !isConstantExpression(arg);
  }
  return !isConstantExpression(code) && argumentAt(match, 0) !== undefined;
};

/** The named checks of the core JavaScript/TypeScript rules (rules/javascript/js-*.yaml); each lives in checks/javascript/. */
export const javascriptCoreChecks: Record<string, Check> = {
  dynamicCodeArgument,
  jsInsecureRandomValue,
  jsChildProcessCommand,
  jsSqlBuiltFromValues,
  jsHtmlSinkValue,
  jsTlsVerificationOff,
  jsWeakHashOfSecret,
  jsWeakCipherUse,
  jsStaticCipherIv,
  jsCodeRunningDeserializer,
  jsSecretComparedWithEquals,
};
