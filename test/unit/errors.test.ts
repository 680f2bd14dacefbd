/**
 * One way to turn a thrown value into text (describeError) and one way to start work nobody awaits
 * (fireAndForget); the sources use them instead of hand-written casts and bare `void promise`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, fireAndForget } from '../../server/src/analysis/errors';
import { ROOT } from '../helpers/paths';

test('describeError: the message of anything thrown, with the stack on request', () => {
  const err = new Error('disk full');
  assert.equal(describeError(err), 'disk full');
  assert.match(describeError(err, 'stack'), /^Error: disk full\n\s+at /);
  assert.equal(describeError('plain text'), 'plain text');
  assert.equal(describeError({ message: 'from a library', code: 7 }), 'from a library');
  assert.equal(describeError(undefined), 'undefined');
  assert.equal(describeError(42), '42');
  assert.equal(describeError(Object.assign(new Error(''), { name: 'AbortError' })), 'AbortError');
  // String(Object.create(null)) throws; describing it must not.
  assert.equal(typeof describeError(Object.create(null)), 'string');
});

/** Lets the promise callbacks queued so far run (no timer involved). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

test('fireAndForget reports a rejection with what failed, and never leaves it unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const reports: string[] = [];
    fireAndForget(Promise.reject(new Error('connection closed')), (m) => reports.push(m), 'Sending the regions');
    fireAndForget(Promise.resolve(1), (m) => reports.push(m), 'Nothing');
    fireAndForget(undefined, (m) => reports.push(m), 'No work');
    // A reporter that fails as well (its connection is gone) is swallowed, not rethrown.
    fireAndForget(Promise.reject(new Error('x')), () => { throw new Error('log gone'); }, 'Logging');
    await settled();
    assert.equal(reports.length, 1);
    assert.match(reports[0], /^Sending the regions failed: Error: connection closed\n/);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

function sourceLines(): Array<{ file: string; line: number; text: string }> {
  const out: Array<{ file: string; line: number; text: string }> = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        fs.readFileSync(full, 'utf8').split('\n').forEach((text, i) => {
          if (!/^\s*(\/\/|\*|\/\*)/.test(text)) out.push({ file: path.relative(ROOT, full), line: i + 1, text });
        });
      }
    }
  };
  walk(path.join(ROOT, 'server', 'src'));
  walk(path.join(ROOT, 'client', 'src'));
  return out;
}

test('no promise is dropped with `void`: fire-and-forget work goes through fireAndForget()', () => {
  // The operator (`void x()`), not the type (`(): void`, `Promise<void>`), which punctuation follows.
  const offenders = sourceLines().filter((l) => /(^|[^\w.])void\s+[\w(]/.test(l.text)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
  assert.deepEqual(offenders, []);
});

test('thrown values become text through describeError(), not casts', () => {
  const offenders = sourceLines()
    .filter((l) => /\((err|error|reason|e) as Error\)|String\((err|error|reason)\)/.test(l.text) && !l.file.endsWith('errors.ts'))
    .map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
  assert.deepEqual(offenders, []);
});
