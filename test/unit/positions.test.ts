/**
 * positions.ts against the reference: vscode-languageserver-textdocument implements LSP's position
 * rules (`\n`, `\r\n` and a lone `\r` end a line), so LineIndex must agree with it on any text.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, fromReportLine, toReportLine, treeSitterPointAt } from '../../server/src/analysis/positions';
import { sharedEngine } from '../helpers/engine';

/** Texts rich in line breaks of every kind, astral characters and combining marks. */
const tricky = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '😀', 'e\u0301', '\t', '日'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('LineIndex follows LSP line breaks', () => {
  test('positionAt and offsetAt agree with vscode-languageserver-textdocument on any text', () => {
    fc.assert(fc.property(tricky, fc.nat(), (text, n) => {
      const reference = TextDocument.create('file:///x', 'plaintext', 1, text);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, reference.lineCount);
      const offset = text.length === 0 ? 0 : n % (text.length + 1);
      const position = index.positionAt(offset);
      assert.deepEqual(position, reference.positionAt(offset));
      assert.equal(index.offsetAt(position), reference.offsetAt(position));
    }), { numRuns: 2000 });
  });

  test('a character past the end of a line stops before its line break, as LSP says', () => {
    fc.assert(fc.property(tricky, fc.nat({ max: 20 }), fc.nat({ max: 80 }), (text, line, character) => {
      const reference = TextDocument.create('file:///x', 'plaintext', 1, text);
      assert.equal(new LineIndex(text).offsetAt({ line, character }), reference.offsetAt({ line, character }));
    }), { numRuns: 2000 });
  });

  test('lone CR, CRLF and LF each end one line', () => {
    const index = new LineIndex('a\rb\r\nc\nd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineText(l)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(index.positionAt(index.text.indexOf('c')), { line: 2, character: 0 });
    assert.equal(index.lineEnd(1), index.text.indexOf('c'));
  });

  test('report lines are one-based and round-trip', () => {
    assert.equal(toReportLine(0), 1);
    assert.equal(fromReportLine(toReportLine(41)), 41);
    assert.equal(new LineIndex('x\ry\rz').reportLineAt(4), 3);
  });

  test('spansOfReportLines covers whole lines with their breaks', () => {
    const text = 'one\rtwo\r\nthree\nfour';
    const [span] = new LineIndex(text).spansOfReportLines([{ start: 2, end: 3 }]);
    assert.equal(text.slice(span.startIndex, span.endIndex), 'two\r\nthree\n');
  });

  test('tree-sitter points count only \\n (what Tree.edit expects)', () => {
    assert.deepEqual(treeSitterPointAt('a\rb\nc', 4), { row: 1, column: 0 });
    assert.deepEqual(treeSitterPointAt('a\rb\nc', 2), { row: 0, column: 2 });
  });
});

describe('findings use LSP positions', () => {
  test('a finding after lone-CR line breaks is on the line LSP counts (issue 9, fault 1)', async () => {
    const engine = await sharedEngine();
    const text = "// one\r// two\rconst t = Math.random().toString(36);\rres.cookie('token', t);\r";
    const [finding] = engine.scanText('src/token.js', text).filter((f) => f.ruleId === 'js-insecure-random');
    assert.ok(finding, 'expected js-insecure-random');
    const reference = TextDocument.create('file:///x.js', 'javascript', 1, text);
    assert.deepEqual(finding.range.start, reference.positionAt(text.indexOf('Math.random')));
    assert.equal(finding.range.start.line, 2);
    for (const edit of finding.fixes?.[0]?.edits ?? []) {
      assert.ok(edit.range.end.line < reference.lineCount, 'fix range inside the document');
    }
  });
});
