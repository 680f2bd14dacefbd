/** RegionTracker: how regions move, grow, shrink, vanish, merge and lose their review. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { RegionTracker } from '../../server/src/analysis/regions/regionTracker';
import { sha256Hex } from '../../server/src/analysis/regions/text';
import type { OffsetSpan, Region } from '../../server/src/analysis/regions/types';

const span = (startIndex: number, endIndex: number): OffsetSpan => ({ startIndex, endIndex });

let ids = 0;
function tracker(length = 100): RegionTracker {
  return new RegionTracker(length, { newId: () => `r${++ids}`, now: () => new Date('2025-01-02T03:04:05.000Z') });
}

/** A tracker of a 100-character document with one unreviewed region [20, 30). */
function withRegion(): { t: RegionTracker; id: string } {
  const t = tracker();
  const [region] = t.addRegion(span(20, 30), 'completion/paste');
  return { t, id: region.id };
}

const only = (t: RegionTracker): Region => {
  assert.equal(t.regions.length, 1, JSON.stringify(t.regions));
  return t.regions[0];
};

describe('applyChange moves regions like decorations', () => {
  test('an edit before the region moves it', () => {
    const { t } = withRegion();
    t.applyChange(5, 5, 3);
    assert.deepEqual(only(t).span, span(23, 33));
    t.applyChange(0, 10, 0);
    assert.deepEqual(only(t).span, span(13, 23));
  });

  test('an edit after the region leaves it alone', () => {
    const { t } = withRegion();
    const effect = t.applyChange(50, 60, 2);
    assert.deepEqual(only(t).span, span(20, 30));
    assert.equal(effect.changed, false);
    assert.equal(t.textLength, 92);
  });

  test('insertion exactly at the start or end does not grow it (new text next to it)', () => {
    const { t } = withRegion();
    t.applyChange(20, 20, 4);
    assert.deepEqual(only(t).span, span(24, 34));
    t.applyChange(34, 34, 4);
    assert.deepEqual(only(t).span, span(24, 34));
  });

  test('insertion strictly inside grows it', () => {
    const { t } = withRegion();
    t.applyChange(25, 25, 7);
    assert.deepEqual(only(t).span, span(20, 37));
  });

  test('deletion fully covering it removes it, even when text is inserted in its place', () => {
    const { t, id } = withRegion();
    const effect = t.applyChange(15, 35, 12);
    assert.deepEqual(t.regions, []);
    assert.deepEqual(effect.removed, [id]);
    const exact = withRegion();
    exact.t.applyChange(20, 30, 0);
    assert.deepEqual(exact.t.regions, []);
  });

  test('partial deletion shrinks it from either side or inside', () => {
    const left = withRegion();
    left.t.applyChange(15, 25, 0);
    assert.deepEqual(only(left.t).span, span(15, 20));
    const right = withRegion();
    right.t.applyChange(25, 40, 0);
    assert.deepEqual(only(right.t).span, span(20, 25));
    const inside = withRegion();
    inside.t.applyChange(22, 24, 0);
    assert.deepEqual(only(inside.t).span, span(20, 28));
  });

  test('replacing its tail or head: the replacement text is outside, the surviving part stays', () => {
    const tail = withRegion();
    tail.t.applyChange(25, 35, 3);
    assert.deepEqual(only(tail.t).span, span(20, 25));
    const head = withRegion();
    head.t.applyChange(15, 25, 3);
    assert.deepEqual(only(head.t).span, span(18, 23));
  });

  test('replacing text strictly inside keeps the replacement in the region', () => {
    const { t } = withRegion();
    t.applyChange(22, 28, 10);
    assert.deepEqual(only(t).span, span(20, 34));
  });

  test('out-of-range and inverted offsets are clamped, never producing out-of-range spans', () => {
    const { t } = withRegion();
    t.applyChange(90, 500, 0);
    assert.equal(t.textLength, 90);
    t.applyChange(-10, 5, 0);
    assert.deepEqual(only(t).span, span(15, 25));
    t.applyChange(40, 10, 0); // inverted: treated as [10, 40)
    assert.deepEqual(t.regions, []);
    assert.equal(t.textLength, 55);
  });
});

describe('verification', () => {
  test('verify records time, person and note', () => {
    const { t, id } = withRegion();
    const verified = t.verify(id, { note: 'reviewed the SQL', by: 'ana' });
    assert.equal(verified?.status, 'verified');
    assert.equal(verified?.verifiedAt, '2025-01-02T03:04:05.000Z');
    assert.equal(verified?.verifiedBy, 'ana');
    assert.equal(verified?.note, 'reviewed the SQL');
    assert.equal(t.verify('nope'), undefined);
  });

  test('an edit touching a verified region makes it unreviewed again', () => {
    for (const [start, end, inserted] of [[25, 25, 1], [22, 23, 0], [25, 40, 0], [10, 21, 0], [22, 24, 5]]) {
      const { t, id } = withRegion();
      t.verify(id);
      const effect = t.applyChange(start, end, inserted);
      assert.deepEqual(effect.unverified, [id], `edit [${start}, ${end}) +${inserted}`);
      assert.equal(only(t).status, 'unreviewed');
      assert.equal(only(t).verifiedAt, undefined);
    }
  });

  test('edits next to a verified region (at its edges, before, after) keep it verified', () => {
    for (const [start, end, inserted] of [[20, 20, 5], [30, 30, 5], [0, 20, 0], [30, 50, 3], [10, 20, 4]]) {
      const { t, id } = withRegion();
      t.verify(id);
      const effect = t.applyChange(start, end, inserted);
      assert.deepEqual(effect.unverified, [], `edit [${start}, ${end}) +${inserted}`);
      assert.equal(only(t).status, 'verified');
    }
  });
});

describe('addRegion', () => {
  test('clamps to the text and ignores empty spans', () => {
    const t = tracker(50);
    assert.deepEqual(t.addRegion(span(40, 80), 'agent').map((r) => r.span), [span(40, 50)]);
    assert.deepEqual(t.addRegion(span(60, 70), 'agent'), []);
    assert.deepEqual(t.addRegion(span(10, 10), 'agent'), []);
    assert.equal(t.regions.length, 1);
  });

  test('overlapping or adjacent unreviewed insertions merge, keeping the oldest id and origin', () => {
    let clock = 0;
    const timed = new RegionTracker(100, { newId: () => `m${++ids}`, now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ++clock)) });
    const [first] = timed.addRegion(span(10, 20), 'agent');
    const [merged] = timed.addRegion(span(20, 25), 'completion/paste');
    assert.equal(merged.id, first.id);
    assert.equal(merged.origin, 'agent');
    assert.deepEqual(merged.span, span(10, 25));
    timed.addRegion(span(40, 50), 'completion/paste');
    const [bridge] = timed.addRegion(span(24, 41), 'completion/paste');
    assert.equal(bridge.id, first.id);
    assert.deepEqual(timed.regions.map((r) => r.span), [span(10, 50)]);
  });

  test('verified regions are cut out of a new span and stay verified', () => {
    const t = tracker();
    const [v] = t.addRegion(span(20, 30), 'completion/paste');
    t.verify(v.id);
    const added = t.addRegion(span(10, 40), 'agent');
    assert.deepEqual(added.map((r) => r.span), [span(10, 20), span(30, 40)]);
    assert.deepEqual(t.regions.map((r) => [r.span, r.status]), [
      [span(10, 20), 'unreviewed'],
      [span(20, 30), 'verified'],
      [span(30, 40), 'unreviewed'],
    ]);
    assert.deepEqual(t.addRegion(span(22, 28), 'agent'), [], 'entirely inside a verified region: nothing to add');
  });

  test('a region inserted inside an unreviewed one merges into it', () => {
    const { t, id } = withRegion();
    t.applyChange(25, 25, 10);
    const [merged] = t.addRegion(span(25, 35), 'completion/paste');
    assert.equal(merged.id, id);
    assert.deepEqual(only(t).span, span(20, 40));
  });
});

describe('queries, forgetting, hashes', () => {
  test('regionsIntersecting: shared characters, or a cursor inside or at an edge', () => {
    const { t, id } = withRegion();
    assert.deepEqual(t.regionsIntersecting(span(29, 35)).map((r) => r.id), [id]);
    assert.deepEqual(t.regionsIntersecting(span(30, 35)), []);
    assert.deepEqual(t.regionsIntersecting(span(10, 20)), []);
    assert.deepEqual(t.regionsIntersecting(span(30, 30)).map((r) => r.id), [id]);
    assert.deepEqual(t.regionsIntersecting(span(19, 19)), []);
  });

  test('forget removes a region; regions are copies that cannot mutate the tracker', () => {
    const { t, id } = withRegion();
    t.regions[0].span.startIndex = 0;
    assert.deepEqual(only(t).span, span(20, 30));
    assert.equal(t.forget(id), true);
    assert.equal(t.forget(id), false);
    assert.deepEqual(t.regions, []);
  });

  test('refreshHashes: hash of the region text; a verified region changed untracked becomes unreviewed', () => {
    const text = 'a'.repeat(20) + 'SELECT *  ' + 'b'.repeat(70);
    const t = tracker(text.length);
    const [r] = t.addRegion(span(20, 30), 'completion/paste', { text });
    assert.equal(r.contentHash, sha256Hex('SELECT *  '));
    t.verify(r.id);
    assert.deepEqual(t.refreshHashes(text).unverified, []);
    const tampered = text.replace('SELECT *', 'DROP ALL');
    assert.deepEqual(t.refreshHashes(tampered).unverified, [r.id]);
    assert.equal(only(t).contentHash, sha256Hex('DROP ALL  '));
  });

  test('refreshHashes after a tracked edit and a re-verification keeps the region verified', () => {
    const text = 'x'.repeat(100);
    const t = tracker(text.length);
    const [r] = t.addRegion(span(20, 30), 'completion/paste', { text });
    t.verify(r.id);
    t.applyChange(25, 25, 1);
    const edited = text.slice(0, 25) + 'y' + text.slice(25);
    t.verify(r.id); // verified again without passing the text: the hash is refreshed below
    assert.deepEqual(t.refreshHashes(edited).unverified, []);
    assert.equal(only(t).status, 'verified');
    assert.equal(only(t).contentHash, sha256Hex(edited.slice(20, 31)));
  });

  test('refreshHashes clamps to a shorter text and drops regions left empty', () => {
    const t = tracker(100);
    t.addRegion(span(20, 30), 'agent');
    t.addRegion(span(80, 90), 'agent');
    const { removed } = t.refreshHashes('z'.repeat(25));
    assert.equal(removed.length, 1);
    assert.deepEqual(only(t).span, span(20, 25));
    assert.equal(t.textLength, 25);
  });

  test('fromRegions clamps, sorts and merges overlaps (a merge with unreviewed text is unreviewed)', () => {
    const base = { origin: 'agent' as const, createdAt: '2025-01-01T00:00:00.000Z', contentHash: '' };
    const t = RegionTracker.fromRegions([
      { ...base, id: 'b', span: span(50, 200), status: 'verified', verifiedAt: 'x' },
      { ...base, id: 'a', span: span(10, 20), status: 'verified', verifiedAt: 'x' },
      { ...base, id: 'c', span: span(15, 30), status: 'unreviewed' },
      { ...base, id: 'd', span: span(300, 400), status: 'unreviewed' },
    ], 100);
    assert.deepEqual(t.regions.map((r) => [r.id, r.span, r.status]), [
      ['a', span(10, 30), 'unreviewed'],
      ['b', span(50, 100), 'verified'],
    ]);
  });

  test('snapshot/restore: restored spans, verification carried over when the text hash matches', () => {
    const text = 'q'.repeat(100);
    const t = tracker(text.length);
    const [r] = t.addRegion(span(20, 30), 'completion/paste', { text });
    const snap = t.snapshot();
    t.verify(r.id, { note: 'ok' });
    t.restore(snap);
    assert.equal(only(t).status, 'verified', 'same text, same id: the later review stands');
    assert.equal(only(t).note, 'ok');

    const other = tracker(text.length);
    const [s] = other.addRegion(span(20, 30), 'completion/paste', { text });
    const before = other.snapshot();
    other.applyChange(20, 30, 0); // deleted…
    assert.deepEqual(other.regions, []);
    other.applyChange(20, 20, 10); // …and the text typed back (what undo does)
    other.restore(before);
    assert.deepEqual(only(other).span, span(20, 30));
    assert.equal(only(other).id, s.id);
    other.forget(s.id);
    other.restore(before, new Set([s.id]));
    assert.deepEqual(other.regions, [], 'forgotten regions stay forgotten');
  });
});
