/**
 * Quick fixes for AI Guard's own diagnostics: the rule's fix (a versioned edit, so it is refused
 * rather than misapplied if the document moved on) and "Ignore <rule> here…", which the client
 * completes by asking the person for a reason.
 */
import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range, type TextDocumentEdit } from 'vscode-languageserver/node';
import type { Fix } from '../analysis/types';
import { aiGuardData } from './diagnostics';
import { commandId, type SuppressFindingArgs } from './protocol';

export interface CodeActionDocument {
  uri: string;
  /**
   * Version the diagnostics were computed for. Fix edits are tied to it: if the text changed since,
   * the client refuses the edit instead of applying it at stale positions.
   */
  diagnosticsVersion: number;
  /** `//`, `#` or `<!--`; undefined where the file has no comments (JSON), so no "Ignore" action is offered. */
  commentPrefix: string | undefined;
}

export function codeActionsFor(params: CodeActionParams, doc: CodeActionDocument): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) {
    return [];
  }
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const data = aiGuardData(diagnostic);
    if (!data || !intersects(diagnostic.range, params.range)) continue;
    (data.fixes ?? []).forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0,
        edit: { documentChanges: documentChanges(fix, doc) },
      });
    });
    if (doc.commentPrefix === undefined) continue;
    const args: SuppressFindingArgs = { uri: doc.uri, line: diagnostic.range.start.line, ruleId: data.ruleId, commentPrefix: doc.commentPrefix };
    const title = `Ignore ${data.ruleId} here…`;
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title, command: commandId('suppressFinding'), arguments: [args] },
    });
  }
  return actions;
}

/**
 * The edits of a fix: the document's own at the diagnostics' version; other files (a manifest that
 * names the same package) unversioned, since the server does not track their text.
 */
function documentChanges(fix: Fix, doc: CodeActionDocument): TextDocumentEdit[] {
  return [
    { textDocument: { uri: doc.uri, version: doc.diagnosticsVersion }, edits: fix.edits },
    ...(fix.otherFiles ?? []).map((other) => ({ textDocument: { uri: pathToFileURL(other.filePath).href, version: null }, edits: other.edits })),
  ];
}

/** Touching ranges count: a cursor at the end of a squiggle still asks for its fixes. */
function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}
