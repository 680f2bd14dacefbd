/** The explicit registry of named checks that rule files may refer to with `check: <name>`. */
import type { Check } from './checkTypes';
import { javascriptCoreChecks } from './javascript/dynamicEval';
import { javascriptWebChecks } from './javascript/requestTaint';
import { pythonChecks } from './python';
import { goChecks } from './go/insecureRandom';

function merge(...tables: Record<string, Check>[]): ReadonlyMap<string, Check> {
  const all = new Map<string, Check>();
  for (const table of tables) {
    for (const [name, check] of Object.entries(table)) {
      if (all.has(name)) throw new Error(`Two checks are named "${name}"`);
      all.set(name, check);
    }
  }
  return all;
}

export const CHECKS = merge(javascriptCoreChecks, javascriptWebChecks, pythonChecks, goChecks);
export type { Check, CheckContext, CheckReport } from './checkTypes';
