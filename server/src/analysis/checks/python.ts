/** Checks named by the Python rules (rules/python/*.yaml), grouped by theme under checks/python/. */
import type { Check } from './checkTypes';
import { pythonCommandChecks } from './python/commands';
import { pythonCryptoChecks } from './python/crypto';
import { pythonDeserializationChecks } from './python/deserialization';
import { pythonFileChecks } from './python/files';
import { pythonSqlChecks } from './python/sql';
import { pythonTlsChecks } from './python/tls';
import { pythonWebConfigChecks } from './python/webConfig';

export const pythonChecks: Record<string, Check> = {
  ...pythonCommandChecks,
  ...pythonCryptoChecks,
  ...pythonDeserializationChecks,
  ...pythonFileChecks,
  ...pythonSqlChecks,
  ...pythonTlsChecks,
  ...pythonWebConfigChecks,
};
