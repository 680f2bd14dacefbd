/**
 * The explicit registries of named checks that rule files refer to with `check: <name>`: per-match
 * checks of query rules, and whole-file text checks of rules without a query.
 */
import type { Check, TextCheck } from './checkTypes';
import { contentChecks } from '../content';
import { dependencyChecks } from '../dependencies/checks';
import { javascriptCoreChecks } from './javascriptCore';
import { javascriptWebChecks } from './javascriptWeb';
import { pythonChecks } from './python';
import { goChecks } from './go';

function merge<T>(...tables: Record<string, T>[]): ReadonlyMap<string, T> {
  const all = new Map<string, T>();
  for (const table of tables) {
    for (const [name, check] of Object.entries(table)) {
      if (all.has(name)) throw new Error(`Two checks are named "${name}"`);
      all.set(name, check);
    }
  }
  return all;
}

export const CHECKS = merge(javascriptCoreChecks, javascriptWebChecks, pythonChecks, goChecks);
export const TEXT_CHECKS = merge(contentChecks, dependencyChecks);
export type { Check, CheckContext, CheckReport, TextCheck, TextCheckContext, TextCheckReport } from './checkTypes';
