/** Lines added to a text that git has not seen (an editor's unsaved buffer against HEAD). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addedSpansOfText } from '../../server/src/analysis/lineScope';

const texts = (text: string, spans: Array<{ startIndex: number; endIndex: number }>) => spans.map((s) => text.slice(s.startIndex, s.endIndex));

test('added and changed lines are the spans; removed and kept lines are not', () => {
  const base = 'a\nb\nc\nd\n';
  const text = 'a\nnew 1\nnew 2\nc\nD\n';
  assert.deepEqual(texts(text, addedSpansOfText(base, text)), ['new 1\nnew 2\n', 'D\n']);
  assert.deepEqual(addedSpansOfText(base, base), []);
  assert.deepEqual(addedSpansOfText(base, 'a\nd\n'), []);
});

test('a file without a base version is new as a whole', () => {
  assert.deepEqual(addedSpansOfText(undefined, 'x\ny'), [{ startIndex: 0, endIndex: 3 }]);
});

test('a last line without a newline is covered to the end of the text', () => {
  assert.deepEqual(texts('a\nb', addedSpansOfText('a\n', 'a\nb')), ['b']);
});
