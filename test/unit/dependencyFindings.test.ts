/**
 * The dependency findings end to end: files in a workspace, the fake registry as the project's
 * registry, the checks run, the lookups fetched, the checks run again — for every finding, every
 * "never looked up" case, lockfiles, offline mode, and a property test that no sequence of
 * registry faults ever yields an error-level "does not exist".
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Engine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/analysis/textEdits';
import { sharedEngine } from '../helpers/engine';
import { FakeRegistry, type Fault } from '../helpers/fakeRegistry';
import { dependencyWorkspace, type DependencyWorkspace } from '../helpers/dependencyWorkspace';

const DAY = 24 * 60 * 60 * 1000;
let engine: Engine;
let registry: FakeRegistry;
let workspace: DependencyWorkspace | undefined;

beforeEach(async () => {
  engine = await sharedEngine();
  registry = await FakeRegistry.start();
});

afterEach(async () => {
  await workspace?.dispose();
  workspace = undefined;
  await registry.stop();
});

async function open(files: Record<string, string>, options?: Parameters<typeof dependencyWorkspace>[3]) {
  workspace = await dependencyWorkspace(engine, registry, files, options);
  return workspace;
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.ruleId}:${f.severity}:${f.range.start.line + 1}`);

describe('does not exist', () => {
  test('an import of a hallucinated npm package: error, did-you-mean fixes for the import and package.json, and "Remove this dependency"', async () => {
    registry.npm.set('left-pad', {});
    const ws = await open({
      'package.json': '{\n  "name": "demo",\n  "dependencies": {\n    "left-padx": "^1.3.0"\n  }\n}\n',
      'src/pad.js': 'import leftPad from "left-padx";\nexport const pad = (s) => leftPad(s, 8);\n',
    });
    const findings = await ws.scan('src/pad.js');
    assert.deepEqual(summary(findings), ['dependency-does-not-exist:error:1']);
    const [finding] = findings;
    assert.match(finding.message, /`left-padx` does not exist on 127\.0\.0\.1:\d+ — likely a hallucinated package; an attacker could register it\. Did you mean `left-pad`/);
    const fix = finding.fixes![0];
    assert.equal(fix.title, 'Use `left-pad` instead');
    assert.equal(applyEdits('import leftPad from "left-padx";\nexport const pad = (s) => leftPad(s, 8);\n', fix.edits), 'import leftPad from "left-pad";\nexport const pad = (s) => leftPad(s, 8);\n');
    assert.equal(fix.otherFiles?.length, 1);
    assert.ok(fix.otherFiles![0].filePath.endsWith('package.json'));
    const manifest = '{\n  "name": "demo",\n  "dependencies": {\n    "left-padx": "^1.3.0"\n  }\n}\n';
    assert.equal(applyEdits(manifest, fix.otherFiles![0].edits), manifest.replace('left-padx', 'left-pad'));
    const remove = finding.fixes!.find((f) => f.title === 'Remove this dependency')!;
    assert.equal(applyEdits('import leftPad from "left-padx";\nexport const pad = (s) => leftPad(s, 8);\n', remove.edits), 'export const pad = (s) => leftPad(s, 8);\n');
    assert.deepEqual(JSON.parse(applyEdits(manifest, remove.otherFiles![0].edits)), { name: 'demo', dependencies: {} });
    assert.ok(finding.related?.some((r) => r.filePath?.endsWith('package.json')));
  });

  test('410 counts as missing too; PyPI manifests, Go imports and install commands', async () => {
    registry.faults.set('/npm/gone-pkg', { status: 410 });
    registry.go.set('github.com/gorilla/mux', {});
    const ws = await open({
      'requirements.txt': 'reqeusts==2.31.0\n',
      'main.go': 'package main\n\nimport "github.com/gorila/muxx/v2"\n',
      'go.mod': 'module example.com/me\n\ngo 1.22\n',
      'setup.sh': 'npm install gone-pkg\n',
    });
    assert.deepEqual(summary(await ws.scan('requirements.txt')), ['dependency-does-not-exist:error:1']);
    assert.deepEqual(summary(await ws.scan('main.go')), ['dependency-does-not-exist:error:3']);
    assert.deepEqual(summary(await ws.scan('setup.sh')), ['dependency-does-not-exist:error:1']);
  });

  test('a Python import is checked under its distribution name (yaml → PyYAML)', async () => {
    registry.pypi.set('PyYAML', {});
    const ws = await open({ 'app.py': 'import yaml\nimport notarealpkg\n' });
    const findings = await ws.scan('app.py');
    assert.deepEqual(summary(findings), ['dependency-does-not-exist:error:2']);
    assert.ok(registry.requests.some((r) => r.path === '/pypi/pypi/pyyaml/json'));
  });
});

describe('never looked up', () => {
  test('JS/TS: built-ins with and without node:, paths, URLs, #imports, tsconfig paths and baseUrl, workspace packages, the package itself', async () => {
    const ws = await open({
      'package.json': JSON.stringify({ name: '@me/app', workspaces: ['packages/*'] }),
      'packages/shared/package.json': JSON.stringify({ name: '@me/shared' }),
      'tsconfig.json': '{ // comments are fine\n "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["src/*"], "~lib": ["lib/index.ts"] } } }',
      'src/utils/index.ts': 'export const x = 1;\n',
      'src/app.ts': [
        'import fs from "fs";', 'import path from "node:path";', 'import { test } from "node:test";', 'import t from "timers/promises";',
        'import a from "./a";', 'import b from "../b";', 'import c from "/abs/c";', 'import d from "https://esm.sh/d";',
        'import e from "#internal";', 'import f from "@/components/f";', 'import g from "~lib";', 'import h from "utils";',
        'import i from "@me/shared";', 'import j from "@me/app/sub";', 'import k from "$lib/k";', 'import l from "virtual:l";',
      ].join('\n'),
    });
    const { findings, asked } = ws.scanNow('src/app.ts');
    assert.deepEqual(findings, []);
    assert.deepEqual(asked, []);
    assert.equal(registry.requests.length, 0);
  });

  test('Python: the standard library (3.8–3.14 and Python 2 compatibility names), private modules, first-party modules (src layout too), the project itself', async () => {
    const ws = await open({
      'pyproject.toml': '[project]\nname = "my-service"\n',
      'src/mypkg/__init__.py': '',
      'helpers.py': '',
      'app.py': 'import os, sys, json, tomllib, zoneinfo, asyncio\nimport xml.etree.ElementTree as ET\nimport distutils\nimport urllib2\nimport _thread\nimport mypkg.sub\nimport helpers\nimport my_service\n',
    });
    const { findings, asked } = ws.scanNow('app.py');
    assert.deepEqual(findings, []);
    assert.deepEqual(asked, []);
  });

  test('Go: the standard library, the module\'s own packages, replaced modules, GOPRIVATE modules', async () => {
    const ws = await open({
      'go.mod': 'module example.com/me\n\ngo 1.22\n\nreplace github.com/forked/lib => ../lib\n',
      'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"example.com/me/internal/db"\n\t"github.com/forked/lib/sub"\n)\n',
    });
    const { findings, asked } = ws.scanNow('main.go');
    assert.deepEqual(findings, []);
    assert.deepEqual(asked, []);
  });

  test('Go without go.mod: vendored packages and packages of the GOPATH-style tree the file is in', async () => {
    const ws = await open({
      'src/github.com/acme/tool/vendor/github.com/vend/lib/lib.go': 'package lib\n',
      'src/github.com/acme/tool/cmd/main.go': 'package main\n\nimport (\n\t"github.com/acme/tool/v2/internal/db"\n\t"github.com/vend/lib"\n)\n',
    });
    const { findings, asked } = ws.scanNow('src/github.com/acme/tool/cmd/main.go');
    assert.deepEqual(findings, []);
    assert.deepEqual(asked, []);
  });

  test('an optional import (try/except ImportError, try/catch around require) is not looked up', async () => {
    const ws = await open({ 'app.py': 'try:\n    import fastjsonx\nexcept ImportError:\n    fastjsonx = None\n' });
    assert.deepEqual(ws.scanNow('app.py').asked, []);
  });
});

describe('lockfiles and installed packages prove existence', () => {
  const cases: Array<[string, string, string, string]> = [
    ['package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/private-thing': { version: '1.0.0' } } }), 'src/a.js', 'import x from "private-thing";\n'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n\npackages:\n\n  private-thing@1.0.0:\n    resolution: {integrity: sha512-x}\n", 'src/a.js', 'import x from "private-thing";\n'],
    ['yarn.lock', '# yarn lockfile v1\n\nprivate-thing@^1.0.0:\n  version "1.0.0"\n', 'src/a.js', 'import x from "private-thing";\n'],
    ['poetry.lock', '[[package]]\nname = "private-thing"\nversion = "1.0.0"\n', 'app.py', 'import private_thing\n'],
    ['uv.lock', 'version = 1\n\n[[package]]\nname = "private-thing"\nversion = "1.0.0"\n', 'app.py', 'import private_thing\n'],
    ['go.sum', 'example.org/private-thing v1.0.0 h1:abc=\nexample.org/private-thing v1.0.0/go.mod h1:def=\n', 'main.go', 'package main\n\nimport "example.org/private-thing/pkg"\n'],
  ];
  for (const [lockfile, text, file, code] of cases) {
    test(`${lockfile}: a name in it is never reported missing, even when the registry says 404`, async () => {
      const ws = await open({ [lockfile]: text, [file]: code, ...(file === 'main.go' ? { 'go.mod': 'module example.com/me\n' } : {}) });
      assert.deepEqual(summary(await ws.scan(file)), []);
    });
  }

  test('an installed package (node_modules, a virtual environment) exists without a request', async () => {
    const ws = await open({
      'node_modules/local-only/package.json': '{"name":"local-only"}',
      '.venv/lib/python3.12/site-packages/internal_dist-1.0.dist-info/top_level.txt': 'internal_mod\n',
      'src/a.js': 'import x from "local-only";\n',
      'app.py': 'import internal_mod\n',
    }, { online: false });
    assert.deepEqual(summary(ws.scanNow('src/a.js').findings), []);
    assert.deepEqual(summary(ws.scanNow('app.py').findings), []);
  });
});

describe('typosquats, risk, deprecation, could not verify', () => {
  test('typosquat: an existing near-name of a far more popular package, with a fix to switch (import and manifest)', async () => {
    registry.npm.set('axois', {});
    const ws = await open({ 'package.json': '{"dependencies":{"axois":"^1.0.0"}}', 'src/a.js': 'const axios = require("axois");\n' });
    const findings = await ws.scan('src/a.js');
    assert.deepEqual(summary(findings), ['dependency-typosquat:warning:1']);
    assert.match(findings[0].message, /typosquat of the popular package `axios` \("io" swapped\)/);
    assert.equal(findings[0].fixes![0].title, 'Switch to `axios`');
    assert.equal(findings[0].fixes![0].otherFiles?.length, 1);
  });

  test('offline, a name in no lockfile, installed package or list that imitates a popular name is still a typosquat candidate', async () => {
    const ws = await open({ 'requirements.txt': 'reqeusts==2.31.0\ncolourama\nmy-private-lib\n' }, { online: false });
    const { findings, asked } = ws.scanNow('requirements.txt');
    assert.deepEqual(summary(findings), ['dependency-typosquat:warning:1', 'dependency-typosquat:warning:2', 'dependency-could-not-verify:info:3']);
    assert.deepEqual(asked, []);
    assert.equal(registry.requests.length, 0);
  });

  test('slopsquat risk: brand new, a single version, no repository, an install script — the reasons are listed', async () => {
    const now = Date.now();
    registry.npm.set('jwt-fast-verify', { versions: ['0.0.1'], times: { '0.0.1': new Date(now - 3 * DAY).toISOString() }, scripts: { postinstall: 'node steal.js' } });
    const ws = await open({ 'src/a.js': 'import { verify } from "jwt-fast-verify";\n' });
    const findings = await ws.scan('src/a.js');
    assert.deepEqual(summary(findings), ['dependency-slopsquat-risk:warning:1']);
    assert.match(findings[0].message, /first published 3 days ago; only 1 version; no source repository linked; runs postinstall scripts when installed/);
  });

  test('a release in the last 48 hours of an established package is a risk signal; popular packages never are', async () => {
    const now = Date.now();
    const times = { '1.0.0': new Date(now - 900 * DAY).toISOString(), '1.1.0': new Date(now - 5 * 60 * 60 * 1000).toISOString() };
    registry.npm.set('obscure-util', { versions: ['1.0.0', '1.1.0'], times, repository: 'https://github.com/x/obscure-util' });
    registry.npm.set('react', { versions: ['1.0.0', '1.1.0'], times });
    const ws = await open({ 'src/a.js': 'import a from "obscure-util";\nimport React from "react";\n' });
    assert.deepEqual(summary(await ws.scan('src/a.js')), ['dependency-slopsquat-risk:warning:1']);
  });

  test('deprecated: npm deprecation of the resolved version or of the whole package; PyPI yanked pin', async () => {
    registry.npm.set('request', { versions: ['2.88.2'], deprecated: { '2.88.2': 'request has been deprecated' }, repository: 'x' });
    registry.npm.set('old-lib', { versions: ['1.0.0', '2.0.0'], deprecated: { '1.0.0': 'upgrade to 2' }, repository: 'x' });
    registry.pypi.set('urllib3', { versions: ['2.0.0', '2.2.1'], yanked: { '2.0.0': 'Broken on Python 3.7' }, repository: 'https://github.com/urllib3/urllib3' });
    const ws = await open({
      'package.json': '{\n  "dependencies": {\n    "request": "^2.88.0",\n    "old-lib": "^1.0.0"\n  }\n}\n',
      'requirements.txt': 'urllib3==2.0.0\n',
    });
    const npmFindings = await ws.scan('package.json');
    assert.deepEqual(summary(npmFindings), ['dependency-deprecated:warning:3', 'dependency-deprecated:warning:4']);
    assert.match(npmFindings[1].message, /`old-lib` 1\.0\.0 is deprecated on .*: "upgrade to 2"/);
    const pyFindings = await ws.scan('requirements.txt');
    assert.deepEqual(summary(pyFindings), ['dependency-deprecated:warning:1']);
    assert.match(pyFindings[0].message, /yanked .*Broken on Python 3\.7/);
  });

  test('could not verify: a timeout is information, retried later — never an error', async () => {
    registry.faults.set('/npm/slow-pkg', { kind: 'hang' });
    const ws = await open({ 'src/a.js': 'import s from "slow-pkg";\n' }, { timeoutMs: 200 });
    const findings = await ws.scan('src/a.js');
    assert.deepEqual(summary(findings), ['dependency-could-not-verify:info:1']);
    assert.match(findings[0].message, /did not answer within 0\.2 s/);
  });

  test('while a lookup is pending, nothing is reported (no false "does not exist")', async () => {
    const ws = await open({ 'src/a.js': 'import s from "unknown-pkg";\n' });
    const { findings, asked } = ws.scanNow('src/a.js');
    assert.deepEqual(findings, []);
    assert.deepEqual(asked.map((a) => a.name), ['unknown-pkg']);
  });
});

describe('offline and trust', () => {
  test('online: false makes zero requests, whatever the files name', async () => {
    const ws = await open({
      'src/a.js': 'import a from "left-padx";\nimport b from "react";\n',
      'requirements.txt': 'reqeusts\nflask\n',
      'main.go': 'package main\n\nimport "github.com/x/y"\n',
      'go.mod': 'module example.com/me\n',
      'setup.sh': 'npm i foo && pip install bar && go get github.com/a/b\n',
    }, { online: false });
    for (const file of ['src/a.js', 'requirements.txt', 'main.go', 'setup.sh']) {
      const findings = await ws.scan(file);
      assert.ok(findings.every((f) => f.severity !== 'error'), `${file}: ${summary(findings)}`);
    }
    assert.equal(registry.requests.length, 0);
    assert.equal(ws.service.http.requestCount, 0);
  });
});

describe('property: no fault sequence ever yields an error-level "does not exist"', () => {
  const FAULTS: Fault[] = [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 401 }, { status: 403 }, { status: 429 }, { kind: 'malformed' }, { kind: 'hang' }, { kind: 'slow-body' }, { kind: 'huge', bytes: 17 * 1024 * 1024 }, { kind: 'redirect', to: '/npm/elsewhere-loop' }];
  test('npm, PyPI (JSON and simple) and the Go proxy, under any mix of faults', async () => {
    registry.faults.set('/npm/elsewhere-loop', { kind: 'redirect', to: '/npm/elsewhere-loop' });
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(...FAULTS.keys()), { minLength: 4, maxLength: 4 }),
      async (faultIds) => {
        registry.faults.clear();
        registry.faults.set('/npm/elsewhere-loop', { kind: 'redirect', to: '/npm/elsewhere-loop' });
        const [a, b, c, d] = faultIds.map((i) => FAULTS[i]);
        registry.faults.set('/npm/some-pkg', a);
        registry.faults.set('/pypi/pypi/some-dist/json', b);
        registry.faults.set('/pypi/simple/some-dist/', c);
        registry.faults.set('/go/example.org/some/mod/@latest', d);
        const ws = await dependencyWorkspace(engine, registry, {
          'src/a.js': 'import x from "some-pkg";\n', 'requirements.txt': 'some-dist\n',
          'main.go': 'package main\n\nimport "example.org/some/mod"\n', 'go.mod': 'module example.com/me\n',
        }, { timeoutMs: 150 });
        try {
          for (const file of ['src/a.js', 'requirements.txt', 'main.go']) {
            const findings = await ws.scan(file);
            assert.ok(!findings.some((f) => f.ruleId === 'dependency-does-not-exist' || f.severity === 'error'), `${file} with faults ${JSON.stringify([a, b, c, d])}: ${summary(findings)}`);
          }
        } finally {
          await ws.dispose();
        }
      },
    ), { numRuns: 12 });
  });
});
