/** js-regex-from-input: `new RegExp(x)` / `RegExp(x)` with request input that is not escaped. */
import type { Check } from '../checkTypes';
import { unwrap } from '../../dataflow/javascript/bindings';
import { REGEX_GUARD } from './webGuards';
import { requestInputReport } from './requestTaint';

/** new RegExp(x) / RegExp(x) with request-derived, unescaped x. */
export const jsRegexFromInput: Check = ({ captures }) => {
  const target = captures.target;
  const found = target ? requestInputReport(target, { sink: 'regex', guard: REGEX_GUARD }) : undefined;
  if (!found || !target) return false;
  // Escaping a whole template would also escape the pattern syntax written around the input.
  const kind = unwrap(target).type;
  return { ...found, fixApplies: kind !== 'template_string' && kind !== 'binary_expression' };
};
