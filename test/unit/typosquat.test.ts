/**
 * The typosquat check on its own: every confusion kind it names, the exemptions that keep it
 * precise (listed names, known scopes, version digits, short names), did-you-mean suggestions,
 * and recall on real malicious package names from OSV advisories (test/fixtures/dependencies).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findConfusion, suggestionsFor } from '../../server/src/analysis/dependencies/typosquat';
import { sharedEngine } from '../helpers/engine';
import { ROOT } from '../helpers/paths';

test('confusions: letters swapped, added, dropped, changed; separators; suffixes and prefixes; scopes; look-alike letters', async () => {
  const { npm, pypi } = (await sharedEngine()).dependencyData.popularity;
  const cases: Array<[typeof npm, string, string, RegExp]> = [
    [npm, 'axois', 'axios', /swapped/],
    [npm, 'expresss', 'express', /added/],
    [npm, 'expres', 'express', /dropped/],
    [npm, 'lodasg', 'lodash', /changed/],
    [npm, 'reactdom', 'react-dom', /separators/],
    [npm, 'lodashjs', 'lodash', /"js" added/],
    [npm, 'node-chalk', 'chalk', /"node-" added/],
    [npm, '@lodash/lodash', 'lodash', /scope of its own name/],
    [npm, 'testing-library-react', '@testing-library/react', /scope written as part of the name/],
    [npm, 'l0dash', 'lodash', /look-alike/],
    [pypi, 'python3-dateutil', 'python-dateutil', /added/],
    [pypi, 'requests2', 'requests', /"2" added/],
    [pypi, 'reqeusts', 'requests', /swapped/],
    [pypi, 'colourama', 'colorama', /added/],
    [pypi, 'python_dateutil2', 'python-dateutil', /added/],
  ];
  for (const [popularity, name, target, how] of cases) {
    const confusion = findConfusion(name, popularity);
    assert.equal(confusion?.target, target, name);
    assert.match(confusion!.how, how, name);
  }
});

test('not confusions: listed names, names in a popular scope, version digits, short names, unrelated names', async () => {
  const { npm, pypi } = (await sharedEngine()).dependencyData.popularity;
  for (const name of ['react', 'preact', 'yargs', '@types/qs', '@babel/plugin-not-real', '@tryghost/debug', 'eventemitter4', 'ms2', 'my-company-utils', 'zod']) {
    assert.equal(findConfusion(name, npm), undefined, name);
  }
  for (const name of ['requests', 'django', 'flask-cors', 'my-internal-service']) assert.equal(findConfusion(name, pypi), undefined, name);
});

test('did-you-mean suggestions put the confusion first, then the nearest popular names', async () => {
  const { npm } = (await sharedEngine()).dependencyData.popularity;
  assert.equal(suggestionsFor('left-padx', npm)[0], 'left-pad');
  assert.equal(suggestionsFor('expresss', npm)[0], 'express');
  assert.ok(suggestionsFor('this-name-is-nothing-like-anything', npm).length === 0);
});

test('recall on real typosquats from malicious-package advisories: most npm and every PyPI name in the fixture', async () => {
  const { popularity } = (await sharedEngine()).dependencyData;
  const rows = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'dependencies', 'malicious-typosquats.tsv'), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const caught = rows.filter(([ecosystem, name, imitates]) => {
    if (ecosystem !== 'npm' && ecosystem !== 'pypi') return false;
    return findConfusion(name, popularity[ecosystem])?.target.toLowerCase() === imitates.toLowerCase();
  }).map(([, name]) => name);
  // The numbers the README quotes; a change in the check that loses one must say so there too.
  assert.deepEqual(caught, ['axois', 'electorn', '0requests', 'colorama-py', 'matplotlb', 'pilllow', 'beautifulsop4', 'seleniumm']);
});
