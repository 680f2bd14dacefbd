/**
 * The languages the engine parses, and how file names and editor language ids map onto them.
 * A rule says `javascript` / `typescript` / `python` / `go`; a document is parsed with one grammar.
 */
export type GrammarId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'go';
export type RuleLanguage = 'javascript' | 'typescript' | 'python' | 'go';

export const GRAMMARS: readonly GrammarId[] = ['javascript', 'typescript', 'tsx', 'python', 'go'];
export const RULE_LANGUAGES: readonly RuleLanguage[] = ['javascript', 'typescript', 'python', 'go'];

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
