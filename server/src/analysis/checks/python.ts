/** Checks named by the Python rules (rules/python/*.yaml), grouped by theme under checks/python/. */
import type { Check } from './checkTypes';
import { pythonCommandChecks } from './python/subprocessShell';
import { pythonCryptoChecks } from './python/insecureRandom';
import { pythonDeserializationChecks } from './python/unsafeDeserialization';
import { pythonFileChecks } from './python/tarfileExtractall';
import { pythonSqlChecks } from './python/sqlInjection';
import { pythonTlsChecks } from './python/requestsVerifyFalse';
import { pythonWebConfigChecks } from './python/flaskDebug';

export const pythonChecks: Record<string, Check> = {
  ...pythonCommandChecks,
  ...pythonCryptoChecks,
  ...pythonDeserializationChecks,
  ...pythonFileChecks,
  ...pythonSqlChecks,
  ...pythonTlsChecks,
  ...pythonWebConfigChecks,
};
