/**
 * How a rule and its check find each other by name, so neither the rule file nor the registry has
 * to say it: rule `js-cors-wildcard-credentials` (rules/javascript/js-cors-wildcard-credentials.yaml)
 * has the check `jsCorsWildcardCredentials`, exported by checks/javascript/corsWildcardCredentials.ts.
 * A query rule without such a check is its tree-sitter query alone. A text rule (no query, e.g.
 * rules/content/hidden-unicode-bidi.yaml) has the text check `hiddenUnicodeBidi`, exported from the
 * analysis folder of its area (analysis/content/). test/unit/checkLayout.test.ts keeps rules,
 * registry and files in step.
 */

/** Rule id prefix → the language folder under rules/ and checks/. */
export const LANGUAGE_FOLDERS: Readonly<Record<string, string>> = { js: 'javascript', py: 'python', go: 'go' };

/** `js-cors-wildcard-credentials` → `jsCorsWildcardCredentials`. */
export function checkNameOf(ruleId: string): string {
  return ruleId.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `js-cors-wildcard-credentials` → `javascript/corsWildcardCredentials` (under checks/); undefined without a language prefix. */
export function checkModuleOf(ruleId: string): string | undefined {
  const dash = ruleId.indexOf('-');
  const folder = LANGUAGE_FOLDERS[ruleId.slice(0, dash)];
  return folder && dash > 0 ? `${folder}/${checkNameOf(ruleId.slice(dash + 1))}` : undefined;
}
