/**
 * The languages the engine parses, the kinds of text file it reads, and how file names and editor
 * language ids map onto them. A query rule says `javascript` / `typescript` / `python` / `go`; a
 * document with a grammar is parsed with one. Every other text file still has a kind (Markdown,
 * JSON, YAML, …), which text rules (rules without a query) select with their `languages`.
 */
export type GrammarId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'go';
/** Languages a query rule can target (TSX answers to `typescript`). */
export type RuleLanguage = 'javascript' | 'typescript' | 'python' | 'go';
/** Kinds of text file without a grammar of ours. `text` is any other text file (source of other languages included). */
export type TextFileKind = 'markdown' | 'json' | 'yaml' | 'toml' | 'shell' | 'dockerfile' | 'text';
/** What a file is, for selecting rules: a rule language, or a text-file kind. */
export type FileKind = RuleLanguage | TextFileKind;
/** What a text rule's `languages` may list: file kinds, or `any` for every text file. */
export type TextRuleLanguage = FileKind | 'any';

export const GRAMMARS: readonly GrammarId[] = ['javascript', 'typescript', 'tsx', 'python', 'go'];
export const RULE_LANGUAGES: readonly RuleLanguage[] = ['javascript', 'typescript', 'python', 'go'];
export const TEXT_FILE_KINDS: readonly TextFileKind[] = ['markdown', 'json', 'yaml', 'toml', 'shell', 'dockerfile', 'text'];

const EXTENSIONS: Record<string, GrammarId> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python', '.pyw': 'python',
  '.go': 'go',
};

/** VS Code language ids (TextDocument.languageId) to grammars. */
const EDITOR_LANGUAGE_IDS: Record<string, GrammarId> = {
  javascript: 'javascript', javascriptreact: 'javascript',
  typescript: 'typescript', typescriptreact: 'tsx',
  python: 'python', go: 'go',
};

export function grammarForPath(filePath: string): GrammarId | undefined {
  if (filePath.endsWith('.d.ts')) return undefined; // declarations carry no behaviour
  const dot = filePath.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[filePath.slice(dot).toLowerCase()];
}

export function grammarForEditorLanguage(languageId: string): GrammarId | undefined {
  return EDITOR_LANGUAGE_IDS[languageId];
}

const TEXT_EXTENSIONS: Record<string, TextFileKind> = {
  '.md': 'markdown', '.markdown': 'markdown', '.mdc': 'markdown', '.mdx': 'markdown',
  '.json': 'json', '.jsonc': 'json', '.json5': 'json',
  '.yaml': 'yaml', '.yml': 'yaml',
  '.toml': 'toml',
  '.sh': 'shell', '.bash': 'shell', '.zsh': 'shell', '.ksh': 'shell',
  '.dockerfile': 'dockerfile',
};

/** File names whose kind their extension does not tell. */
const TEXT_FILE_NAMES: Record<string, TextFileKind> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile',
  '.bashrc': 'shell', '.profile': 'shell', '.zshrc': 'shell',
};

/**
 * The kind of a file from its path: a rule language when we have a grammar, else a text kind
 * (`text` for everything else, e.g. `.cursorrules`, `requirements.txt`, `main.rs`). Whether the
 * bytes really are text is decided when they are read (files.ts), not here.
 */
export function fileKindForPath(filePath: string): FileKind {
  const grammar = grammarForPath(filePath);
  if (grammar) return ruleLanguageOf(grammar);
  const base = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1).toLowerCase();
  const named = TEXT_FILE_NAMES[base] ?? (base.startsWith('dockerfile.') || base.endsWith('.dockerfile') ? 'dockerfile' : undefined);
  if (named) return named;
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? TEXT_EXTENSIONS[base.slice(dot)] : undefined) ?? 'text';
}

/** True when a text rule that lists `languages` applies to a file of `kind`. */
export function textRuleApplies(languages: readonly TextRuleLanguage[], kind: FileKind): boolean {
  return languages.includes('any') || languages.includes(kind);
}

/** Which rule language a grammar's documents answer to. TSX is TypeScript for rule purposes. */
export function ruleLanguageOf(grammar: GrammarId): RuleLanguage {
  return grammar === 'tsx' ? 'typescript' : grammar;
}

/** The family decides which comment syntax and which data-flow helpers apply. */
export type LanguageFamily = 'js' | 'python' | 'go';
export function familyOf(grammar: GrammarId): LanguageFamily {
  if (grammar === 'python') return 'python';
  if (grammar === 'go') return 'go';
  return 'js';
}

export function lineCommentPrefix(grammar: GrammarId): string {
  return grammar === 'python' ? '#' : '//';
}
