/**
 * Settings that let an agent act without asking: VS Code's `chat.tools.autoApprove` (written by a
 * prompt-injected Copilot to gain code execution, CVE-2025-53773), Claude Code's
 * `bypassPermissions` mode or an unrestricted `Bash` allow rule, MCP entries with `autoApprove` /
 * `alwaysAllow` tool lists or `trust: true`. With these, one injected instruction runs with no
 * person in the loop.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextCheck, TextCheckReport } from '../../checks/checkTypes';
import { agentFileKind } from '../agentFiles';
import { mcpServers } from './mcpConfig';

function spanOf(node: JsonNode) {
  return { startIndex: node.offset, endIndex: node.offset + node.length };
}

export const agentConfigAutoApprove: TextCheck = function* ({ text, filePath }) {
  const kind = agentFileKind(filePath);
  if (kind !== 'agent-settings' && kind !== 'mcp-config') return;
  if (!/approve|allow|bypass|trust|yolo/i.test(text)) return;
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return;
  yield* settingsFindings(root);
  for (const server of mcpServers(text)) {
    for (const key of ['autoApprove', 'alwaysAllow']) {
      const list = server.properties.get(key);
      if (list?.type === 'array' && (list.children?.length ?? 0) > 0) {
        yield { span: spanOf(list), messageId: 'mcpTools', vars: { setting: key, server: server.name, count: String(list.children?.length ?? 0) } };
      }
    }
    const trust = server.properties.get('trust');
    if (trust?.value === true) yield { span: spanOf(trust), messageId: 'mcpTools', vars: { setting: 'trust', server: server.name, count: 'all' } };
  }
};

function* settingsFindings(root: JsonNode): Iterable<TextCheckReport> {
  for (const key of ['chat.tools.autoApprove', 'chat.tools.global.autoApprove']) {
    const node = findNodeAtLocation(root, [key]);
    if (node?.value === true) yield { span: spanOf(node), messageId: 'vscode', vars: { setting: key } };
  }
  const mode = findNodeAtLocation(root, ['permissions', 'defaultMode']);
  if (mode?.value === 'bypassPermissions') yield { span: spanOf(mode), messageId: 'claudeMode', vars: { setting: 'permissions.defaultMode' } };
  const allow = findNodeAtLocation(root, ['permissions', 'allow']);
  for (const rule of allow?.type === 'array' ? allow.children ?? [] : []) {
    if (typeof rule.value === 'string' && /^Bash(?:\((?:\*|\*:\*|:\*)\))?$/.test(rule.value.trim())) {
      yield { span: spanOf(rule), messageId: 'claudeBash', vars: { setting: rule.value } };
    }
  }
}
