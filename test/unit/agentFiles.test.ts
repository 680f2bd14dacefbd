/**
 * Which paths are agent files (checked whole, whatever the scope), which documents the extension
 * hands to the server, and the comment syntax a suppression uses in each kind of text file.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentFileKind } from '../../server/src/analysis/content/agentFiles';
import { commentPrefixForPath, fileKindForDocument } from '../../server/src/analysis/languages';
import { suppressionComment, findSuppressions } from '../../server/src/analysis/suppression';
import { AGENT_FILE_PATTERNS, DOCUMENT_LANGUAGES } from '../../client/src/documentSelector';
import { ROOT } from '../helpers/paths';
import { minimatch } from 'minimatch';

describe('agent files', () => {
  test('instruction, skill, prompt and command files anywhere in a project', () => {
    for (const file of [
      'AGENTS.md', 'pkg/api/AGENTS.md', 'CLAUDE.md', 'CLAUDE.local.md', 'GEMINI.md', '.cursorrules', '.windsurfrules', '.clinerules',
      '.clinerules/testing.md', '.cursor/rules/style.mdc', '.cursor/rules/backend/db.mdc', '.github/copilot-instructions.md',
      '.github/instructions/ts.instructions.md', '.github/prompts/release.prompt.md', '.claude/commands/review.md',
      '.claude/agents/planner.md', '.claude/skills/pdf/SKILL.md', '.claude/skills/pdf/scripts/extract.py', 'skills/pdf/SKILL.md',
      'C:\\work\\repo\\.cursor\\rules\\a.mdc',
    ]) assert.equal(agentFileKind(file), 'instructions', file);
  });

  test('MCP configurations and agent tool settings', () => {
    for (const file of ['.vscode/mcp.json', '.cursor/mcp.json', 'mcp.json', '.mcp.json', 'claude_desktop_config.json']) assert.equal(agentFileKind(file), 'mcp-config', file);
    for (const file of ['.claude/settings.json', '.claude/settings.local.json', '.vscode/settings.json']) assert.equal(agentFileKind(file), 'agent-settings', file);
  });

  test('ordinary files are not agent files', () => {
    for (const file of ['README.md', 'docs/agents.markdown', 'src/agents.ts', 'settings.json', 'rules/style.md', 'skills/pdf/extract.py', '.github/workflows/ci.yml', 'docs/CLAUDE.md.bak']) {
      assert.equal(agentFileKind(file), undefined, file);
    }
  });
});

describe('documents handed to the server', () => {
  test('package.json activates on every language of the document selector', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
    const onLanguage = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    assert.deepEqual([...onLanguage].sort(), [...DOCUMENT_LANGUAGES].sort());
    for (const language of ['markdown', 'plaintext', 'json', 'jsonc', 'yaml', 'toml', 'shellscript', 'dockerfile', 'rust', 'java', 'powershell']) {
      assert.ok(DOCUMENT_LANGUAGES.includes(language), language);
    }
  });

  test('agent files whose editor language is unknown are selected by name', () => {
    for (const pattern of ['**/.cursorrules', '**/*.mdc', '**/mcp.json', '**/SKILL.md', '**/AGENTS.md', '**/.claude/**']) assert.ok(AGENT_FILE_PATTERNS.includes(pattern), pattern);
    // Every agent file the server knows by name is selected by some pattern.
    for (const file of ['SKILL.md', 'AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md', '.github/prompts/x.prompt.md', '.claude/commands/y.md', '.vscode/mcp.json', '.cursor/rules/a.mdc']) {
      assert.ok(agentFileKind(file), file);
      assert.ok(AGENT_FILE_PATTERNS.some((p) => minimatch(file, p, { dot: true })), `a pattern selects ${file}`);
    }
  });

  test('a document kind comes from its grammar, its path, else its editor language', () => {
    assert.equal(fileKindForDocument('typescriptreact', '/x/a.tsx'), 'typescript');
    assert.equal(fileKindForDocument('plaintext', '/x/.cursor/rules/a.mdc'), 'markdown');
    assert.equal(fileKindForDocument('markdown', 'untitled:Untitled-1'), 'markdown');
    assert.equal(fileKindForDocument('shellscript', 'untitled:Untitled-2'), 'shell');
    assert.equal(fileKindForDocument('rust', '/x/src/main.rs'), 'text');
  });
});

describe('suppression comments in text files', () => {
  test('each kind gets a comment syntax it has, and none where the format has no comments', () => {
    const cases: Record<string, string | undefined> = {
      'src/a.ts': '//', 'app/a.py': '#', 'AGENTS.md': '<!--', '.cursor/rules/a.mdc': '<!--', 'ci.yml': '#', 'Cargo.toml': '#', 'run.sh': '#',
      'Dockerfile': '#', 'requirements-dev.txt': '#', 'src/main.rs': '//', 'lib/a.rb': '#', 'mcp.json': undefined, '.vscode/mcp.json': '//',
      'tsconfig.json': '//', 'package.json': undefined, '.cursorrules': undefined, 'notes.txt': undefined,
    };
    for (const [file, prefix] of Object.entries(cases)) assert.equal(commentPrefixForPath(file), prefix, file);
  });

  test('a Markdown suppression is closed on its line, cannot be closed early by its reason, and is recognised', () => {
    const comment = suppressionComment('  Some text', '<!--', 'hidden-unicode-bidi', 'Hebrew quote --> kept on purpose');
    assert.equal(comment, '  <!-- ai-guard-ignore-next-line hidden-unicode-bidi -- Hebrew quote -> kept on purpose -->\n');
    const [found] = findSuppressions(`${comment}  Some text\n`);
    assert.deepEqual(found, { line: 0, appliesTo: 1, ruleIds: ['hidden-unicode-bidi'], reason: 'Hebrew quote -> kept on purpose' });
  });
});
