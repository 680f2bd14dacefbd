/** The generated rule pages show the examples as written, without the line markers the example tests read. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths';

test('no rule page shows a "ruleid:" marker', () => {
  const dir = path.join(ROOT, 'docs', 'rules');
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length > 0);
  const showing = pages.filter((page) => /ruleid:/.test(fs.readFileSync(path.join(dir, page), 'utf8')));
  assert.deepEqual(showing, []);
});
