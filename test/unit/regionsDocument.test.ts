/**
 * DocumentRegions end to end, with the editing sessions the detector must tell apart: a pasted block,
 * the same block typed, undo/redo, formatting, moves, copies, reloads and files written on disk.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentRegions, type IncomingChange } from '../../server/src/analysis/regions/documentRegions';
import { DocumentVersions, RecentRemovals } from '../../server/src/analysis/regions/editHistory';
import type { Region } from '../../server/src/analysis/regions/types';

const FILE = `import crypto from 'node:crypto';

export function main() {
  start();
}
`;

const BLOCK = `export function makeToken(user) {
  const payload = JSON.stringify({ sub: user.id, at: Date.now() });
  const signature = crypto.createHmac('sha256', process.env.SECRET).update(payload).digest('hex');
  return Buffer.from(payload).toString('base64') + '.' + signature;
}
`;

const insert = (offset: number, text: string): IncomingChange => ({ start: offset, end: offset, insertedText: text });
const remove = (start: number, end: number): IncomingChange => ({ start, end, insertedText: '' });
const regionText = (doc: DocumentRegions, r: Region) => doc.text.slice(r.span.startIndex, r.span.endIndex);

function pasted(): { doc: DocumentRegions; at: number } {
  const doc = new DocumentRegions(FILE);
  const at = FILE.indexOf('export function main');
  doc.applyEdit([insert(at, BLOCK + '\n')]);
  return { doc, at };
}

describe('editing sessions', () => {
  test('a one-edit paste creates an unreviewed completion/paste region over the block', () => {
    const { doc } = pasted();
    assert.equal(doc.regions.length, 1);
    const [r] = doc.regions;
    assert.equal(r.origin, 'completion/paste');
    assert.equal(r.status, 'unreviewed');
    assert.equal(regionText(doc, r), BLOCK.trimEnd());
  });

  test('the same block typed character by character creates no region', () => {
    const doc = new DocumentRegions(FILE);
    let at = FILE.indexOf('export function main');
    const ignored = new Set<string>();
    for (const ch of BLOCK) {
      const outcome = doc.applyEdit([insert(at, ch)]);
      outcome.ignored.forEach((reason) => ignored.add(reason));
      at++;
    }
    assert.equal(doc.regions.length, 0);
    assert.deepEqual([...ignored], ['below-threshold']);
  });

  test('undo removes the region with the text; redo brings the region back (not a new one)', () => {
    const { doc, at } = pasted();
    const [original] = doc.regions;
    const undo = doc.applyEdit([remove(at, at + BLOCK.length + 1)]);
    assert.equal(doc.regions.length, 0);
    assert.deepEqual(undo.removed, [original.id]);
    const redo = doc.applyEdit([insert(at, BLOCK + '\n')]);
    assert.equal(redo.undoRedo, true);
    assert.deepEqual(redo.ignored, ['undo-redo']);
    assert.deepEqual(doc.regions.map((r) => r.id), [original.id]);
  });

  test('deleting AI code and undoing the deletion does not launder it out of tracking', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    doc.verify(r.id, { note: 'reviewed' });
    doc.applyEdit([insert(0, '// header\n')]);
    const shifted = doc.regions[0].span;
    doc.applyEdit([remove(shifted.startIndex, shifted.endIndex)]);
    assert.equal(doc.regions.length, 0);
    doc.applyEdit([insert(shifted.startIndex, BLOCK.trimEnd())]);
    assert.equal(doc.regions.length, 1);
    assert.equal(doc.regions[0].status, 'verified', 'it comes back as it was: verified');
  });

  test('typing inside a verified region makes it unreviewed; undoing the typing restores the review', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    doc.verify(r.id);
    const inside = r.span.startIndex + 10;
    const typed = doc.applyEdit([insert(inside, 'x')]);
    assert.deepEqual(typed.unverified, [r.id]);
    assert.equal(doc.regions[0].status, 'unreviewed');
    doc.applyEdit([remove(inside, inside + 1)]);
    assert.equal(doc.regions[0].status, 'verified');
  });

  test('a forgotten region stays forgotten across undo', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    doc.applyEdit([insert(0, '\n')]);
    assert.equal(doc.forget(r.id), true);
    doc.applyEdit([remove(0, 1)]);
    assert.equal(doc.regions.length, 0);
  });

  test('format document (one whole-document replacement) keeps regions and creates none', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    const formatted = doc.text.replace("import crypto from 'node:crypto';", 'import crypto from "node:crypto";').replace('  start();', '  start()');
    const outcome = doc.applyEdit([{ start: 0, end: doc.text.length, insertedText: formatted }]);
    assert.deepEqual(outcome.added, []);
    assert.deepEqual(doc.regions.map((x) => [x.id, regionText(doc, x)]), [[r.id, BLOCK.trimEnd()]]);
  });

  test('format with many small edits in one notification (offsets after each previous edit) creates none', () => {
    const doc = new DocumentRegions('const a=1\nconst b=2\nconst c=3\n');
    const outcome = doc.applyEdit([insert(9, ';'), insert(20, ';'), insert(31, ';'), { start: 7, end: 7, insertedText: ' ' }, { start: 9, end: 9, insertedText: ' ' }]);
    assert.deepEqual(outcome.added, []);
    assert.equal(doc.text, 'const a = 1;\nconst b=2;\nconst c=3;\n');
  });

  test('rename (several identifier swaps in one notification) creates none', () => {
    const text = 'let count = 0;\ncount += step;\nreport(count);\n';
    const doc = new DocumentRegions(text);
    const positions = [...text.matchAll(/count/g)].map((m) => m.index as number).reverse();
    const outcome = doc.applyEdit(positions.map((p) => ({ start: p, end: p + 5, insertedText: 'total' })));
    assert.deepEqual(outcome.added, []);
    assert.equal(doc.text, text.replaceAll('count', 'total'));
  });

  test('cut and paste moves a human block without a region; the same move of AI code keeps it AI', () => {
    const human = new DocumentRegions(FILE + BLOCK);
    const start = FILE.length;
    human.applyEdit([remove(start, start + BLOCK.length)]);
    const pasteHuman = human.applyEdit([insert(0, BLOCK)]);
    assert.deepEqual(human.regions, []);
    assert.deepEqual(pasteHuman.ignored, ['moved']);

    const { doc } = pasted();
    const [r] = doc.regions;
    doc.applyEdit([remove(r.span.startIndex, r.span.endIndex)]);
    doc.applyEdit([insert(doc.text.length, BLOCK)]);
    assert.equal(doc.regions.length, 1, 'cutting unreviewed AI code must not launder it');
  });

  test('drag-and-drop move in one notification creates none; Duplicate Selection creates none', () => {
    const doc = new DocumentRegions(BLOCK + FILE);
    const outcome = doc.applyEdit([insert(doc.text.length, BLOCK), remove(0, BLOCK.length)]);
    assert.deepEqual(outcome.added, []);
    assert.equal(doc.text, FILE + BLOCK);
    assert.deepEqual(outcome.ignored, ['moved', 'below-threshold']);
    const fresh = new DocumentRegions(FILE + BLOCK);
    const dup = fresh.applyEdit([insert(FILE.length, BLOCK)]);
    assert.deepEqual(dup.ignored, ['copied']);
    assert.deepEqual(fresh.regions, []);
  });

  test('git operations and excluded paths create none but still move regions', () => {
    const { doc } = pasted();
    const before = doc.regions[0].span;
    doc.applyEdit([insert(0, BLOCK)], { isVcsOperation: true });
    doc.applyEdit([insert(0, BLOCK.replace('makeToken', 'makeOther'))], { excludedPath: true });
    assert.equal(doc.regions.length, 1);
    assert.equal(doc.regions[0].span.startIndex, before.startIndex + 2 * BLOCK.length);
  });

  test('a reload whose text adds a block yields an agent region', () => {
    const doc = new DocumentRegions(FILE);
    const reloaded = FILE + '\n' + BLOCK;
    const outcome = doc.applyEdit([{ start: 0, end: FILE.length, insertedText: reloaded }]);
    assert.deepEqual(outcome.added.map((r) => r.origin), ['agent']);
  });
});

describe('changes on disk', () => {
  test('an agent writing the file yields agent regions; regions in unchanged lines stay put', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    doc.verify(r.id);
    const second = 'export function verifyToken(token) {\n  const [body, sig] = token.split(".");\n  return sig === sign(body);\n}\n';
    const written = doc.text + '\n' + second;
    const outcome = doc.changedOnDisk(written);
    assert.equal(outcome.added.length, 1);
    assert.equal(outcome.added[0].origin, 'agent');
    assert.equal(regionText(doc, outcome.added[0]), second.trimEnd());
    const kept = doc.regions.find((x) => x.id === r.id);
    assert.equal(kept?.status, 'verified');
    assert.equal(kept && regionText(doc, kept), BLOCK.trimEnd());
  });

  test('a checkout on disk creates none; an edit to a verified region on disk un-verifies it', () => {
    const { doc } = pasted();
    const [r] = doc.regions;
    doc.verify(r.id);
    const checkout = doc.changedOnDisk(doc.text + '\n' + BLOCK.replace('makeToken', 'otherToken'), { isVcsOperation: true });
    assert.deepEqual(checkout.added, []);
    assert.deepEqual(checkout.ignored, ['vcs']);
    const edited = doc.changedOnDisk(doc.text.replace("'sha256'", "'md5'"));
    assert.deepEqual(edited.unverified, [r.id]);
    assert.equal(doc.changedOnDisk(doc.text).added.length, 0, 'no change, nothing happens');
  });
});

describe('DocumentVersions and RecentRemovals', () => {
  test('recall finds earlier versions, not the newest, within capacity', () => {
    const versions = new DocumentVersions<string>(3);
    versions.remember('v1', 's1');
    versions.remember('v2', 's2');
    assert.deepEqual(versions.recall('v1'), { snapshot: 's1' });
    assert.equal(versions.recall('v2'), undefined, 'the newest version is where we are, not a restore');
    assert.equal(versions.recall('v9'), undefined);
    versions.remember('v3');
    versions.remember('v4');
    assert.equal(versions.size, 3);
    assert.equal(versions.recall('v1'), undefined, 'evicted');
    versions.updateLatest('s4');
    versions.remember('v5');
    assert.deepEqual(versions.recall('v4'), { snapshot: 's4' });
    versions.remember('v5', 's5b');
    assert.equal(versions.size, 3, 'the same text again only updates the snapshot');
  });

  test('RecentRemovals ignores short single-line removals and forgets the oldest lines', () => {
    const removals = new RecentRemovals(3);
    removals.record('x');
    assert.equal(removals.has('x'), false);
    removals.record('first();\nsecond();\n');
    assert.equal(removals.has('first()'), true);
    removals.record('third();\nfourth();\n');
    assert.equal(removals.has('first()'), false);
    assert.equal(removals.has('second()'), true);
    assert.equal(removals.has('fourth()'), true);
    removals.record('const aLongSingleLineRemoval = computeSomething(withArguments);');
    assert.equal(removals.has('constaLongSingleLineRemoval=computeSomething(withArguments)'), true);
  });
});
