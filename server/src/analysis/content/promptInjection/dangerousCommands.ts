/**
 * Download-and-execute, decode-and-execute and exfiltration commands in what an agent runs on its
 * own say-so: agent files (fenced and inline code included: a command in a fence of AGENTS.md is one
 * the agent will run), shell scripts of skill folders, the command lines of MCP servers.
 */
import type { TextCheck, TextCheckReport } from '../../checks/checkTypes';
import { agentFileKind } from '../agentFiles';
import { printable } from '../hiddenUnicode/decode';
import { mcpServers } from '../mcp/mcpConfig';
import { isInstructionDocument } from './instructions';
import { parseAgentDocument } from './markdown';
import { SHELL_DANGER_WORDS, shellDangers, type ShellParse } from './shellDanger';

const SHELL_FENCES = new Set(['', 'inline', 'bash', 'sh', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'powershell', 'ps1', 'pwsh', 'ps', 'cmd', 'bat', 'text', 'txt', 'plaintext']);
/** A fence presented as an attack sample ("a malicious rule looks like this:") is a mention. */
const ATTACK_LEAD = /\b(?:malicious|attack(?:er|s)?|injection|payloads?|never run|do not run|don't run)\b/i;

export const promptInjectionDangerousCommand: TextCheck = function* (ctx) {
  const { text, filePath, kind, withShellTree } = ctx;
  const agentKind = agentFileKind(filePath);
  if (!agentKind || !SHELL_DANGER_WORDS.test(text)) return;
  if (agentKind === 'mcp-config') {
    // `bash -c "curl … | sh"`: each word that holds shell syntax is a script of its own.
    for (const server of mcpServers(text)) {
      for (const word of [server.command, ...server.args]) if (word) yield* reports(word.value, word.start, withShellTree);
    }
    return;
  }
  if (kind === 'shell') {
    yield* reports(text, 0, withShellTree);
    return;
  }
  if (!isInstructionDocument(ctx)) return;
  const doc = parseAgentDocument(text);
  for (const code of doc.code) {
    if (!SHELL_FENCES.has(code.lang) || (code.example && ATTACK_LEAD.test(text.slice(Math.max(0, code.start - 300), code.start)))) continue;
    yield* reports(code.text, code.start, withShellTree);
  }
  for (const part of doc.hidden) yield* reports(part.text, part.start, withShellTree);
  // Commands written as plain prose ("Run curl … | sh first").
  for (const m of doc.prose.matchAll(/\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|base64|echo)\b[^\n]*[|<(][^\n]*/gi)) {
    yield* reports(m[0], m.index ?? 0, withShellTree);
  }
};

function* reports(command: string, base: number, parse: ShellParse | undefined): Iterable<TextCheckReport> {
  const at = (i: number) => base + i;
  for (const danger of shellDangers(command, parse)) {
    yield {
      span: { startIndex: at(danger.start), endIndex: at(Math.max(danger.start + 1, danger.end)) },
      messageId: danger.kind,
      vars: { command: printable(command.slice(danger.start, danger.end).trim(), 140), source: danger.source },
    };
  }
}
