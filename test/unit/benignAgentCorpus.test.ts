/**
 * Real agent files from popular public repositories (test/fixtures/agent-files/benign, listed with
 * their sources and licences in SOURCES.md) must produce no hidden-Unicode, prompt-injection or
 * auto-approve finding: ordinary rules ("use pnpm", "run the tests before committing", "never commit
 * secrets") are not attacks. Each file is scanned as the agent file it is (AGENTS.md, a Cursor rule,
 * an MCP config …), so the whole-file agent checks apply.
 *
 * The one exception is `mcp-server-untrusted-source`: an MCP server launched without a version is a
 * true finding wherever it appears. Its findings on the corpus are held to an independent reading of
 * each config (a runner such as npx/uvx, a package spec without an exact version), so the test shows
 * they are exactly the unpinned launches and nothing else.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { sharedEngine } from '../helpers/engine';
import { ROOT } from '../helpers/paths';

const CORPUS = path.join(ROOT, 'test', 'fixtures', 'agent-files', 'benign');

/** Where each kind of file lives in a project (the path the scan sees). */
function agentPath(kind: string, file: string): string {
  const name = path.basename(file).replace(/\.(?:md|cursorrules|json|mdc|sh)$/, '');
  switch (kind) {
    case 'agents-md': return `repo/${name}/AGENTS.md`;
    case 'claude-md': return `repo/${name}/CLAUDE.md`;
    case 'gemini-md': return `repo/${name}/GEMINI.md`;
    case 'cursorrules': return `repo/${name}/.cursorrules`;
    case 'cursor-mdc': return `repo/${name}/.cursor/rules/${name}.mdc`;
    case 'copilot-instructions': return `repo/${name}/.github/copilot-instructions.md`;
    case 'github-instructions': return `repo/${name}/.github/instructions/${name}.md`;
    case 'github-prompts': return `repo/${name}/.github/prompts/${name}.md`;
    case 'skill-md': return file.endsWith('.sh') ? `repo/${name}/.claude/skills/${name}/script.sh` : `repo/${name}/.claude/skills/${name}/SKILL.md`;
    case 'claude-commands': return `repo/${name}/.claude/commands/${name}.md`;
    case 'windsurf-cline': return name.includes('cline') ? `repo/${name}/.clinerules` : `repo/${name}/.windsurfrules`;
    case 'mcp-config': return name.includes('vscode') ? `repo/${name}/.vscode/mcp.json` : `repo/${name}/.mcp.json`;
    case 'agent-settings': return name.includes('vscode') ? `repo/${name}/.vscode/settings.json` : `repo/${name}/.claude/settings.json`;
    default: throw new Error(`Unknown corpus kind ${kind}`);
  }
}

function corpusFiles(): Array<{ kind: string; file: string }> {
  return fs.readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(CORPUS, d.name)).map((f) => ({ kind: d.name, file: path.join(CORPUS, d.name, f) })));
}

/** Unpinned launches by an independent reading: runner + first package argument without an exact version. */
function unpinnedLaunches(text: string): string[] {
  const config = parseJsonc(text) as Record<string, Record<string, { command?: string; args?: string[] }>> | undefined;
  const servers = { ...(config?.mcpServers ?? {}), ...(config?.servers ?? {}) };
  const out: string[] = [];
  for (const [name, server] of Object.entries(servers)) {
    if (!server.command || !['npx', 'uvx', 'bunx'].includes(server.command)) continue;
    const spec = (server.args ?? []).find((a) => !a.startsWith('-'));
    if (spec && !/@\d+\.\d+\.\d+$|==\d/.test(spec)) out.push(`${name}:${spec}`);
  }
  return out;
}

describe('benign agent-file corpus', async () => {
  const engine = await sharedEngine();
  const files = corpusFiles();

  test('holds at least 60 real files of every kind of agent file', () => {
    assert.ok(files.length >= 60, `only ${files.length} files`);
    const kinds = new Set(files.map((f) => f.kind));
    for (const kind of ['agents-md', 'claude-md', 'cursorrules', 'cursor-mdc', 'copilot-instructions', 'skill-md', 'mcp-config']) assert.ok(kinds.has(kind), kind);
    const sources = fs.readFileSync(path.join(CORPUS, '..', 'SOURCES.md'), 'utf8');
    for (const { kind, file } of files) assert.ok(sources.includes(`${kind}/${path.basename(file)}`), `SOURCES.md lists ${kind}/${path.basename(file)}`);
  });

  for (const { kind, file } of files) {
    test(`${kind}/${path.basename(file)} has no finding`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const findings = engine.scanText(agentPath(kind, file), text);
      const unexpected = findings.filter((f) => f.ruleId !== 'mcp-server-untrusted-source');
      assert.deepEqual(unexpected.map((f) => `${f.ruleId} at ${f.range.start.line + 1}: ${f.message}`), []);
      const unpinned = findings.filter((f) => f.ruleId === 'mcp-server-untrusted-source' && /runs the \w+ package/.test(f.message));
      assert.equal(unpinned.length, findings.length - unexpected.length, 'only unpinned launches, no URL sources or plain HTTP');
      if (kind === 'mcp-config') assert.equal(unpinned.length, unpinnedLaunches(text).length, `unpinned launches: ${unpinnedLaunches(text).join(', ')}`);
    });
  }
});
