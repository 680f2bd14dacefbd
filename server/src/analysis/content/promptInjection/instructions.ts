/**
 * Injected instructions in what agents read as instructions: the prose of agent files (rules,
 * memories, skills, prompts, commands) and the comments and strings of AI-written code. Each
 * finding names what the instruction would make the agent do (intent.ts). Hidden places — HTML
 * comments, collapsed <details>, link titles, hidden elements, base64/hex blobs that decode to an
 * instruction — are a rule of their own: a person reviewing the rendered file cannot see them.
 */
import type { Node } from 'web-tree-sitter';
import type { TextCheck, TextCheckContext, TextCheckReport } from '../../checks/checkTypes';
import { agentFileKind } from '../agentFiles';
import { printable } from '../hiddenUnicode/decode';
import { encodedInstructions } from './encodedBlobs';
import { effectsText, findIntents, type Intent } from './intent';
import { parseAgentDocument, type HiddenHow } from './markdown';

/** Agent files read as prose: Markdown and plain-text rule files (.cursorrules, .clinerules …). */
export function isInstructionDocument(ctx: Pick<TextCheckContext, 'filePath' | 'kind'>): boolean {
  return agentFileKind(ctx.filePath) === 'instructions' && (ctx.kind === 'markdown' || ctx.kind === 'text');
}

/** A cheap pre-check: the words every action of the grammar needs one of. */
const ANY_ACTION_WORD = /ignore|disregard|forget|overrid|overrul|bypass|discard|supersede|follow|obey|tell|inform|mention|reveal|disclose|notify|secret|covert|stealth|silent|hide|conceal|send|post|upload|transmit|exfiltrat|forward|leak|share|email|include|append|embed|commit|approv|allow|yolo|dangerously|full-auto|sandbox|guardrail|safety|hooks|permission|confirm/i;

function intentReport(intent: Intent, offset: number, messageId: string, extra: Record<string, string> = {}): TextCheckReport {
  return {
    span: { startIndex: offset + intent.start, endIndex: offset + intent.end },
    messageId,
    vars: { effect: effectsText(intent.actions), quote: printable(intent.clause, 160), ...extra },
  };
}

export const promptInjectionInstruction: TextCheck = function* (ctx) {
  const { text, syntax, spans } = ctx;
  if (!ANY_ACTION_WORD.test(text)) return;
  if (isInstructionDocument(ctx)) {
    const doc = parseAgentDocument(text);
    for (const intent of findIntents(doc.prose)) yield intentReport(intent, 0, intent.action);
    return;
  }
  // Code: the comments and strings of the parts in scope (AI regions by default).
  if (!syntax) return;
  for (const node of textNodes(syntax.tree.rootNode, spans)) {
    const body = node.text;
    if (!ANY_ACTION_WORD.test(body)) continue;
    for (const intent of findIntents(body)) yield intentReport(intent, node.startIndex, intent.action);
  }
};

const HIDDEN_MESSAGE: Record<HiddenHow, string> = {
  'html-comment': 'htmlComment', details: 'details', 'link-title': 'linkTitle', 'hidden-html': 'hiddenHtml',
};

export const promptInjectionHiddenInstruction: TextCheck = function* (ctx): Generator<TextCheckReport> {
  if (!isInstructionDocument(ctx)) return;
  const { text } = ctx;
  const doc = parseAgentDocument(text);
  for (const part of doc.hidden) {
    const intents = findIntents(part.text);
    if (intents.length === 0) continue;
    const effects = effectsText([...new Set(intents.flatMap((i) => i.actions))]);
    yield { ...intentReport(intents[0], part.start, HIDDEN_MESSAGE[part.how]), vars: { effect: effects, quote: printable(intents[0].clause, 160) } };
  }
  for (const found of encodedInstructions(text)) {
    yield { span: found.span, messageId: 'encoded', vars: { effect: found.effect, quote: printable(found.decoded, 160), encoding: found.encoding } };
  }
};

const COMMENT_OR_STRING = /comment|^string$|^string_content$|^template_string$|^string_fragment$|^interpreted_string_literal$|^raw_string_literal$/;

/** Comment and string nodes intersecting `spans` (all of them without spans); strings that are list items are data. */
function textNodes(root: Node, spans: TextCheckContext['spans']): Node[] {
  const out: Node[] = [];
  const ranges = spans ?? [{ startIndex: root.startIndex, endIndex: root.endIndex }];
  const visit = (node: Node) => {
    if (!ranges.some((s) => node.startIndex < s.endIndex && node.endIndex > s.startIndex)) return;
    if (COMMENT_OR_STRING.test(node.type)) {
      const container = node.parent?.type ?? '';
      if (!/^(?:array|list|set|tuple|expression_list|literal_value)$/.test(container)) out.push(node);
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return out;
}
