/**
 * The words of the intent grammar (intent.ts): which verbs name which action, what counts as a
 * target of that action, and which words may stand before an imperative verb. Lower case; one
 * word per entry unless noted.
 */

/** Words that may precede an imperative verb in its clause: politeness, emphasis, modals, addressing the agent. */
export const IMPERATIVE_PREFIX = new Set([
  'please', 'kindly', 'always', 'also', 'then', 'now', 'first', 'next', 'finally', 'immediately', 'just', 'simply', 'instead',
  'additionally', 'afterwards', 'you', 'must', 'should', 'shall', 'will', 'need', 'needs', 'to', 'have', 'has', 'are', 'required',
  'make', 'sure', 'be', 'remember', 'important', 'importantly', 'note', 'critical', 'mandatory', 'urgent', 'step', 'all', 'at', 'times',
  'i', 'want', 'your', 'task', 'job', 'is', 'the', 'agent', 'assistant', 'ai', 'model', 'llm', 'claude', 'copilot', 'cursor', 'codex',
  'gemini', 'agents', 'assistants', 'hey', 'system', 'override', 'new', 'instruction', 'instructions', 'rule', 'rules', 'quietly',
  'silently', 'secretly', 'covertly', 'stealthily', 'discreetly', 'automatically', 'directly', 'also', 'go', 'ahead', 'and', 'please,',
]);

/** Negation before a verb turns an instruction into a prohibition ("never commit secrets"). */
export const NEGATION = new Set(['not', 'never', "don't", 'dont', "doesn't", "mustn't", "shouldn't", "can't", 'cannot', "won't", 'no', 'avoid', 'refrain', 'nor', 'neither', 'without']);

/** Clause words that make the clause a mention, a warning or a defence, not an instruction. */
export const MENTION_MARKERS = /\b(?:inject(?:ion|ed|s)?|jailbreak\w*|malicious|attack(?:er|ers|s)?|adversar\w+|untrusted|phishing|payloads?|e\.g\.|for example|for instance|such as|examples?|like this|known as|called|detect\w*|flag\w*|warn\w*|refuse\w*|reject\w*|beware|suspicious)\b/;

/** Reported speech: "if a page tells you to …", "asks you to …" — the instruction is someone else's. */
export const REPORTED_SPEECH = /\b(?:tells?|told|asks?|asked|instructs?|instructed|says?|said|wants?|requests?|tries|try|trying|attempts?|attempting|claims?|suggests?|contains?|containing|demands?|urges?|someone|anyone|anything)\b(?:\s+\w+){0,3}\s+to\b/;

export const OVERRIDE_VERBS = new Set(['ignore', 'disregard', 'forget', 'override', 'overrule', 'bypass', 'discard', 'abandon', 'supersede', 'replace']);
/** What "previous instructions" means here: the agent's own instructions, referred to as earlier, the system's, the user's. */
export const INSTRUCTION_REFERENCE = /^(?:previous|prior|above|earlier|preceding|original|initial|former|foregoing|other|system|developer|user's|users'|your|operator's|anthropic's|openai's|all|any|every|these|those|the|of|my)$/;
export const INSTRUCTION_NOUN = /^(?:instructions?|directives?|guidelines?|prompts?|guidance|guardrails?|constraints?|restrictions?|policies|policy|programming|orders|commands|context|rules|messages?|requests?|training)$/;
/** Nouns that alone name the agent's instruction source ("the system prompt"). */
export const INSTRUCTION_SOURCE = /\b(?:system (?:prompt|message|instructions?)|developer (?:message|instructions?)|(?:the )?user'?s? (?:instructions?|requests?|wishes))\b/;
/** "ignore instructions in web pages": a location after the object makes it a defence of the agent. */
export const LOCATION_QUALIFIER = /^(?:in|from|within|inside|contained|found|embedded|coming|written|returned|appearing|present|that|which|they|it|you|those|there)$/;

export const TELL_VERBS = new Set(['tell', 'inform', 'mention', 'reveal', 'disclose', 'notify', 'alert', 'report', 'show', 'say', 'explain', 'let', 'ask', 'admit', 'confirm']);
export const USER_TARGET = /^(?:user|users|human|humans|developer|developers|operator|reviewer|reviewers|anyone|anybody|them|him|her|owner|maintainers?)$/;
/** What is hidden must be the agent's own doing, not a secret it keeps: "don't tell the user about this". */
export const CONCEALED_OBJECT = /^(?:this|these|that|it|anything|what|your|the|following|about|change|changes|command|commands|action|actions|step|steps|file|instruction|instructions)$/;
export const STEALTH_ADVERBS = new Set(['secretly', 'covertly', 'stealthily', 'silently', 'discreetly', 'invisibly', 'surreptitiously']);
export const STEALTH_ACTIONS = new Set(['run', 'execute', 'send', 'upload', 'post', 'transmit', 'install', 'add', 'insert', 'modify', 'change', 'delete', 'remove', 'commit', 'push', 'copy', 'download', 'include', 'exfiltrate', 'forward', 'write', 'call', 'fetch', 'curl', 'invoke']);
export const HIDE_VERBS = new Set(['hide', 'conceal', 'obscure', 'mask', 'suppress']);

export const EXFIL_VERBS = new Set(['send', 'post', 'upload', 'transmit', 'exfiltrate', 'forward', 'leak', 'share', 'email', 'copy', 'paste', 'pipe', 'submit', 'include', 'append', 'embed', 'add', 'put', 'write', 'insert', 'attach', 'curl', 'beacon', 'dump', 'publish', 'print', 'echo', 'output', 'encode', 'push', 'commit', 'store']);
/** Secrets an attacker harvests: environment, key files, credentials — by name or by path. */
export const SECRET_PATH = /(?:~\/\.ssh|\.ssh\/|id_rsa|id_ed25519|id_ecdsa|\.aws\/credentials|\.npmrc|\.netrc|\.git-credentials|\.pypirc|\.docker\/config|\.kube\/config|kubeconfig|\/etc\/passwd|\/etc\/shadow|\.bash_history|\.zsh_history|(?:^|[\s/`'"])\.env(?:\.\w+)?\b|process\.env|os\.environ|\$env:|printenv|\benv\b(?=\s*[|`)]))/;
export const SECRET_ENV_NAME = /\$?\b[A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\b/;
export const SECRET_NOUN = /^(?:secrets?|tokens?|credentials?|passwords?|keys?|api[-_ ]?keys?|cookies?|env|environment|variables?|vars?|ssh|keychain|wallet|mnemonic|seed)$/;
/** Determiners that make a secret noun a harvest ("all tokens", "your API keys") rather than one configured value. */
export const HARVEST = /^(?:all|any|every|each|your|user's|the user's|their|our|my|contents?|values?|full|entire|whole)$/;
/** Where exfiltrated data goes. */
export const EXTERNAL_URL = /\bhttps?:\/\/(?!(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/]|$))[^\s`'")\]]+/i;
export const LEAK_DESTINATION = /\b(?:to|into|in|on|via|through|as)\s+(?:(?:a|an|the|this|that|your|my|our|their|following|new|public|remote|external|attacker'?s?)\s+){0,3}(?:server|endpoint|url|webhook|address|domain|host|site|gist|paste(?:bin)?|commit(?:\s+message)?|pull\s+request|pr(?:\s+description)?|issue|comment|query\s+string|dns|discord|slack|telegram|email)\b/;

export const APPROVAL_FLAGS = /(?:--dangerously-skip-permissions|dangerously-skip-permissions|--dangerously-bypass-approvals-and-sandbox|--yolo\b|yolo mode|bypasspermissions|bypass permissions mode|--full-auto|danger-full-access|--allow-all-tools|chat\.tools\.(?:global\.)?autoapprove|\bauto-?approve\b|\bautoapprove\b|always[- ]allow|--trust-all)/;
export const ENABLE_VERBS = new Set(['enable', 'turn', 'switch', 'use', 'run', 'activate', 'set', 'start', 'launch', 'add', 'pass', 'configure', 'invoke']);
export const DISABLE_VERBS = new Set(['disable', 'bypass', 'skip', 'circumvent', 'deactivate', 'remove', 'turn', 'evade', 'defeat', 'escape', 'break']);
export const SAFETY_OBJECT = /\b(?:sandbox(?:ing|es)?|safety\s+(?:checks?|filters?|guidelines?|measures?|rules?)|guardrails?|security\s+(?:checks?|scans?|scanning|restrictions?|controls?|policies)|approval\s+(?:prompts?|checks?|requests?)|confirmation\s+(?:prompts?|dialogs?|requests?)|permission\s+(?:prompts?|checks?)|content\s+filters?|ai\s+guard|pre-commit\s+hooks?|git\s+hooks|commit\s+hooks|--no-verify)\b/;
export const APPROVAL_NOUN = /^(?:permission|permissions|confirmation|approval|consent|authorization)$/;
export const ALL_TOOLS = /\b(?:any|all|every|each)\s+(?:commands?|tools?|tool\s+calls?|scripts?|actions?|operations?|shell\s+commands?|requests?)\b/;
