/**
 * The per-change seam of DocumentStore: every content change reaches the syntax tree and the
 * content-change listeners in order, with offsets measured on the text before that change. The
 * property test checks that a tree kept up to date incrementally always equals a fresh parse —
 * including edits next to surrogate pairs, where UTF-16 offsets matter.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import type { TextChange } from '../../server/src/analysis/types';
import { DocumentStore } from '../../server/src/lsp/documents';
import { sharedEngine } from '../helpers/engine';

const URI = 'file:///work/a.js';

function openStore(text: string) {
  const store = new DocumentStore();
  store.open({ textDocument: { uri: URI, languageId: 'javascript', version: 1, text } });
  return store;
}

describe('DocumentStore', () => {
  test('listeners see each change of one notification in order, against the text before it', () => {
    const store = openStore('const a = 1;\nconst b = 2;\n');
    const seen: TextChange[] = [];
    store.onContentChange((_doc, change) => seen.push(change));
    store.change({
      textDocument: { uri: URI, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, text: '42' },
        // Line 1 starts one code unit later now ("42" replaced "1").
        { range: { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } }, text: 'beta' },
        { text: 'replaced();\n' },
      ],
    });
    assert.deepEqual(seen, [
      { start: 10, end: 11, insertedText: '42', replacedText: '1' },
      { start: 20, end: 21, insertedText: 'beta', replacedText: 'b' },
      { start: 0, end: 30, insertedText: 'replaced();\n', replacedText: 'const a = 42;\nconst beta = 2;\n' },
    ]);
    assert.equal(store.get(URI)?.text, 'replaced();\n');
    assert.equal(store.get(URI)?.version, 2);
  });

  test('a failing listener is reported and does not stop the others or the sync', () => {
    const errors: unknown[] = [];
    const store = new DocumentStore({ onListenerError: (_doc, err) => errors.push(err) });
    store.open({ textDocument: { uri: URI, languageId: 'javascript', version: 1, text: 'x' } });
    const after: string[] = [];
    store.onContentChange(() => {
      throw new Error('listener bug');
    });
    store.onContentChange((_doc, change) => after.push(change.insertedText));
    store.change({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'y' }] });
    assert.equal(errors.length, 1);
    assert.deepEqual(after, ['y']);
    assert.equal(store.get(URI)?.text, 'xy');
  });

  test('closing drops the document and its tree', async () => {
    const engine = await sharedEngine();
    const store = openStore('eval(x);\n');
    const doc = store.get(URI)!;
    doc.syntax = new SyntaxDocument(engine.grammars, 'javascript', doc.text);
    store.close({ textDocument: { uri: URI } });
    assert.equal(store.get(URI), undefined);
    assert.equal(doc.syntax, undefined);
  });

  test('an incrementally edited tree always equals a fresh parse (random edits, emoji included)', async () => {
    const engine = await sharedEngine();
    const pieces = ['const ', 'x', ' = ', '"😀é"', '(', ')', ';', '\n', 'eval(', 'a + b', '{', '}', '`${v}`', '// 中文 ', '\r\n'];
    const editArb = fc.record({ from: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join('')) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 }).map((p) => p.join('')), fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), async (initial, batches) => {
        const store = openStore(initial);
        const doc = store.get(URI)!;
        doc.syntax = new SyntaxDocument(engine.grammars, 'javascript', doc.text);
        try {
          let version = 1;
          for (const batch of batches) {
            const changes: TextDocumentContentChangeEvent[] = [];
            let text = doc.text;
            for (const edit of batch) {
              // Offsets chosen on the text as it will be when this change applies, never inside a surrogate pair.
              const start = snap(text, edit.from % (text.length + 1));
              const end = snap(text, Math.min(text.length, start + edit.length));
              changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: edit.insert });
              text = text.slice(0, start) + edit.insert + text.slice(end);
            }
            store.change({ textDocument: { uri: URI, version: ++version }, contentChanges: changes });
            assert.equal(doc.text, text);
            assert.equal(doc.syntax!.text, text);
            const fresh = new SyntaxDocument(engine.grammars, 'javascript', text);
            try {
              assert.equal(doc.syntax!.tree.rootNode.toString(), fresh.tree.rootNode.toString());
            } finally {
              fresh.dispose();
            }
          }
        } finally {
          store.close({ textDocument: { uri: URI } });
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** Moves an offset out of a surrogate pair or a \r\n pair: an editor position never splits either. */
function snap(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  const splitsPair = (code >= 0xdc00 && code <= 0xdfff) || (code === 0x0a && text[offset - 1] === '\r');
  return offset > 0 && splitsPair ? offset - 1 : offset;
}

/** LSP position of a UTF-16 offset, with \r\n and \n as line breaks (as the editor counts them). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
