/**
 * Line markers in a rule's bad examples (as Semgrep's `ruleid:`): a comment at the end of each line
 * that must fire, naming the rule and, when it is not the default, the message id:
 *
 *     eval(userInput);                      // ruleid: js-dynamic-eval
 *     os.system("ping " + host)             # ruleid: py-os-system (request-input)
 *     Use pnpm for installs. …              <!-- ruleid: hidden-unicode-bidi -->
 *
 * `//`, `#` or `<!-- -->`, whichever suits the example's language; several findings on one line are
 * listed with commas (`// ruleid: js-ssrf, js-open-redirect`). The loader strips the markers, so
 * scans, the generated docs and SARIF help all see the example without them, and keeps what they
 * said for the example test, which requires exactly these findings: these lines, these rules, these
 * messages, and no other finding of any rule.
 */

/** One finding a bad example promises. */
export interface ExpectedFinding {
  /** Zero-based line of the finding's start. */
  line: number;
  ruleId: string;
  messageId: string;
}

/** The marker comment at the end of a line; scripts/gen-docs.mjs strips the same pattern from the pages it renders. */
const MARKER = /[ \t]*(?:\/\/|#|<!--)[ \t]*ruleid:([^\n]*?)[ \t]*(?:-->)?[ \t]*$/;
const ENTRY = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:[ \t]*\(([a-z][a-zA-Z0-9-]*)\))?$/;

export type MarkerResult = { code: string; expected: ExpectedFinding[] } | { error: string };

/** The example without its markers, and what they promise; `defaultMessageId` for entries naming no message. */
export function readMarkers(code: string, defaultMessageId: string): MarkerResult {
  const expected: ExpectedFinding[] = [];
  const lines = code.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const marker = MARKER.exec(lines[line]);
    if (!marker) continue;
    for (const entry of marker[1].split(',').map((e) => e.trim())) {
      const parsed = ENTRY.exec(entry);
      if (!parsed) return { error: `line ${line + 1} has a marker "ruleid:${marker[1]}" that is not "ruleid: <rule-id>" or "ruleid: <rule-id> (<message-id>)"` };
      expected.push({ line, ruleId: parsed[1], messageId: parsed[2] ?? defaultMessageId });
    }
    lines[line] = lines[line].slice(0, marker.index);
  }
  return { code: lines.join('\n'), expected };
}
