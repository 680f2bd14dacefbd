/** go-tls-insecure-skip-verify: `InsecureSkipVerify: true` outside an explicit opt-in (`if *insecure {`). */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { identifierWords } from '../../dataflow/names';

/** Words in an `if` condition that make turning verification off an explicit opt-in (`if *insecure {`). */
const OPT_IN_WORDS: ReadonlySet<string> = new Set(['insecure', 'skip', 'unsafe', 'noverify']);

/** `InsecureSkipVerify: true` unless it sits under an `if` on an explicit insecure flag. */
export const goTlsInsecureSkipVerify: Check = ({ match }) => {
  for (let child: Node = match, p = match.parent; p; child = p, p = p.parent) {
    const condition = p.type === 'if_statement' ? p.childForFieldName('condition') : null;
    if (condition && p.childForFieldName('consequence')?.startIndex === child.startIndex) {
      // Names and strings: `*insecure`, `opts.SkipVerify`, `os.Getenv("INSECURE_TLS") == "1"`.
      const names = [condition, ...condition.descendantsOfType(['identifier', 'field_identifier', 'interpreted_string_literal_content'])];
      if (names.some((n) => !!n && identifierWords(n.text).some((w) => OPT_IN_WORDS.has(w)))) return false;
    }
  }
  return true;
};
