/** Insertion detector: net insertions, thresholds, and the heuristics that keep ordinary editing out. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyChange,
  diffInsertedHunks,
  editContext,
  isCopyOf,
  isIdentifierSubstitution,
  looksLikeRename,
  netInsertion,
  sameModuloFormatting,
  type ChangeContext,
  type Classification,
} from '../../server/src/analysis/regions/insertionDetector';
import { RecentRemovals } from '../../server/src/analysis/regions/editHistory';
import { DEFAULT_DETECTION, type ContentChange, type OffsetSpan } from '../../server/src/analysis/regions/types';

const FILE = `import express from 'express';

const app = express();

app.listen(3000);
`;

const HANDLER = `app.get('/users/:id', async (req, res) => {
  const user = await db.findUser(req.params.id);
  if (!user) return res.status(404).end();
  res.json(user);
});
`;

/** A change that inserts `text` at `offset` of `doc`. */
function insertAt(doc: string, offset: number, text: string): ContentChange {
  return { start: offset, end: offset, insertedText: text, replacedText: '' };
}

function replace(doc: string, start: number, end: number, text: string): ContentChange {
  return { start, end, insertedText: text, replacedText: doc.slice(start, end) };
}

function context(doc: string, extra: Partial<ChangeContext> = {}): ChangeContext {
  return { documentLength: doc.length, documentText: doc, ...extra };
}

function apply(doc: string, c: ContentChange): string {
  return doc.slice(0, c.start) + c.insertedText + doc.slice(c.end);
}

function spanText(text: string, span: OffsetSpan): string {
  return text.slice(span.startIndex, span.endIndex);
}

function aiSpans(result: Classification): OffsetSpan[] {
  assert.equal(result.kind, 'ai-insertion', `expected an AI insertion, got ${JSON.stringify(result)}`);
  return result.kind === 'ai-insertion' ? result.spans : [];
}

describe('netInsertion', () => {
  test('a pure insertion is its own net insertion', () => {
    assert.deepEqual(netInsertion({ start: 5, end: 5, insertedText: 'abc', replacedText: '' }), { start: 5, text: 'abc', removedText: '' });
  });

  test('a formatter rewriting a block into almost the same block shrinks to what differs', () => {
    const before = 'function f() {\n  return 1\n}\n';
    const after = 'function f() {\n  return 1;\n}\n';
    const net = netInsertion({ start: 100, end: 100 + before.length, insertedText: after, replacedText: before });
    assert.deepEqual(net, { start: 100 + before.indexOf('\n}'), text: ';', removedText: '' });
  });

  test('identical replacement leaves nothing', () => {
    const net = netInsertion({ start: 0, end: 3, insertedText: 'abc', replacedText: 'abc' });
    assert.equal(net.text, '');
    assert.equal(net.removedText, '');
  });

  test('never splits a surrogate pair', () => {
    // Both emoji share the high surrogate; the net change must contain whole code points.
    const net = netInsertion({ start: 0, end: 2, insertedText: '😃', replacedText: '😀' });
    assert.deepEqual(net, { start: 0, text: '😃', removedText: '😀' });
    const tail = netInsertion({ start: 0, end: 3, insertedText: 'b😀', replacedText: 'a😀' });
    assert.deepEqual(tail, { start: 0, text: 'b', removedText: 'a' });
  });
});

describe('classifyChange: size threshold', () => {
  test('a pasted 5-line handler is an AI insertion covering exactly the handler', () => {
    const at = FILE.indexOf('app.listen');
    const change = insertAt(FILE, at, HANDLER + '\n');
    const after = apply(FILE, change);
    const [span] = aiSpans(classifyChange(change, DEFAULT_DETECTION, context(FILE)));
    assert.equal(spanText(after, span), HANDLER.trimEnd());
  });

  test('typing one character, or an auto-closed pair, is below the threshold', () => {
    assert.deepEqual(classifyChange(insertAt(FILE, 10, 'x'), DEFAULT_DETECTION, context(FILE)), { kind: 'ignored', reason: 'below-threshold' });
    assert.deepEqual(classifyChange(insertAt(FILE, 10, '()'), DEFAULT_DETECTION, context(FILE)), { kind: 'ignored', reason: 'below-threshold' });
  });

  test('Enter with auto-indent and blank lines do not count as lines', () => {
    const result = classifyChange(insertAt(FILE, 10, '\n\n\n\n    '), DEFAULT_DETECTION, context(FILE));
    assert.deepEqual(result, { kind: 'ignored', reason: 'below-threshold' });
  });

  test('lines without a letter or digit (lone brackets) do not count', () => {
    const twoLinesAndBraces = 'if (ok) {\n  run();\n}\n)\n';
    assert.deepEqual(classifyChange(insertAt(FILE, 0, twoLinesAndBraces), DEFAULT_DETECTION, context(FILE)).kind, 'ignored');
    const threeLines = 'if (ok) {\n  run();\n  done();\n}\n';
    assert.equal(classifyChange(insertAt(FILE, 0, threeLines), DEFAULT_DETECTION, context(FILE)).kind, 'ai-insertion');
  });

  test('one long line reaches the character threshold', () => {
    const line = `const query = \`SELECT id, name, email, created_at FROM users WHERE org_id = \${orgId} AND deleted_at IS NULL ORDER BY name\`;`;
    assert.ok(line.length >= 120);
    const [span] = aiSpans(classifyChange(insertAt(FILE, 0, line), DEFAULT_DETECTION, context(FILE)));
    assert.deepEqual(span, { startIndex: 0, endIndex: line.length });
    const short = line.slice(0, 100);
    assert.equal(classifyChange(insertAt(FILE, 0, short), DEFAULT_DETECTION, context(FILE)).kind, 'ignored');
  });

  test('thresholds come from the settings', () => {
    const twoLines = 'const a = load();\nconst b = save(a);\n';
    assert.equal(classifyChange(insertAt(FILE, 0, twoLines), DEFAULT_DETECTION, context(FILE)).kind, 'ignored');
    assert.equal(classifyChange(insertAt(FILE, 0, twoLines), { minLines: 2, minChars: 1000 }, context(FILE)).kind, 'ai-insertion');
  });

  test('the span skips leading blank lines but keeps the first line\'s indentation', () => {
    const doc = 'function f() {\n}\n';
    const change = insertAt(doc, doc.indexOf('\n'), '\n\n  const a = 1;\n  const b = 2;\n  return a + b;  \n');
    const after = apply(doc, change);
    const [span] = aiSpans(classifyChange(change, DEFAULT_DETECTION, context(doc)));
    assert.equal(spanText(after, span), '  const a = 1;\n  const b = 2;\n  return a + b;');
  });

  test('pasting over a selection: the span is the net new text, in post-change offsets', () => {
    const start = FILE.indexOf('app.listen');
    const change = replace(FILE, start, start + 'app.listen(3000);'.length, HANDLER.trimEnd());
    const after = apply(FILE, change);
    const [span] = aiSpans(classifyChange(change, DEFAULT_DETECTION, context(FILE)));
    // "app." and ");" stood there before the paste: they are not new text.
    assert.equal(spanText(after, span), HANDLER.trimEnd().slice('app.'.length, -');'.length));
    assert.equal(span.startIndex, start + 'app.'.length);
  });
});

describe('classifyChange: ordinary edits that are not AI insertions', () => {
  const at = FILE.indexOf('app.listen');
  const paste = insertAt(FILE, at, HANDLER);

  test('context facts win, in order: excluded path, git operation, undo/redo, rename', () => {
    assert.deepEqual(classifyChange(paste, DEFAULT_DETECTION, context(FILE, { excludedPath: true, isUndoRedo: true })), { kind: 'ignored', reason: 'excluded-path' });
    assert.deepEqual(classifyChange(paste, DEFAULT_DETECTION, context(FILE, { isVcsOperation: true, isUndoRedo: true })), { kind: 'ignored', reason: 'vcs' });
    assert.deepEqual(classifyChange(paste, DEFAULT_DETECTION, context(FILE, { isUndoRedo: true })), { kind: 'ignored', reason: 'undo-redo' });
    assert.deepEqual(classifyChange(paste, DEFAULT_DETECTION, context(FILE, { isRename: true })), { kind: 'ignored', reason: 'rename' });
  });

  test('a formatter reflowing a call over several lines is formatting', () => {
    const doc = "const result = createClient(endpoint, { retries: 3, timeout: 5000 }, logger, 'primary');\n";
    const formatted = 'const result = createClient(\n  endpoint,\n  { retries: 3, timeout: 5000 },\n  logger,\n  "primary",\n);\n';
    const result = classifyChange(replace(doc, 0, doc.length - 1, formatted.trimEnd()), DEFAULT_DETECTION, context(doc));
    assert.deepEqual(result, { kind: 'ignored', reason: 'format' });
  });

  test('a multi-line identifier rename in one change is a rename', () => {
    const doc = 'const userRecord = load();\nvalidate(userRecord);\nsave(userRecord);\nlog(userRecord.id);\n';
    const renamed = doc.replaceAll('userRecord', 'account');
    const result = classifyChange(replace(doc, 0, doc.length - 1, renamed.trimEnd()), DEFAULT_DETECTION, context(doc));
    assert.deepEqual(result, { kind: 'ignored', reason: 'rename' });
  });

  test('organize imports (the same lines in another order) is a move', () => {
    const imports = "import { z } from 'zod';\nimport fs from 'node:fs';\nimport path from 'node:path';\nimport express from 'express';\n";
    const doc = `${imports}\nrun();\n`;
    const sorted = "import express from 'express';\nimport fs from 'node:fs';\nimport path from 'node:path';\nimport { z } from 'zod';\n";
    const result = classifyChange(replace(doc, 0, imports.length, sorted), DEFAULT_DETECTION, context(doc));
    assert.deepEqual(result, { kind: 'ignored', reason: 'moved' });
  });

  test('drag-and-drop: the deletion and insertion in one edit read as a move', () => {
    const doc = `${HANDLER}\nconst x = 1;\n`;
    const deletion = replace(doc, 0, HANDLER.length, '');
    const afterDeletion = apply(doc, deletion);
    const insertion = insertAt(afterDeletion, afterDeletion.length, HANDLER);
    const facts = editContext([deletion, insertion]);
    const result = classifyChange(insertion, DEFAULT_DETECTION, { ...context(afterDeletion), knownLines: facts.knownLines });
    assert.deepEqual(result, { kind: 'ignored', reason: 'moved' });
  });

  test('cut here, paste there (even re-indented, in another file) is a move', () => {
    const removals = new RecentRemovals();
    removals.record(HANDLER);
    const reindented = HANDLER.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
    const result = classifyChange(insertAt(FILE, 0, reindented), DEFAULT_DETECTION, context(FILE, { knownLines: removals }));
    assert.deepEqual(result, { kind: 'ignored', reason: 'moved' });
  });

  test('extract function: only the new header lines are new, below the threshold', () => {
    const body = '  const total = items.reduce((sum, item) => sum + item.price, 0);\n  const tax = total * rate;\n  return total + tax;\n';
    const removals = new RecentRemovals();
    removals.record(body);
    const extracted = `function computeTotal(items, rate) {\n${body}}\n`;
    const result = classifyChange(insertAt(FILE, 0, extracted), DEFAULT_DETECTION, context(FILE, { knownLines: removals }));
    assert.deepEqual(result, { kind: 'ignored', reason: 'moved' });
  });

  test('Duplicate Selection of existing code is a copy', () => {
    const doc = `${HANDLER}\n`;
    const result = classifyChange(insertAt(doc, doc.length, HANDLER), DEFAULT_DETECTION, context(doc));
    assert.deepEqual(result, { kind: 'ignored', reason: 'copied' });
  });

  test('a copy of an unreviewed AI region is still AI code', () => {
    const doc = `${HANDLER}\n`;
    const unreviewedSpans = [{ startIndex: 0, endIndex: HANDLER.trimEnd().length }];
    const result = classifyChange(insertAt(doc, doc.length, HANDLER), DEFAULT_DETECTION, context(doc, { unreviewedSpans }));
    assert.equal(result.kind, 'ai-insertion');
  });

  test('a block copied from another open document is a copy; from its unreviewed AI region it is not', () => {
    const other = `// routes/users.js\n${HANDLER}\nmodule.exports = app;\n`;
    const copied = classifyChange(insertAt(FILE, FILE.length, HANDLER), DEFAULT_DETECTION, context(FILE, { otherDocuments: () => [{ text: other, unreviewedSpans: [] }] }));
    assert.deepEqual(copied, { kind: 'ignored', reason: 'copied' });
    const start = other.indexOf(HANDLER);
    const fromAi = [{ text: other, unreviewedSpans: [{ startIndex: start, endIndex: start + HANDLER.length }] }];
    assert.equal(classifyChange(insertAt(FILE, FILE.length, HANDLER), DEFAULT_DETECTION, context(FILE, { otherDocuments: () => fromAi })).kind, 'ai-insertion');
    const unrelated = [{ text: 'const unrelated = true;\n', unreviewedSpans: [] }];
    assert.equal(classifyChange(insertAt(FILE, FILE.length, HANDLER), DEFAULT_DETECTION, context(FILE, { otherDocuments: () => unrelated })).kind, 'ai-insertion');
  });

  test('new code mixed with moved lines still counts its new lines', () => {
    const removals = new RecentRemovals();
    removals.record('const a = 1;\nconst b = 2;\n');
    const text = 'const a = 1;\nconst b = 2;\nconst c = fetchRemote(a);\nconst d = parse(c);\nwrite(d, b);\n';
    assert.equal(classifyChange(insertAt(FILE, 0, text), DEFAULT_DETECTION, context(FILE, { knownLines: removals })).kind, 'ai-insertion');
  });
});

describe('classifyChange: whole-document replacements', () => {
  const doc = `${FILE}\nfunction helper() {\n  return 42;\n}\n`;

  test('a reload that adds one function yields one region: that function', () => {
    const newText = doc.replace('app.listen(3000);\n', `${HANDLER}\napp.listen(3000);\n`);
    const [span, ...rest] = aiSpans(classifyChange(replace(doc, 0, doc.length, newText), DEFAULT_DETECTION, context(doc)));
    assert.equal(rest.length, 0);
    assert.equal(spanText(newText, span), HANDLER.trimEnd());
  });

  test('two separate new blocks become two regions', () => {
    const second = 'function audit(event) {\n  const entry = { at: Date.now(), event };\n  auditLog.push(entry);\n  return entry;\n}\n';
    const newText = doc.replace('app.listen(3000);\n', `${HANDLER}\napp.listen(3000);\n`) + `\n${second}`;
    const spans = aiSpans(classifyChange(replace(doc, 0, doc.length, newText), DEFAULT_DETECTION, context(doc)));
    assert.deepEqual(spans.map((s) => spanText(newText, s)), [HANDLER.trimEnd(), second.trimEnd()]);
  });

  test('a formatter that touches many lines yields nothing', () => {
    const messy = "import express from 'express'\nconst app = express()\nfunction handler(req,res){\n  const id=req.params.id\n  const name=req.query.name\n  res.json({id,name})\n}\napp.listen(3000)\n";
    const formatted = 'import express from "express";\nconst app = express();\nfunction handler(req, res) {\n  const id = req.params.id;\n  const name = req.query.name;\n  res.json({ id, name });\n}\napp.listen(3000);\n';
    const result = classifyChange(replace(messy, 0, messy.length, formatted), DEFAULT_DETECTION, context(messy));
    assert.deepEqual(result, { kind: 'ignored', reason: 'format' });
  });

  test('moving a function to the end of the file yields nothing', () => {
    const helper = 'function helper() {\n  const a = compute(1);\n  const b = compute(2);\n  return a + b;\n}\n';
    const before = `${helper}\n${FILE}`;
    const after = `${FILE}\n${helper}`;
    assert.equal(classifyChange(replace(before, 0, before.length, after), DEFAULT_DETECTION, context(before)).kind, 'ignored');
  });
});

describe('diffInsertedHunks (files changed on disk)', () => {
  test('an agent appending a function yields its span in the new text', () => {
    const newText = `${FILE}\n${HANDLER}`;
    const spans = diffInsertedHunks(FILE, newText, DEFAULT_DETECTION);
    assert.deepEqual(spans.map((s) => spanText(newText, s)), [HANDLER.trimEnd()]);
  });

  test('a new file written from nothing is one region', () => {
    assert.deepEqual(diffInsertedHunks('', HANDLER, DEFAULT_DETECTION), [{ startIndex: 0, endIndex: HANDLER.trimEnd().length }]);
  });

  test('a rename across the file, a one-line edit and no change yield nothing', () => {
    const doc = 'const userRecord = load();\nvalidate(userRecord);\nsave(userRecord);\nlog(userRecord.id);\n';
    assert.deepEqual(diffInsertedHunks(doc, doc.replaceAll('userRecord', 'account'), DEFAULT_DETECTION), []);
    assert.deepEqual(diffInsertedHunks(FILE, FILE.replace('3000', '8080'), DEFAULT_DETECTION), []);
    assert.deepEqual(diffInsertedHunks(FILE, FILE, DEFAULT_DETECTION), []);
  });
});

describe('helpers', () => {
  test('looksLikeRename: several identical identifier swaps, single-line', () => {
    const swap = (start: number): ContentChange => ({ start, end: start + 4, replacedText: 'user', insertedText: 'account' });
    assert.equal(looksLikeRename([swap(0), swap(20), swap(40)]), true);
    assert.equal(looksLikeRename([swap(0)]), false, 'a single change is not enough to tell');
    assert.equal(looksLikeRename([swap(0), { start: 50, end: 50, replacedText: '', insertedText: 'x\ny' }]), false);
    assert.equal(looksLikeRename([swap(0), { start: 9, end: 10, replacedText: 'a', insertedText: 'b' }]), false, 'two different pairs, none repeated');
  });

  test('sameModuloFormatting and isIdentifierSubstitution', () => {
    assert.equal(sameModuloFormatting("f('a', b)", 'f(\n  "a",\n  b,\n);'), true);
    assert.equal(sameModuloFormatting('f(a)', 'f(a + 1)'), false);
    assert.equal(isIdentifierSubstitution('a(b); c(b)', 'a(x); c(x)'), true);
    assert.equal(isIdentifierSubstitution('a(b); c(d)', 'a(b); c(e)'), true);
    assert.equal(isIdentifierSubstitution('a(b); a(c)', 'x(b); y(c)'), false, 'one name cannot map to two');
    assert.equal(isIdentifierSubstitution('a(b, c, d)', 'x(y, z, w)'), false, 'more than two renames at once is not a rename');
    assert.equal(isIdentifierSubstitution('f(1)', 'f(2)'), false, 'literals are not identifiers');
    assert.equal(isIdentifierSubstitution('f(a)', 'f(a)'), false);
  });

  test('isCopyOf matches re-indented and partial first/last lines, honouring unreviewed spans', () => {
    const source = 'x = compute(a,\n    b,\n    c)\nrest();\n';
    assert.equal(isCopyOf('compute(a,\nb,\nc)', source, []), true);
    assert.equal(isCopyOf('compute(a,\nb,\nd)', source, []), false);
    assert.equal(isCopyOf('compute(a,\nb,\nc)', source, [{ startIndex: 0, endIndex: 5 }]), false);
    assert.equal(isCopyOf('rest();', source, []), true);
  });

  test('editContext counts changes and unions removed lines with recent removals', () => {
    const recent = new RecentRemovals();
    recent.record('alpha();\nbeta();\n');
    const facts = editContext([{ start: 0, end: 8, replacedText: 'gamma();', insertedText: '' }], recent);
    assert.equal(facts.changeCountInEdit, 1);
    assert.equal(facts.isRename, false);
    assert.equal(facts.knownLines.has('gamma()'), true);
    assert.equal(facts.knownLines.has('alpha()'), true);
    assert.equal(facts.knownLines.has('delta()'), false);
  });
});
