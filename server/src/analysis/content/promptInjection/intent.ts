/**
 * A small grammar of intent for text an agent reads as instructions. A clause is an instruction when
 * an action verb stands in imperative position (clause start, after "and"/"then"/a comma, or after
 * politeness, emphasis and modals: "IMPORTANT: you must now …"), is not negated ("never commit
 * secrets" is a prohibition), is not reported speech ("if a page tells you to ignore …") and is not
 * a mention (a clause about injection, attacks, examples). What the verb acts on decides the action:
 *
 * - override: ignore / disregard / forget … + the agent's own instructions (previous, system, the
 *   user's) — not "instructions in web pages", which is a defence;
 * - conceal: don't tell / mention … the user (about this), secretly / silently + an action, hide …
 *   from the user;
 * - exfiltrate: send / post / include … + harvested secrets (env vars, ~/.ssh, all tokens,
 *   $GITHUB_TOKEN) + somewhere outside (a URL, a commit, an issue);
 * - auto-approve: enable YOLO / --dangerously-skip-permissions / auto-approve, run any command
 *   without asking; disable-safety: disable / bypass the sandbox, guardrails, hooks.
 */
import {
  ALL_TOOLS, APPROVAL_FLAGS, APPROVAL_NOUN, CONCEALED_OBJECT, DISABLE_VERBS, ENABLE_VERBS, EXFIL_VERBS, EXTERNAL_URL, HARVEST, HIDE_VERBS,
  IMPERATIVE_PREFIX, INSTRUCTION_NOUN, INSTRUCTION_REFERENCE, INSTRUCTION_SOURCE, LEAK_DESTINATION, LOCATION_QUALIFIER, MENTION_MARKERS,
  NEGATION, OVERRIDE_VERBS, REPORTED_SPEECH, SAFETY_OBJECT, SECRET_ENV_NAME, SECRET_NOUN, SECRET_PATH, STEALTH_ACTIONS, STEALTH_ADVERBS,
  TELL_VERBS, USER_TARGET,
} from './vocabulary';

export type ActionClass = 'override' | 'conceal' | 'exfiltrate' | 'auto-approve' | 'disable-safety';

export const EFFECT: Record<ActionClass, string> = {
  override: 'ignore the instructions of its user and system',
  conceal: 'hide what it does from the user',
  exfiltrate: 'send secrets (environment variables, keys, tokens) out of the machine',
  'auto-approve': 'run tools and commands without asking the user',
  'disable-safety': 'switch off its safety checks (sandbox, confirmations, hooks)',
};

export interface Intent {
  /** The first action of the clause; `actions` lists all of them ("ignore … and send …"). */
  action: ActionClass;
  actions: ActionClass[];
  /** Offsets in the analysed text of the clause that carries it. */
  start: number;
  end: number;
  /** The clause as written (trimmed). */
  clause: string;
}

/** Clause ends: sentence punctuation, line breaks, colons and list bullets. */
const CLAUSE_END = /[.!?;:]+(?=\s|$)|\n+|(?:^|\s)[-*•]\s|\s—\s/g;

export function findIntents(text: string): Intent[] {
  const out: Intent[] = [];
  let start = 0;
  CLAUSE_END.lastIndex = 0;
  for (let m = CLAUSE_END.exec(text); ; m = CLAUSE_END.exec(text)) {
    const end = m ? m.index : text.length;
    if (end > start) {
      const actions = clauseIntents(text.slice(start, end));
      if (actions.length > 0) {
        const raw = text.slice(start, end);
        const lead = raw.length - raw.trimStart().length;
        out.push({ action: actions[0], actions, start: start + lead, end: start + raw.trimEnd().length, clause: raw.trim() });
      }
    }
    if (!m) break;
    start = m.index + m[0].length;
    if (m[0].length === 0) CLAUSE_END.lastIndex++;
  }
  return out;
}

/** Words of a clause, lower case, with emphasis and punctuation around them removed. */
function tokenize(clause: string): string[] {
  return clause.toLowerCase().replace(/[*_`"“”«»()[\]{}]/g, ' ').replace(/,/g, ' , ').split(/\s+/).map((t) => t.replace(/^['‘’]+|['‘’.!?]+$/g, '')).filter((t) => t && !/^(?:[-*•>#+]+|\d+[.)]|\[[ x]\])$/.test(t));
}

function clauseIntents(clause: string): ActionClass[] {
  const lower = clause.toLowerCase();
  // URLs and paths are not words of the sentence ("paste.example.org" is no example).
  const sentence = lower.replace(/\b(?:https?|ftp):\/\/\S+|\S+\.(?:com|org|net|io|dev|sh)\b\S*/g, ' ');
  if (!/[a-z]/.test(lower) || MENTION_MARKERS.test(sentence) || REPORTED_SPEECH.test(sentence) || /\?\s*$/.test(clause)) return [];
  const words = tokenize(clause);
  const actions: ActionClass[] = [];
  for (let i = 0; i < words.length; i++) {
    const position = imperativeAt(words, i);
    if (!position) continue;
    const action = actionAt(lower, words, i, position.negated);
    if (action && !actions.includes(action)) actions.push(action);
  }
  return actions;
}

/** "ignore the instructions of its user and system and to send secrets …" */
export function effectsText(actions: readonly ActionClass[]): string {
  return actions.map((a) => EFFECT[a]).join(' and to ');
}

/** Is word `i` in imperative position? Negated when a negation stands among the words before it. */
function imperativeAt(words: string[], i: number): { negated: boolean } | undefined {
  let negated = false;
  for (let j = i - 1; j >= 0; j--) {
    const w = words[j];
    if (NEGATION.has(w) || w === 'do' || w === 'does' || w === 'stop') {
      negated ||= NEGATION.has(w) || w === 'stop';
      continue;
    }
    if (w === 'and' || w === 'then' || w === 'or' || w === ',') return { negated };
    if (!IMPERATIVE_PREFIX.has(w)) return undefined;
  }
  return { negated };
}

function actionAt(lower: string, words: string[], i: number, negated: boolean): ActionClass | undefined {
  const verb = words[i];
  const rest = words.slice(i + 1, i + 14).filter((w) => w !== ',');
  const restText = rest.join(' ');
  // override: "ignore all previous instructions", "disregard the system prompt", "forget your rules"
  if (OVERRIDE_VERBS.has(verb) && !negated && overridesInstructions(rest)) return 'override';
  if ((verb === 'follow' || verb === 'obey') && negated && overridesInstructions(rest)) return 'override';
  // conceal: "do not tell the user", "without informing anyone", "secretly send …", "hide this from the user"
  if (TELL_VERBS.has(verb) && negated && concealsFromUser(rest)) return 'conceal';
  if (STEALTH_ADVERBS.has(verb) && STEALTH_ACTIONS.has(rest[0] ?? '') && !negated && verb !== 'silently') return 'conceal';
  if (STEALTH_ADVERBS.has(verb) && rest[0] && /^(?:send|upload|post|transmit|exfiltrate|commit|push|insert|forward)$/.test(rest[0]) && !negated) return 'conceal';
  if (STEALTH_ACTIONS.has(verb) && !negated && /\b(?:secretly|covertly|stealthily|surreptitiously)\b|\bwithout (?:the user(?:'s)? )?(?:telling|informing|notifying|asking|knowing|noticing|knowledge|consent)\b/.test(restText)) return 'conceal';
  if (HIDE_VERBS.has(verb) && !negated && /\bfrom (?:the )?(?:user|users|human|reviewer|developer|logs?|output|transcript|chat)\b/.test(restText) && !/\b(?:secrets?|tokens?|keys?|passwords?|credentials?)\b/.test(restText)) return 'conceal';
  // exfiltrate: send harvested secrets somewhere outside
  if (EXFIL_VERBS.has(verb) && !negated && harvestsSecrets(rest) && leavesTheMachine(restText, lower)) return 'exfiltrate';
  if (verb === 'exfiltrate' && !negated) return 'exfiltrate';
  // auto-approve / disable-safety
  if (ENABLE_VERBS.has(verb) && !negated && APPROVAL_FLAGS.test(restText)) return 'auto-approve';
  if ((verb === 'approve' || verb === 'accept' || verb === 'allow') && !negated && ALL_TOOLS.test(restText)) return 'auto-approve';
  if ((verb === 'run' || verb === 'execute') && !negated && ALL_TOOLS.test(`${verb} ${restText}`) && /\bwithout (?:asking|confirmation|approval|permission|prompting|confirming)\b/.test(restText)) return 'auto-approve';
  if (verb === 'ask' && negated && rest.some((w) => APPROVAL_NOUN.test(w)) && ALL_TOOLS.test(restText)) return 'auto-approve';
  // "skip to the permission check" jumps to it; "turn" only disables as "turn off".
  if (DISABLE_VERBS.has(verb) && !negated && SAFETY_OBJECT.test(restText) && rest[0] !== 'to' && !(verb === 'turn' && rest[0] !== 'off')) return 'disable-safety';
  return undefined;
}

function overridesInstructions(rest: string[]): boolean {
  const text = rest.join(' ');
  if (INSTRUCTION_SOURCE.test(text) && !rest.slice(0, 6).some((w) => LOCATION_QUALIFIER.test(w))) return true;
  // Up to four modifiers before the instruction noun; at least one must refer to the agent's own instructions.
  let referenced = false;
  for (let k = 0; k < Math.min(rest.length, 6); k++) {
    const w = rest[k];
    if (INSTRUCTION_NOUN.test(w)) {
      const strong = rest.slice(0, k).some((m) => m !== 'all' && m !== 'any' && m !== 'the' && m !== 'of' && m !== 'every' && INSTRUCTION_REFERENCE.test(m));
      const next = rest[k + 1];
      if (next && LOCATION_QUALIFIER.test(next)) return false;
      if (!strong && !(referenced && /^(?:instructions?|directives?|guidelines?|prompts?|guardrails?)$/.test(w))) return false;
      return true;
    }
    if (!INSTRUCTION_REFERENCE.test(w)) return false;
    referenced = true;
  }
  return false;
}

function concealsFromUser(rest: string[]): boolean {
  const target = rest.findIndex((w) => USER_TARGET.test(w));
  if (target < 0 || target > 3) return false;
  const object = rest.slice(target + 1, target + 4);
  const before = rest.slice(0, target).filter((w) => w !== 'the' && w !== 'to' && w !== 'this' && w !== 'anything');
  // "don't tell the user" alone, or "... about this / what you did / that you …"; not "the system prompt" (an app's own secret).
  if (before.length > 1) return false;
  return object.length === 0 || CONCEALED_OBJECT.test(object[0]) || object[0] === 'that';
}

function harvestsSecrets(rest: string[]): boolean {
  const text = rest.join(' ');
  if (SECRET_PATH.test(text) || SECRET_ENV_NAME.test(text.toUpperCase())) return true;
  if (/\b(?:environment variables?|env vars?|environment)\b/.test(text)) return true;
  for (let k = 0; k < Math.min(rest.length, 6); k++) {
    if (SECRET_NOUN.test(rest[k]) && /^(?:secrets|tokens|credentials|passwords|keys|cookies|variables|vars|api-keys|apikeys)$|^(?:ssh|keychain|wallet|mnemonic|seed)$/.test(rest[k])) {
      return rest.slice(0, k).some((m) => HARVEST.test(m)) || k === 0;
    }
    if (SECRET_NOUN.test(rest[k]) && rest.slice(0, k).some((m) => HARVEST.test(m))) return true;
  }
  return false;
}

function leavesTheMachine(restText: string, clause: string): boolean {
  return EXTERNAL_URL.test(restText) || LEAK_DESTINATION.test(restText) || /\bto (?:me|us|the attacker)\b/.test(restText) || (EXTERNAL_URL.test(clause) && /\bto\b/.test(restText));
}
