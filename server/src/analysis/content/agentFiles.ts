/**
 * Which files coding agents read as instructions or configuration. They are where one injected line
 * steers an agent, so every front door checks them whole, whenever they change and whoever changed
 * them, not only inside AI regions. Path-based only (no file system), so the editor, the CLI and the
 * gate agree on the same file without reading anything else.
 *
 * - `instructions`: rule and memory files (AGENTS.md, CLAUDE.md, .cursorrules, .cursor/rules/*.mdc,
 *   .github/copilot-instructions.md, …), prompt and command files, skills (SKILL.md and the files
 *   of a skill folder).
 * - `mcp-config`: MCP server lists (.vscode/mcp.json, .cursor/mcp.json, .mcp.json, claude_desktop_config.json, …).
 * - `agent-settings`: tool settings that decide what an agent may do without asking
 *   (.claude/settings.json, .vscode/settings.json, .gemini/settings.json).
 */
export type AgentFileKind = 'instructions' | 'mcp-config' | 'agent-settings';

/** File names that are agent instructions wherever they are (compared in lower case). */
const INSTRUCTION_NAMES = new Set([
  'agents.md', 'agent.md', 'claude.md', 'claude.local.md', 'gemini.md', 'skill.md', 'copilot-instructions.md',
  '.cursorrules', '.windsurfrules', '.clinerules', '.roorules', '.goosehints', '.rules',
]);

/** Folders whose files are all agent instructions: (parent folder, folder) pairs, `*` for any parent. */
const INSTRUCTION_FOLDERS: ReadonlyArray<readonly [string, string]> = [
  ['.cursor', 'rules'], ['.windsurf', 'rules'], ['.windsurf', 'workflows'], ['*', '.clinerules'], ['.roo', 'rules'],
  ['.github', 'instructions'], ['.github', 'prompts'], ['.github', 'chatmodes'], ['.github', 'agents'],
  ['.claude', 'commands'], ['.claude', 'agents'], ['.claude', 'skills'], ['.codex', 'prompts'], ['.codex', 'skills'],
  ['.gemini', 'commands'], ['.agents', 'skills'], ['.cursor', 'commands'], ['.amazonq', 'rules'],
];

const MCP_CONFIG_NAMES = new Set(['mcp.json', '.mcp.json', 'claude_desktop_config.json', 'mcp_config.json', 'cline_mcp_settings.json', 'mcp_settings.json']);

/** Settings files of agent tools, by (folder, name). */
const AGENT_SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['.claude', 'settings.json'], ['.claude', 'settings.local.json'], ['.vscode', 'settings.json'], ['.gemini', 'settings.json'],
];

export function agentFileKind(filePath: string): AgentFileKind | undefined {
  const parts = filePath.replace(/\\/g, '/').split('/').filter(Boolean).map((p) => p.toLowerCase());
  const name = parts[parts.length - 1];
  if (!name) return undefined;
  const folder = parts[parts.length - 2];
  if (MCP_CONFIG_NAMES.has(name)) return 'mcp-config';
  if (AGENT_SETTINGS.some(([dir, file]) => dir === folder && file === name)) return 'agent-settings';
  if (INSTRUCTION_NAMES.has(name)) return 'instructions';
  for (let i = 0; i < parts.length - 1; i++) {
    if (INSTRUCTION_FOLDERS.some(([parent, dir]) => dir === parts[i] && (parent === '*' || parent === parts[i - 1]))) return 'instructions';
  }
  // A skill folder elsewhere (`skills/<name>/SKILL.md`) is known by its SKILL.md alone: its other
  // files cannot be told from any project's `skills/` folder by their path.
  return undefined;
}

export function isAgentFile(filePath: string): boolean {
  return agentFileKind(filePath) !== undefined;
}
