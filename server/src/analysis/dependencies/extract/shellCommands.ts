/**
 * Simple commands of a shell script, parsed with tree-sitter's bash grammar (never with patterns
 * over the text): each command as its words, each word with its literal value and its span in the
 * file. Words that are not literal (`$PKG`, `$(…)`, mixed quoting) keep their place but no value,
 * so an install command never reads a package name out of a variable.
 */
import type { Node } from 'web-tree-sitter';
import type { WithShellTree } from '../../checks/checkTypes';
import type { OffsetSpan } from '../../types';
import { fileSpanOf, type EmbeddedScript } from './embedded';

export interface ShellWord {
  /** The word as the shell passes it to the program; undefined when it is not a literal. */
  value?: string;
  /** File span of the value (inside the quotes), when the word is literal. */
  span?: OffsetSpan;
}

export interface ShellCommand {
  words: ShellWord[];
  /** File span of the whole command, when it lies in one piece of the script. */
  span?: OffsetSpan;
}

/** A script over this size is not parsed: install commands sit in ordinary scripts, not megabytes of shell. */
const MAX_SCRIPT_CHARS = 256 * 1024;

export function shellCommands(withShellTree: WithShellTree, script: EmbeddedScript): ShellCommand[] {
  if (script.text.length > MAX_SCRIPT_CHARS) return [];
  return withShellTree(script.text, (tree) => {
    const out: ShellCommand[] = [];
    const stack: Node[] = [tree.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'command') out.push(commandOf(node, script));
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
    return out.sort((a, b) => (a.span?.startIndex ?? 0) - (b.span?.startIndex ?? 0));
  }) ?? [];
}

function commandOf(node: Node, script: EmbeddedScript): ShellCommand {
  const words: ShellWord[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'variable_assignment' || child.type === 'file_redirect' || child.type === 'herestring_redirect') continue;
    const word = child.type === 'command_name' ? child.namedChild(0) : child;
    if (word) words.push(wordOf(word, script));
  }
  return { words, span: fileSpanOf(script, { startIndex: node.startIndex, endIndex: node.endIndex }) };
}

function wordOf(node: Node, script: EmbeddedScript): ShellWord {
  let inner: OffsetSpan | undefined;
  let value: string | undefined;
  if (node.type === 'word' && !node.text.includes('\\')) {
    inner = { startIndex: node.startIndex, endIndex: node.endIndex };
    value = node.text;
  } else if (node.type === 'raw_string') {
    inner = { startIndex: node.startIndex + 1, endIndex: node.endIndex - 1 };
    value = node.text.slice(1, -1);
  } else if (node.type === 'string' && node.namedChildCount <= 1 && (node.namedChildCount === 0 || node.namedChild(0)?.type === 'string_content')) {
    const content = node.text.slice(1, -1);
    if (!content.includes('\\')) {
      inner = { startIndex: node.startIndex + 1, endIndex: node.endIndex - 1 };
      value = content;
    }
  } else if (node.type === 'number') {
    inner = { startIndex: node.startIndex, endIndex: node.endIndex };
    value = node.text;
  }
  if (!inner || value === undefined) return {};
  const span = fileSpanOf(script, inner);
  return span ? { value, span } : { value };
}
