/** RegionStore persistence (atomic, corrupt files moved aside) and re-anchoring regions by text. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegionStore, REGION_STORE_SCHEMA_VERSION, reanchorRegions, toStored, type StoredRegion } from '../../server/src/analysis/regions/regionStore';
import { reanchor } from '../../server/src/analysis/regions/reanchor';
import { RegionTracker } from '../../server/src/analysis/regions/regionTracker';
import { sha256Hex } from '../../server/src/analysis/regions/text';
import type { Region } from '../../server/src/analysis/regions/types';

let root: string;
let counter = 0;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-guard-store-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fresh `.git/ai-guard/regions.json` path in its own folder. */
function storePath(): string {
  return path.join(root, `repo${++counter}`, '.git', 'ai-guard', 'regions.json');
}

const CODE = `import os

def load_config(path):
    with open(path) as handle:
        data = handle.read()
    return parse(data)

def main():
    run()
`;

const REGION_TEXT = `def load_config(path):
    with open(path) as handle:
        data = handle.read()
    return parse(data)`;

function region(text: string, regionText: string, extra: Partial<Region> = {}): Region {
  const start = text.indexOf(regionText);
  assert.ok(start >= 0);
  return {
    id: 'r1',
    span: { startIndex: start, endIndex: start + regionText.length },
    origin: 'completion/paste',
    createdAt: '2025-03-04T05:06:07.000Z',
    status: 'unreviewed',
    contentHash: sha256Hex(regionText),
    ...extra,
  };
}

describe('RegionStore', () => {
  test('a missing file opens as an empty store without warnings', async () => {
    const { store, warnings } = await RegionStore.open(storePath());
    assert.deepEqual(warnings, []);
    assert.deepEqual(store.paths(), []);
    assert.equal(store.readOnly, false);
  });

  test('round trip: regions with text, status and verification survive save and open', async () => {
    const file = storePath();
    const { store } = await RegionStore.open(file);
    const verified = region(CODE, REGION_TEXT, { status: 'verified', verifiedAt: '2025-03-05T00:00:00.000Z', verifiedBy: 'li', note: 'reads a trusted file' });
    store.setRegions('src/config.py', [toStored(verified, CODE)]);
    assert.deepEqual(await store.save(), { saved: true });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['regions.json'], 'no temporary file left behind');
    const reopened = await RegionStore.open(file);
    assert.deepEqual(reopened.warnings, []);
    assert.deepEqual(reopened.store.regionsOf('src/config.py'), [{ ...verified, text: REGION_TEXT }]);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(json.schemaVersion, REGION_STORE_SCHEMA_VERSION);
  });

  test('setFromTracker saves the tracker\'s regions with their current text', async () => {
    const file = storePath();
    const { store } = await RegionStore.open(file);
    const tracker = RegionTracker.fromRegions([region(CODE, REGION_TEXT)], CODE.length);
    store.setFromTracker('a/b.py', tracker, CODE);
    await store.save();
    const [saved] = (await RegionStore.open(file)).store.regionsOf('a/b.py');
    assert.equal(saved.text, REGION_TEXT);
    assert.equal(saved.contentHash, sha256Hex(REGION_TEXT));
  });

  test('keys are repository-relative with / separators; bad keys are refused', () => {
    const store = RegionStore.empty(storePath());
    const stored = toStored(region(CODE, REGION_TEXT), CODE);
    store.setRegions('.\\src\\x.py', [stored]);
    assert.deepEqual(store.paths(), ['src/x.py']);
    store.renameFile('src/x.py', 'src/y.py');
    assert.deepEqual(store.paths(), ['src/y.py']);
    store.setRegions('src/y.py', []);
    assert.deepEqual(store.paths(), []);
    for (const bad of ['/etc/passwd', '../outside.py', 'C:/x.py', '']) {
      assert.throws(() => store.setRegions(bad, [stored]), /repository-relative/);
    }
  });

  test('a corrupt file is moved aside with a warning and the store starts empty', async () => {
    const file = storePath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"schemaVersion": 1, "files": {');
    const { store, warnings } = await RegionStore.open(file, { now: () => new Date('2025-06-07T08:09:10.123Z') });
    const aside = `${file}.corrupt-2025-06-07T08-09-10-123Z`;
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /could not read its region state/);
    assert.ok(warnings[0].includes(aside), warnings[0]);
    assert.ok(fs.existsSync(aside));
    assert.equal(fs.existsSync(file), false);
    assert.deepEqual(store.paths(), []);
    assert.deepEqual(await store.save(), { saved: true }, 'the fresh store can be saved again');
  });

  test('valid JSON of the wrong shape is corrupt too', async () => {
    for (const content of ['[]', '42', '{"files": {}}', '{"schemaVersion": 1, "files": []}']) {
      const file = storePath();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      const { warnings } = await RegionStore.open(file);
      assert.equal(warnings.length, 1, content);
      assert.equal(fs.existsSync(file), false, content);
    }
  });

  test('malformed regions are dropped with a warning; the rest load', async () => {
    const file = storePath();
    const good = toStored(region(CODE, REGION_TEXT), CODE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({
      schemaVersion: 1,
      files: { 'ok.py': [good, { ...good, status: 'approved' }, { ...good, span: { startIndex: 5, endIndex: 5 } }], '../evil.py': [good] },
    }));
    const { store, warnings } = await RegionStore.open(file);
    assert.deepEqual(store.paths(), ['ok.py']);
    assert.equal(store.regionsOf('ok.py').length, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^3 saved AI region\(s\)/);
  });

  test('a file from a newer schema is left untouched and the store is read-only', async () => {
    const file = storePath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const newer = JSON.stringify({ schemaVersion: REGION_STORE_SCHEMA_VERSION + 1, files: {}, extra: true });
    fs.writeFileSync(file, newer);
    const { store, warnings } = await RegionStore.open(file);
    assert.match(warnings[0], /newer version/);
    assert.equal(store.readOnly, true);
    const result = await store.save();
    assert.equal(result.saved, false);
    assert.match(result.warning ?? '', /left untouched/);
    assert.equal(fs.readFileSync(file, 'utf8'), newer);
  });

  test('an unreadable path gives a warning, not a crash, and is never overwritten', async () => {
    const dir = storePath();
    fs.mkdirSync(dir, { recursive: true }); // a directory where the file should be
    const { store, warnings } = await RegionStore.open(dir);
    assert.equal(warnings.length, 1);
    assert.equal(store.readOnly, true);
    assert.equal((await store.save()).saved, false);
    assert.ok(fs.statSync(dir).isDirectory());
  });

  test('a failed write reports a warning, leaves no temporary file and does not touch other files', async () => {
    const file = storePath();
    const { store } = await RegionStore.open(file);
    store.setRegions('x.py', [toStored(region(CODE, REGION_TEXT), CODE)]);
    await store.save();
    const saved = fs.readFileSync(file, 'utf8');
    fs.mkdirSync(`${file}.blocker`);
    // Make the target a directory so rename fails, after the temp file was fully written.
    const blocked = RegionStore.empty(path.join(`${file}.blocker`));
    blocked.setRegions('y.py', [toStored(region(CODE, REGION_TEXT), CODE)]);
    const result = await blocked.save();
    assert.equal(result.saved, false);
    assert.match(result.warning ?? '', /could not save/);
    assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['regions.json', 'regions.json.blocker']);
    assert.equal(fs.readFileSync(file, 'utf8'), saved);
  });

  test('concurrent saves are serialised: the last state wins, no temp files remain', async () => {
    const file = storePath();
    const { store } = await RegionStore.open(file);
    const stored = toStored(region(CODE, REGION_TEXT), CODE);
    const saves: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      store.setRegions(`f${i}.py`, [stored]);
      saves.push(store.save());
    }
    await Promise.all(saves);
    assert.equal((await RegionStore.open(file)).store.paths().length, 10);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['regions.json']);
  });
});

describe('reanchor', () => {
  const saved = { span: region(CODE, REGION_TEXT).span, text: REGION_TEXT };

  test('unchanged file: the same span, exact', () => {
    assert.deepEqual(reanchor(saved, CODE), { span: saved.span, exact: true });
  });

  test('lines inserted above: found exactly at its new offset', () => {
    const moved = `# header\n# more\n${CODE}`;
    assert.deepEqual(reanchor(saved, moved), { span: { startIndex: saved.span.startIndex + 16, endIndex: saved.span.endIndex + 16 }, exact: true });
  });

  test('two exact copies: the one nearest the old offset', () => {
    const twice = `${CODE}\n${REGION_TEXT}\n`;
    assert.equal(reanchor(saved, twice)?.span.startIndex, twice.indexOf(REGION_TEXT));
    const late = { span: { startIndex: twice.length - 20, endIndex: twice.length }, text: REGION_TEXT };
    assert.equal(reanchor(late, twice)?.span.startIndex, twice.lastIndexOf(REGION_TEXT));
    assert.notEqual(twice.indexOf(REGION_TEXT), twice.lastIndexOf(REGION_TEXT));
  });

  test('the region edited on disk: the surviving lines, not exact', () => {
    const edited = CODE.replace('        data = handle.read()', '        data = handle.read(4096)');
    const anchor = reanchor(saved, edited);
    assert.equal(anchor?.exact, false);
    assert.equal(edited.slice(anchor!.span.startIndex, anchor!.span.endIndex), REGION_TEXT.replace('read()', 'read(4096)'));
  });

  test('re-indented region: still found, by its lines', () => {
    const indented = CODE.replace(REGION_TEXT, REGION_TEXT.split('\n').map((l) => `    ${l}`).join('\n'));
    const anchor = reanchor(saved, indented);
    assert.equal(anchor?.exact, false);
    assert.ok(indented.slice(anchor!.span.startIndex, anchor!.span.endIndex).includes('return parse(data)'));
  });

  test('the region deleted, or mostly rewritten: gone', () => {
    assert.equal(reanchor(saved, CODE.replace(REGION_TEXT + '\n', '')), undefined);
    const rewritten = CODE.replace('with open(path) as handle:', 'handle = open(path)').replace('data = handle.read()', 'data = handle.read(1)').replace('return parse(data)', 'return data');
    assert.equal(reanchor(saved, rewritten), undefined);
    assert.equal(reanchor({ span: saved.span, text: '\n  \n' }, CODE), undefined);
  });

  test('reanchorRegions: exact keeps verification; fuzzy or tampered becomes unreviewed; gone is dropped', () => {
    const verified = (id: string, text: string): StoredRegion => ({
      ...toStored(region(CODE, text), CODE),
      id,
      status: 'verified',
      verifiedAt: '2025-01-01T00:00:00.000Z',
    });
    const exact = verified('exact', REGION_TEXT);
    const fuzzy = verified('fuzzy', REGION_TEXT);
    const tampered = { ...verified('tampered', REGION_TEXT), contentHash: sha256Hex('something else') };
    const gone = verified('gone', 'def main():\n    run()');
    const current = CODE.replace('def main():\n    run()', 'def start():\n    go()');
    const fuzzyCurrent = current.replace('return parse(data)', 'return parse(data, strict=True)');
    const a = reanchorRegions([exact, tampered, gone], current);
    assert.deepEqual(a.regions.map((r) => [r.id, r.status]), [['exact', 'verified'], ['tampered', 'unreviewed']]);
    assert.deepEqual(a.dropped.map((r) => r.id), ['gone']);
    assert.deepEqual(a.changed, []);
    const b = reanchorRegions([fuzzy], fuzzyCurrent);
    assert.deepEqual(b.regions.map((r) => [r.id, r.status, r.verifiedAt]), [['fuzzy', 'unreviewed', undefined]]);
    assert.deepEqual(b.changed, ['fuzzy']);
    const r = b.regions[0];
    assert.equal(r.contentHash, sha256Hex(fuzzyCurrent.slice(r.span.startIndex, r.span.endIndex)));
  });
});
