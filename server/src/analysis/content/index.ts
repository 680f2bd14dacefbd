/** The text checks of content/ (hidden Unicode, prompt injection, MCP configs), by the names rule files use. */
import type { TextCheck } from '../checks/checkTypes';
import { hiddenUnicodeBidi } from './hiddenUnicode/bidiControls';
import { hiddenUnicodeConfusable } from './hiddenUnicode/confusables';
import { hiddenUnicodeInvisible } from './hiddenUnicode/invisibleCharacters';
import { hiddenUnicodeTagCharacters, hiddenUnicodeVariationSelectors } from './hiddenUnicode/smuggledText';
import { agentConfigAutoApprove } from './mcp/autoApprove';
import { mcpServerInlineSecret, mcpServerUntrustedSource } from './mcp/mcpChecks';
import { promptInjectionDangerousCommand } from './promptInjection/dangerousCommands';
import { promptInjectionHiddenInstruction, promptInjectionInstruction } from './promptInjection/instructions';

export const contentChecks: Record<string, TextCheck> = {
  hiddenUnicodeBidi,
  hiddenUnicodeInvisible,
  hiddenUnicodeTagCharacters,
  hiddenUnicodeVariationSelectors,
  hiddenUnicodeConfusable,
  promptInjectionInstruction,
  promptInjectionHiddenInstruction,
  promptInjectionDangerousCommand,
  mcpServerUntrustedSource,
  mcpServerInlineSecret,
  agentConfigAutoApprove,
};
