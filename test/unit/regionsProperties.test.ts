/**
 * Property tests (fast-check) for the region engine. The central model: every character carries the
 * label of the region it belongs to (0 = none). An edit deletes characters with their labels; the
 * characters it inserts take a region's label only when characters of that region survive on both
 * sides (inserted strictly inside it). The tracker must always report, per label, exactly the span
 * from its first to its last character — and the labelled characters must be contiguous.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { RegionTracker } from '../../server/src/analysis/regions/regionTracker';
import { DocumentRegions } from '../../server/src/analysis/regions/documentRegions';
import { lineHunks, netChange } from '../../server/src/analysis/regions/lineHunks';
import { RegionStore, reanchorRegions } from '../../server/src/analysis/regions/regionStore';
import { reanchor } from '../../server/src/analysis/regions/reanchor';
import { sha256Hex } from '../../server/src/analysis/regions/text';
import type { OffsetSpan } from '../../server/src/analysis/regions/types';

// ---- the character-label model ----------------------------------------------------------------

interface Model {
  labels: number[];
  /** Characters of the original insertions still present (a subset of the labelled ones). */
  original: boolean[];
}

/** Applies "[start, end) becomes `inserted` new characters" and says whether a region's text was touched. */
function applyToModel(model: Model, start: number, end: number, inserted: number): Set<number> {
  const touched = new Set<number>();
  for (let i = start; i < end; i++) if (model.labels[i]) touched.add(model.labels[i]);
  model.labels.splice(start, end - start);
  model.original.splice(start, end - start);
  const left = start > 0 ? model.labels[start - 1] : 0;
  const right = start < model.labels.length ? model.labels[start] : 0;
  const label = left && left === right ? left : 0;
  if (label && inserted > 0) touched.add(label);
  model.labels.splice(start, 0, ...Array<number>(inserted).fill(label));
  model.original.splice(start, 0, ...Array<boolean>(inserted).fill(false));
  return touched;
}

function modelSpans(model: Model): Map<number, OffsetSpan> {
  const spans = new Map<number, OffsetSpan>();
  model.labels.forEach((label, i) => {
    if (!label) return;
    const s = spans.get(label);
    if (s) s.endIndex = i + 1;
    else spans.set(label, { startIndex: i, endIndex: i + 1 });
  });
  for (const [label, s] of spans) {
    for (let i = s.startIndex; i < s.endIndex; i++) assert.equal(model.labels[i], label, 'model invariant: region characters are contiguous');
  }
  return spans;
}

/** Edit recipes resolved against the current state, biased toward region boundaries. */
const editRecipe = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  anchor: fc.constantFrom('start', 'end', 'inside', 'random', 'random'),
  jitter: fc.integer({ min: -2, max: 2 }),
  seed: fc.nat(),
  deleteLength: fc.integer({ min: 1, max: 12 }),
  insertLength: fc.integer({ min: 1, max: 8 }),
  verifyFirst: fc.boolean(),
});
type EditRecipe = typeof editRecipe extends fc.Arbitrary<infer T> ? T : never;

function resolve(recipe: EditRecipe, length: number, region: OffsetSpan | undefined): { start: number; end: number; inserted: number } {
  let base: number;
  if (region && recipe.anchor === 'start') base = region.startIndex;
  else if (region && recipe.anchor === 'end') base = region.endIndex;
  else if (region && recipe.anchor === 'inside') base = region.startIndex + (recipe.seed % Math.max(1, region.endIndex - region.startIndex));
  else base = recipe.seed % (length + 1);
  const start = Math.max(0, Math.min(length, base + recipe.jitter));
  const end = recipe.kind === 'insert' ? start : Math.min(length, start + recipe.deleteLength);
  const inserted = recipe.kind === 'delete' ? 0 : recipe.insertLength;
  return { start, end, inserted };
}

describe('tracker properties', () => {
  test('one AI insertion then random edits: the region is exactly the labelled characters, verification lost iff touched', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 60 }),
        fc.nat(),
        fc.integer({ min: 1, max: 25 }),
        fc.array(editRecipe, { maxLength: 40 }),
        (initialLength, insertSeed, insertLength, edits) => {
          const at = insertSeed % (initialLength + 1);
          const model: Model = { labels: Array<number>(initialLength).fill(0), original: Array<boolean>(initialLength).fill(false) };
          model.labels.splice(at, 0, ...Array<number>(insertLength).fill(1));
          model.original.splice(at, 0, ...Array<boolean>(insertLength).fill(true));
          const tracker = new RegionTracker(initialLength);
          tracker.applyChange(at, at, insertLength);
          const [region] = tracker.addRegion({ startIndex: at, endIndex: at + insertLength }, 'completion/paste');
          for (const recipe of edits) {
            const current = tracker.regions[0];
            if (recipe.verifyFirst && current) tracker.verify(current.id);
            const wasVerified = current?.status === 'verified';
            const { start, end, inserted } = resolve(recipe, model.labels.length, current?.span);
            const touched = applyToModel(model, start, end, inserted);
            tracker.applyChange(start, end, inserted);

            assert.equal(tracker.textLength, model.labels.length);
            const expected = modelSpans(model).get(1);
            if (!expected) {
              assert.deepEqual(tracker.regions, []);
              continue;
            }
            const [actual, ...others] = tracker.regions;
            assert.equal(others.length, 0);
            assert.equal(actual.id, region.id);
            assert.deepEqual(actual.span, expected);
            assert.ok(actual.span.startIndex >= 0 && actual.span.endIndex <= model.labels.length && actual.span.startIndex < actual.span.endIndex);
            // Every surviving original character is inside the region.
            model.original.forEach((orig, i) => orig && assert.ok(i >= actual.span.startIndex && i < actual.span.endIndex));
            if (wasVerified) assert.equal(actual.status, touched.has(1) ? 'unreviewed' : 'verified');
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('several insertions interleaved with edits: each region tracks its own characters; adjacent ones merge', () => {
    const step = fc.oneof(
      fc.record({ type: fc.constant('ai' as const), seed: fc.nat(), length: fc.integer({ min: 1, max: 10 }) }),
      fc.record({ type: fc.constant('edit' as const), recipe: editRecipe }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(step, { maxLength: 40 }), (initialLength, steps) => {
        let clock = 0;
        const tracker = new RegionTracker(initialLength, { now: () => new Date(Date.UTC(2025, 0, 1) + ++clock * 1000) });
        const model: Model = { labels: Array<number>(initialLength).fill(0), original: Array<boolean>(initialLength).fill(false) };
        const idOf = new Map<number, string>();
        let nextLabel = 1;
        for (const s of steps) {
          if (s.type === 'ai') {
            const at = s.seed % (model.labels.length + 1);
            applyToModel(model, at, at, s.length);
            tracker.applyChange(at, at, s.length);
            // Merge rule: the new span joins every region it overlaps or touches; the oldest label wins.
            const neighbours = new Set<number>();
            for (let i = Math.max(0, at - 1); i < Math.min(model.labels.length, at + s.length + 1); i++) if (model.labels[i]) neighbours.add(model.labels[i]);
            const label = neighbours.size > 0 ? Math.min(...neighbours) : nextLabel++;
            model.labels = model.labels.map((l) => (neighbours.has(l) ? label : l));
            for (let i = at; i < at + s.length; i++) model.labels[i] = label;
            const [added] = tracker.addRegion({ startIndex: at, endIndex: at + s.length }, 'completion/paste');
            if (!idOf.has(label)) idOf.set(label, added.id);
            assert.equal(added.id, idOf.get(label));
          } else {
            const { start, end, inserted } = resolve(s.recipe, model.labels.length, tracker.regions[0]?.span);
            applyToModel(model, start, end, inserted);
            tracker.applyChange(start, end, inserted);
          }
          const expected = [...modelSpans(model).entries()].sort((a, b) => a[1].startIndex - b[1].startIndex);
          assert.deepEqual(tracker.regions.map((r) => [r.id, r.span]), expected.map(([label, span]) => [idOf.get(label), span]));
          assert.equal(tracker.textLength, model.labels.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---- text-level properties ----------------------------------------------------------------------

const piece = fc.constantFrom('a', 'b', ' ', '\n', 'x = 1;\n', '😀', '😃', '}\n');
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

function isInsidePair(s: string, index: number): boolean {
  const prev = s.charCodeAt(index - 1);
  const next = s.charCodeAt(index);
  return index > 0 && index < s.length && prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

describe('text properties', () => {
  test('netChange: the net edit reproduces the new text and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), (old, inserted, a, b) => {
        // Whole code points only, like a real editor change.
        const points = [...old];
        const from = a % (points.length + 1);
        const to = from + (b % (points.length - from + 1));
        const start = points.slice(0, from).join('').length;
        const end = points.slice(0, to).join('').length;
        const newText = old.slice(0, start) + inserted + old.slice(end);
        const net = netChange({ start, end, insertedText: inserted, replacedText: old.slice(start, end) });
        assert.equal(old.slice(net.start, net.start + net.removedText.length), net.removedText);
        assert.equal(old.slice(0, net.start) + net.text + old.slice(net.start + net.removedText.length), newText);
        assert.ok(!isInsidePair(old, net.start) && !isInsidePair(newText, net.start + net.text.length));
        assert.ok(!isInsidePair(old, net.start + net.removedText.length));
      }),
      { numRuns: 500 },
    );
  });

  test('lineHunks: applying the hunks in order turns the old text into the new one', () => {
    const lines = fc.array(fc.constantFrom('alpha();', 'beta();', '', '}', 'gamma(1);', 'delta'), { maxLength: 15 });
    fc.assert(
      fc.property(lines, lines, fc.boolean(), (a, b, trailing) => {
        const oldText = a.join('\n') + (trailing ? '\n' : '');
        const newText = b.join('\n');
        let current = oldText;
        for (const h of lineHunks(oldText, newText)) {
          assert.equal(current.slice(h.newStart, h.newStart + h.removed.length), h.removed);
          current = current.slice(0, h.newStart) + h.added + current.slice(h.newStart + h.removed.length);
        }
        assert.equal(current, newText);
      }),
      { numRuns: 300 },
    );
  });

  test('typing (one character per change, anywhere) never creates a region', () => {
    const keystroke = fc.record({ seed: fc.nat(), ch: fc.constantFrom('a', 'Z', '1', ' ', '\n', '{', '}', '(', ';', '"', '\t'), del: fc.boolean() });
    fc.assert(
      fc.property(text, fc.array(keystroke, { maxLength: 120 }), (initial, keys) => {
        const doc = new DocumentRegions(initial);
        for (const k of keys) {
          const at = k.seed % (doc.text.length + 1);
          if (k.del && at < doc.text.length) doc.applyEdit([{ start: at, end: at + 1, insertedText: '' }]);
          else doc.applyEdit([{ start: at, end: at, insertedText: k.ch }]);
          assert.deepEqual(doc.regions, []);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('DocumentRegions under random edits: spans stay in range, non-empty, hashes match the text', () => {
    const block = 'const user = await db.users.findOne({ where: { id } });\nif (!user) throw new NotFound();\nreturn serialize(user);\n';
    const edit = fc.record({ seed: fc.nat(), length: fc.nat({ max: 30 }), insert: fc.constantFrom('', 'q', '\n', 'return x;\n', block) });
    fc.assert(
      fc.property(text, fc.nat(), fc.array(edit, { maxLength: 25 }), (initial, at, edits) => {
        const doc = new DocumentRegions(initial);
        const pos = at % (initial.length + 1);
        doc.applyEdit([{ start: pos, end: pos, insertedText: block }]);
        assert.equal(doc.regions.length, 1);
        for (const e of edits) {
          const start = e.seed % (doc.text.length + 1);
          const end = Math.min(doc.text.length, start + e.length);
          doc.applyEdit([{ start, end, insertedText: e.insert }]);
          for (const r of doc.regions) {
            assert.ok(r.span.startIndex >= 0 && r.span.startIndex < r.span.endIndex && r.span.endIndex <= doc.text.length, JSON.stringify(r.span));
            assert.equal(r.contentHash, sha256Hex(doc.text.slice(r.span.startIndex, r.span.endIndex)));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---- persistence and re-anchoring ------------------------------------------------------------

let root: string;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-props-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));
let runs = 0;

describe('persistence properties', () => {
  test('round trip: save, open and re-anchor in the unchanged text gives the same regions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.array(fc.record({ a: fc.nat(), b: fc.nat(), verify: fc.boolean(), agent: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        async (content, spans) => {
          const tracker = new RegionTracker(content.length);
          for (const s of spans) {
            const start = s.a % content.length;
            const end = start + 1 + (s.b % (content.length - start));
            const [r] = tracker.addRegion({ startIndex: start, endIndex: end }, s.agent ? 'agent' : 'completion/paste', { text: content });
            if (r && s.verify) tracker.verify(r.id, { note: 'checked', by: 'me' });
          }
          const file = path.join(root, `round${++runs}`, 'regions.json');
          const { store } = await RegionStore.open(file);
          store.setFromTracker('src/file.ts', tracker, content);
          assert.equal((await store.save()).saved, true);
          const reopened = await RegionStore.open(file);
          assert.deepEqual(reopened.warnings, []);
          const { regions, dropped, changed } = reanchorRegions(reopened.store.regionsOf('src/file.ts'), content);
          // Only whitespace cannot be found again by its text (and is never a region the detector makes).
          const blank = (r: { span: OffsetSpan }) => content.slice(r.span.startIndex, r.span.endIndex).trim() === '';
          assert.deepEqual(dropped.map((r) => r.id), tracker.regions.filter(blank).map((r) => r.id));
          assert.deepEqual(changed, []);
          const restored = RegionTracker.fromRegions(regions, content.length);
          assert.deepEqual(restored.regions, tracker.regions.filter((r) => !blank(r)));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('re-anchoring after the file changed on disk: lines above, an edited region line, a deleted region', () => {
    const word = fc.stringMatching(/^[a-z]{3,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 0, maxLength: 8 }),
        fc.array(word, { minLength: 3, maxLength: 8 }),
        fc.array(word, { minLength: 0, maxLength: 8 }),
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (beforeWords, regionWords, afterWords, insertedWords, which) => {
          // Distinct prefixes keep region lines unique in the file.
          const regionLines = regionWords.map((w, i) => `  region_${i}(${w});`);
          const filler = (words: string[], tag: string) => words.map((w, i) => `${tag}_${i} = "${w}"\n`).join('');
          const regionText = regionLines.join('\n');
          const original = `${filler(beforeWords, 'pre')}${regionText}\n${filler(afterWords, 'post')}`;
          const start = original.indexOf(regionText);
          const saved = { span: { startIndex: start, endIndex: start + regionText.length }, text: regionText };

          const above = filler(insertedWords, 'new');
          const shifted = reanchor(saved, above + original);
          assert.deepEqual(shifted, { span: { startIndex: start + above.length, endIndex: start + above.length + regionText.length }, exact: true });

          const k = which % regionLines.length;
          const editedLines = regionLines.map((l, i) => (i === k ? `  changed_${i}(other);` : l));
          const edited = original.replace(regionText, editedLines.join('\n'));
          const fuzzy = reanchor(saved, edited);
          assert.equal(fuzzy?.exact, false);
          const found = edited.slice(fuzzy!.span.startIndex, fuzzy!.span.endIndex);
          regionLines.forEach((l, i) => i !== k && assert.ok(found.includes(l.trim()), `${l} in ${found}`));
          assert.ok(!found.includes('pre_') && !found.includes('post_'));

          assert.equal(reanchor(saved, original.replace(`${regionText}\n`, '')), undefined);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('whatever the state file contains, opening it never throws; unreadable content is moved aside', async () => {
    const content = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constant('{"schemaVersion":1,"files":{}}'),
      fc.record({ schemaVersion: fc.oneof(fc.integer(), fc.string()), files: fc.anything() }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(content, async (raw) => {
        const file = path.join(root, `corrupt${++runs}`, 'regions.json');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, raw);
        const { store, warnings } = await RegionStore.open(file);
        const aside = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('regions.json.corrupt-'));
        if (fs.existsSync(file)) assert.deepEqual(aside, []);
        else {
          assert.equal(aside.length, 1);
          assert.equal(fs.readFileSync(path.join(path.dirname(file), aside[0]), 'utf8'), raw);
          assert.equal(warnings.length, 1);
          assert.deepEqual(store.paths(), []);
        }
      }),
      { numRuns: 150 },
    );
  });
});
