/**
 * The registries of named checks: per-match checks of query rules that need more than their query
 * can say, and whole-file text checks of rules without a query (content/). A rule's check is found
 * by its id (naming.ts): `js-cors-wildcard-credentials` → `jsCorsWildcardCredentials` in
 * javascript/corsWildcardCredentials.ts, `hidden-unicode-bidi` → `hiddenUnicodeBidi`. Explicit lists
 * rather than a directory scan, so the bundle holds exactly these and a reader sees them all.
 */
import type { Check, TextCheck } from './checkTypes';
import { contentChecks } from '../content';
import { checkNameOf } from './naming';
import { goCommandInjection } from './go/commandInjection';
import { goInsecureRandom } from './go/insecureRandom';
import { goSqlInjection } from './go/sqlInjection';
import { goTextTemplateHtml } from './go/textTemplateHtml';
import { goTlsInsecureSkipVerify } from './go/tlsInsecureSkipVerify';
import { goWeakPasswordHash } from './go/weakPasswordHash';
import { jsCommandInjection } from './javascript/commandInjection';
import { jsCorsWildcardCredentials } from './javascript/corsWildcardCredentials';
import { jsDomXss } from './javascript/domXss';
import { jsDynamicEval } from './javascript/dynamicEval';
import { jsInsecureRandom } from './javascript/insecureRandom';
import { jsJwtInsecureVerify } from './javascript/jwtInsecureVerify';
import { jsOpenRedirect } from './javascript/openRedirect';
import { jsPathTraversal } from './javascript/pathTraversal';
import { jsRegexFromInput } from './javascript/regexFromInput';
import { jsSqlInjection } from './javascript/sqlInjection';
import { jsSsrf } from './javascript/ssrf';
import { jsStaticIv } from './javascript/staticIv';
import { jsTimingUnsafeComparison } from './javascript/timingUnsafeComparison';
import { jsTlsVerificationDisabled } from './javascript/tlsVerificationDisabled';
import { jsUnsafeDeserialization } from './javascript/unsafeDeserialization';
import { jsWeakCipher } from './javascript/weakCipher';
import { jsWeakHashForSecrets } from './javascript/weakHashForSecrets';
import { pyEvalExec } from './python/evalExec';
import { pyFlaskDebug } from './python/flaskDebug';
import { pyInsecureRandom } from './python/insecureRandom';
import { pyJinja2AutoescapeOff } from './python/jinja2AutoescapeOff';
import { pyOsSystem } from './python/osSystem';
import { pyRequestsVerifyFalse } from './python/requestsVerifyFalse';
import { pySqlInjection } from './python/sqlInjection';
import { pySslUnverifiedContext } from './python/sslUnverifiedContext';
import { pySubprocessShell } from './python/subprocessShell';
import { pyTarfileExtractall } from './python/tarfileExtractall';
import { pyTempfileMktemp } from './python/tempfileMktemp';
import { pyUnsafeDeserialization } from './python/unsafeDeserialization';
import { pyWeakPasswordHash } from './python/weakPasswordHash';

/** Check name → check. Object keys survive minification, so the names hold in the production bundle. */
export const CHECKS: ReadonlyMap<string, Check> = new Map(Object.entries({
  goCommandInjection, goInsecureRandom, goSqlInjection, goTextTemplateHtml, goTlsInsecureSkipVerify, goWeakPasswordHash,
  jsCommandInjection, jsCorsWildcardCredentials, jsDomXss, jsDynamicEval, jsInsecureRandom, jsJwtInsecureVerify, jsOpenRedirect,
  jsPathTraversal, jsRegexFromInput, jsSqlInjection, jsSsrf, jsStaticIv, jsTimingUnsafeComparison, jsTlsVerificationDisabled,
  jsUnsafeDeserialization, jsWeakCipher, jsWeakHashForSecrets,
  pyEvalExec, pyFlaskDebug, pyInsecureRandom, pyJinja2AutoescapeOff, pyOsSystem, pyRequestsVerifyFalse, pySqlInjection,
  pySslUnverifiedContext, pySubprocessShell, pyTarfileExtractall, pyTempfileMktemp, pyUnsafeDeserialization, pyWeakPasswordHash,
}));

/** Check name → text check. */
export const TEXT_CHECKS: ReadonlyMap<string, TextCheck> = new Map(Object.entries(contentChecks));

const byRule = new Map<string, Check | undefined>();

/** The check of query rule `ruleId`, or undefined for a rule that is its query alone. */
export function checkOf(ruleId: string): Check | undefined {
  if (!byRule.has(ruleId)) byRule.set(ruleId, CHECKS.get(checkNameOf(ruleId)));
  return byRule.get(ruleId);
}

/** The text check of a rule without a query (what the rule is), or undefined when there is none. */
export function textCheckOf(ruleId: string): TextCheck | undefined {
  return TEXT_CHECKS.get(checkNameOf(ruleId));
}

export type { Check, CheckContext, CheckReport, TextCheck, TextCheckContext, TextCheckReport } from './checkTypes';
