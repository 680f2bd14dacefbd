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

/** VS Code language ids of the text kinds (for documents whose path says nothing, e.g. untitled ones). */
const EDITOR_TEXT_KINDS: Record<string, TextFileKind> = {
  markdown: 'markdown', json: 'json', jsonc: 'json', yaml: 'yaml', toml: 'toml',
  shellscript: 'shell', dockerfile: 'dockerfile', plaintext: 'text',
};

/** The kind of an open document: its grammar's language, else the editor's language id, else its path. */
export function fileKindForDocument(languageId: string, filePath: string): FileKind {
  const grammar = grammarForEditorLanguage(languageId);
  if (grammar) return ruleLanguageOf(grammar);
  const byPath = fileKindForPath(filePath);
  return byPath !== 'text' ? byPath : EDITOR_TEXT_KINDS[languageId] ?? 'text';
}

/** Extensions of source files whose line comments start with `#` (other source takes `//`). */
const HASH_COMMENT_EXTENSIONS = new Set(['.rb', '.pl', '.pm', '.r', '.ps1', '.psm1', '.tf', '.hcl', '.nix', '.ex', '.exs', '.cfg', '.ini', '.conf', '.properties', '.mk', '.cmake']);
const SLASH_COMMENT_EXTENSIONS = new Set(['.rs', '.java', '.kt', '.kts', '.scala', '.swift', '.c', '.h', '.cc', '.cpp', '.hpp', '.cs', '.dart', '.php', '.zig', '.groovy', '.gradle', '.proto', '.jsonc', '.json5', '.d.ts']);
const HASH_COMMENT_NAMES = new Set(['makefile', 'gemfile', 'rakefile', 'procfile', '.gitignore', '.dockerignore', '.npmrc', '.env', 'codeowners']);

/**
 * How a line comment starts in the file at `filePath`, for the "Ignore … here" comment: `#`, `//`
 * or `<!--` (Markdown, closed by `-->`); undefined where the format has no comments (JSON,
 * plain text of unknown shape), so no suppression comment can break the file.
 */
export function commentPrefixForPath(filePath: string, kind: FileKind = fileKindForPath(filePath)): string | undefined {
  switch (kind) {
    case 'javascript': case 'typescript': case 'go': return '//';
    case 'python': case 'yaml': case 'toml': case 'shell': case 'dockerfile': return '#';
    case 'markdown': return '<!--';
    case 'json': return /\.jsonc$|\.json5$|(?:^|[\\/])\.vscode[\\/][^\\/]*\.json$|tsconfig[^\\/]*\.json$/i.test(filePath) ? '//' : undefined;
    default: {
      const base = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1).toLowerCase();
      if (HASH_COMMENT_NAMES.has(base) || /^requirements.*\.(?:txt|in)$/.test(base)) return '#';
      const ext = base.endsWith('.d.ts') ? '.d.ts' : base.slice(base.lastIndexOf('.'));
      if (base.lastIndexOf('.') > 0 && SLASH_COMMENT_EXTENSIONS.has(ext)) return '//';
      if (base.lastIndexOf('.') > 0 && HASH_COMMENT_EXTENSIONS.has(ext)) return '#';
      return undefined;
    }
  }
}
