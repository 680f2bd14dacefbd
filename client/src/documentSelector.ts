/**
 * Which documents the client hands to the server: every text document a coding agent may read or
 * write, by VS Code language id — code of every language (JS/TS/Python/Go are parsed; the others get
 * the text rules), Markdown, plain text, JSON/JSONC, YAML, TOML, shell, Dockerfiles … — plus agent
 * instruction files and MCP configs by name, whatever language an editor gives them (`.mdc` and
 * `.cursorrules` have none of their own). No `vscode` import, so a unit test can hold package.json's
 * `activationEvents` to the same list.
 */

/** Language ids of VS Code's own languages and of the common language extensions. */
export const DOCUMENT_LANGUAGES: readonly string[] = [
  // parsed by AI Guard
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go',
  // prose and configuration (VS Code gives the agent files of Copilot and Claude languages of their own)
  'markdown', 'mdx', 'skill', 'prompt', 'instructions', 'chatmode', 'plaintext', 'json', 'jsonc', 'json5', 'jsonl', 'yaml', 'toml', 'ini', 'properties', 'xml', 'dotenv',
  'dockerfile', 'dockercompose', 'makefile', 'shellscript', 'powershell', 'bat', 'github-actions-workflow', 'restructuredtext',
  'terraform', 'hcl', 'nix',
  // source of other languages
  'c', 'cpp', 'cuda-cpp', 'csharp', 'objective-c', 'objective-cpp', 'java', 'kotlin', 'scala', 'groovy', 'rust', 'swift', 'dart',
  'ruby', 'php', 'perl', 'raku', 'lua', 'r', 'julia', 'fsharp', 'vb', 'clojure', 'coffeescript', 'elixir', 'erlang', 'haskell',
  'ocaml', 'zig', 'nim', 'solidity', 'sql', 'graphql', 'proto3', 'prisma',
  // markup and templates
  'html', 'css', 'scss', 'less', 'vue', 'svelte', 'astro', 'handlebars', 'jade', 'razor', 'jinja', 'django-html', 'latex', 'tex',
];

/**
 * Agent files (server/src/analysis/content/agentFiles.ts) by name, whatever language id an editor or
 * an extension gives them (`plaintext`, `skill`, none …).
 */
export const AGENT_FILE_PATTERNS: readonly string[] = [
  '**/AGENTS.md', '**/AGENT.md', '**/CLAUDE.md', '**/CLAUDE.local.md', '**/GEMINI.md', '**/SKILL.md', '**/copilot-instructions.md',
  '**/.cursorrules', '**/.windsurfrules', '**/.clinerules', '**/.clinerules/**', '**/.roorules', '**/.goosehints', '**/*.mdc',
  '**/.cursor/rules/**', '**/.windsurf/**', '**/.roo/**', '**/.github/instructions/**', '**/.github/prompts/**',
  '**/.github/chatmodes/**', '**/.github/agents/**', '**/.claude/**', '**/.codex/**', '**/.gemini/**', '**/.agents/**',
  '**/mcp.json', '**/.mcp.json', '**/claude_desktop_config.json', '**/mcp_config.json', '**/.vscode/settings.json',
];

export const DOCUMENT_SELECTOR = [
  ...['file', 'untitled'].flatMap((scheme) => DOCUMENT_LANGUAGES.map((language) => ({ scheme, language }))),
  ...AGENT_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  // The server checks edits of the project configuration too: an AI edit that weakens it is a finding.
  { scheme: 'file', pattern: '**/.aiguard.json' },
];
