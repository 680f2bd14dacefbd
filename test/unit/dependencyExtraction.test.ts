/**
 * Extraction of package references: every form the issue lists, each with the exact span of the
 * name (what is underlined and what a fix replaces).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { extractReferences } from '../../server/src/analysis/dependencies/extract';
import { fileKindForPath, grammarForPath } from '../../server/src/analysis/languages';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import type { OffsetSpan } from '../../server/src/analysis/types';
import { sharedEngine } from '../helpers/engine';

async function refs(filePath: string, text: string, spans?: OffsetSpan[]) {
  const engine = await sharedEngine();
  const grammar = grammarForPath(filePath);
  const doc = grammar ? new SyntaxDocument(engine.grammars, grammar, text) : undefined;
  try {
    const found = extractReferences({ filePath, text, kind: fileKindForPath(filePath), syntax: doc && grammar ? { tree: doc.tree, grammar } : undefined, spans, withShellTree: (command, use) => engine.grammars.withShellTree(command, use) });
    for (const r of found) assert.equal(text.slice(r.span.startIndex, r.span.endIndex), r.name, `span of ${r.name} in ${filePath}`);
    return found;
  } finally {
    doc?.dispose();
  }
}

const names = (list: Array<{ ecosystem: string; name: string }>) => list.map((r) => `${r.ecosystem}:${r.name}`);

describe('imports in code', () => {
  test('JS/TS: import, export from, import = require, require, require.resolve, dynamic import with a literal', async () => {
    const text = [
      'import x, { y } from "left-pad/sub";',
      "import 'side-effect';",
      'export * from "@scope/pkg/deep";',
      'import z = require("ts-req");',
      'import type { T } from "types-only";',
      'const a = require("req-pkg");',
      'const p = require.resolve("resolved-pkg");',
      'const m = await import("dyn-pkg");',
      'const n = await import(`tpl-${x}`);',
      'const o = require(name);',
      'import rel from "./local";',
      'import abs from "/abs/path";',
      'import url from "https://cdn.example.com/x.js";',
      'import hash from "#internal";',
      'import fs from "node:fs";',
    ].join('\n');
    assert.deepEqual(names(await refs('/w/src/a.ts', text)), [
      'npm:left-pad', 'npm:side-effect', 'npm:@scope/pkg', 'npm:ts-req', 'npm:types-only', 'npm:req-pkg', 'npm:resolved-pkg', 'npm:dyn-pkg', 'npm:node:fs',
    ].filter((n) => n !== 'npm:node:fs'));
  });

  test('JS: removal spans cover whole statements; a require inside an expression cannot be removed', async () => {
    const text = 'import a from "aaa";\nconst b = require("bbb");\nfoo(require("ccc"));\n';
    const found = await refs('/w/a.js', text);
    assert.equal(text.slice(found[0].removal!.startIndex, found[0].removal!.endIndex), 'import a from "aaa";\n');
    assert.equal(text.slice(found[1].removal!.startIndex, found[1].removal!.endIndex), 'const b = require("bbb");\n');
    assert.equal(found[2].removal, undefined);
  });

  test('JS: a require inside try/catch is optional', async () => {
    const found = await refs('/w/a.js', 'let fast;\ntry { fast = require("fast-json"); } catch { fast = null; }\n');
    assert.equal(found[0].optional, true);
  });

  test('Python: import, aliased, dotted, from-import; relative and __future__ are not packages', async () => {
    const text = 'import os, yaml as y\nimport google.cloud.storage\nfrom bs4 import BeautifulSoup\nfrom . import x\nfrom .m import z\nfrom __future__ import annotations\n';
    const found = await refs('/w/app.py', text);
    assert.deepEqual(found.map((r) => r.specifier), ['os', 'yaml', 'google.cloud.storage', 'bs4']);
    assert.deepEqual(found.map((r) => r.name), ['os', 'yaml', 'google', 'bs4']);
  });

  test('Python: an import guarded by except ImportError is optional', async () => {
    const found = await refs('/w/app.py', 'try:\n    import ujson as json\nexcept ImportError:\n    import json\n');
    assert.equal(found[0].optional, true);
  });

  test('Go: import specs in blocks and single imports; cgo is not a package', async () => {
    const text = 'package main\n\nimport (\n\t"fmt"\n\talias "github.com/x/y/z"\n\t"C"\n)\n\nimport "net/http"\n';
    assert.deepEqual(names(await refs('/w/main.go', text)), ['go:fmt', 'go:github.com/x/y/z', 'go:net/http']);
  });

  test('only references in the spans are read', async () => {
    const text = 'import a from "in-scope";\nimport b from "out-of-scope";\n';
    assert.deepEqual(names(await refs('/w/a.js', text, [{ startIndex: 0, endIndex: 20 }])), ['npm:in-scope']);
  });
});

describe('manifests', () => {
  test('package.json: every dependency field, npm: aliases, overrides, resolutions, pnpm.overrides; non-registry specs skipped', async () => {
    const text = JSON.stringify({
      name: 'me',
      dependencies: { 'left-pad': '^1.3.0', 'my-alias': 'npm:real-pkg@^2', local: 'file:../local', ws: 'workspace:*', gh: 'user/repo', git: 'git+https://x/y.git' },
      devDependencies: { '@types/node': '^20' },
      peerDependencies: { react: '>=18' },
      optionalDependencies: { fsevents: '*' },
      bundleDependencies: ['bundled-one'],
      overrides: { 'over-a': '1.0.0', parent: { 'nested-b': '2.0.0' } },
      resolutions: { '**/res-c': '1.0.0', 'a/res-d': '2.0.0' },
      pnpm: { overrides: { 'x>pn-e': '1.0.0' } },
    }, null, 2);
    assert.deepEqual(names(await refs('/w/package.json', text)), [
      'npm:left-pad', 'npm:real-pkg', 'npm:@types/node', 'npm:react', 'npm:fsevents', 'npm:bundled-one',
      'npm:over-a', 'npm:parent', 'npm:nested-b', 'npm:res-c', 'npm:res-d', 'npm:pn-e',
    ]);
  });

  test('package.json: removal keeps the JSON valid', async () => {
    const text = '{\n  "dependencies": {\n    "a-one": "1",\n    "b-two": "2"\n  }\n}\n';
    const [first, second] = await refs('/w/package.json', text);
    const without = (r: typeof first) => text.slice(0, r.removal!.startIndex) + text.slice(r.removal!.endIndex);
    assert.deepEqual(JSON.parse(without(first)), { dependencies: { 'b-two': '2' } });
    assert.deepEqual(JSON.parse(without(second)), { dependencies: { 'a-one': '1' } });
  });

  test('package.json scripts: install commands inside', async () => {
    const text = '{\n  "scripts": { "setup": "npm install -D left-padx && pip install reqeusts" }\n}\n';
    assert.deepEqual(names(await refs('/w/package.json', text)), ['npm:left-padx', 'pypi:reqeusts']);
  });

  test('requirements.txt: specifiers, extras, markers, hashes, continuations, options, includes, URLs', async () => {
    const text = [
      '# comment',
      '-r base.txt',
      '-c constraints.txt',
      '--index-url https://pypi.example.com/simple',
      'requests[socks,security]>=2.31,<3 ; python_version >= "3.8"',
      'Django==4.2.* \\',
      '    --hash=sha256:abc',
      'numpy',
      'pkg @ https://example.com/pkg-1.0.whl',
      './local/path',
      'git+https://github.com/x/y.git',
      '-e .',
      'flask  # web',
    ].join('\n');
    const found = await refs('/w/requirements-dev.txt', text);
    assert.deepEqual(found.map((r) => r.name), ['requests', 'Django', 'numpy', 'pkg', 'flask']);
    assert.equal(found[0].versionSpec, '>=2.31,<3');
    assert.equal(found[1].versionSpec, '==4.2.*');
    assert.equal(found[3].unsearchableSource, 'https://example.com/pkg-1.0.whl');
    assert.ok(found.every((r) => r.indexUrl === 'https://pypi.example.com/simple'));
  });

  test('constraints files and requirements/ folders count as requirements files', async () => {
    assert.deepEqual(names(await refs('/w/constraints.txt', 'urllib3<2\n')), ['pypi:urllib3']);
    assert.deepEqual(names(await refs('/w/requirements/prod.txt', 'gunicorn\n')), ['pypi:gunicorn']);
  });

  test('pyproject.toml: PEP 621, optional dependencies, dependency groups, build requires, Poetry, PDM and uv groups', async () => {
    const text = [
      '[build-system]',
      'requires = ["hatchling>=1.20"]',
      '',
      '[project]',
      'name = "me"',
      'dependencies = [',
      '  "requests>=2",',
      "  'pydantic[email]==2.*',",
      ']',
      '',
      '[project.optional-dependencies]',
      'cli = ["typer"]',
      '',
      '[dependency-groups]',
      'dev = ["pytest>=8", {include-group = "lint"}]',
      'lint = ["ruff"]',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'httpx = "^0.27"',
      'local = { path = "../local" }',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'black = { version = "^24" }',
      '',
      '[tool.pdm.dev-dependencies]',
      'test = ["coverage"]',
      '',
      '[tool.uv]',
      'dev-dependencies = ["mypy"]',
    ].join('\n');
    assert.deepEqual((await refs('/w/pyproject.toml', text)).map((r) => r.name), ['hatchling', 'requests', 'pydantic', 'typer', 'pytest', 'ruff', 'httpx', 'black', 'coverage', 'mypy']);
  });

  test('pyproject.toml that is not valid TOML names nothing', async () => {
    assert.deepEqual(await refs('/w/pyproject.toml', '[project]\ndependencies = ["requests"\n'), []);
  });

  test('go.mod: require lines and blocks; module and replace are not references', async () => {
    const text = 'module example.com/me\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n\nrequire (\n\tgithub.com/c/d v1.2.3 // indirect\n\tgolang.org/x/text v0.14.0\n)\n\nreplace github.com/a/b => ../b\n';
    assert.deepEqual(names(await refs('/w/go.mod', text)), ['go:github.com/a/b', 'go:github.com/c/d', 'go:golang.org/x/text']);
  });
});

describe('install commands', () => {
  test('npm, pnpm, yarn, bun, npx, pnpm dlx, yarn dlx, bunx', async () => {
    const text = [
      'npm i left-pad@1.3.0 -D',
      'npm install --save-dev "@types/node" lodash@^4',
      'npm add chalk',
      'sudo npm install -g typescript',
      'pnpm add zod',
      'yarn add react-dom@18',
      'yarn global add serve',
      'bun add hono',
      'npx -y create-vite my-app --template react',
      'npx -p cowsay -p lolcatjs cowsay hi',
      'pnpm dlx degit user/repo',
      'bunx prettier --write .',
      'npm install ./local-dir ../tarball.tgz user/repo git+https://x/y.git',
      'npm run build',
      'npm install',
    ].join('\n');
    assert.deepEqual((await refs('/w/setup.sh', text)).map((r) => r.name), [
      'left-pad', '@types/node', 'lodash', 'chalk', 'typescript', 'zod', 'react-dom', 'serve', 'hono', 'create-vite', 'cowsay', 'lolcatjs', 'degit', 'prettier',
    ]);
  });

  test('pip, python -m pip, uv add, uv pip install, poetry add, pipx, uvx, go get and go install', async () => {
    const text = [
      'pip install "requests[socks]>=2" -r requirements.txt',
      'python3 -m pip install --upgrade flask==3.0 -e .',
      'pip3 install -i https://pypi.example.com/simple internal-lib',
      'uv add httpx',
      'uv pip install rich',
      'poetry add pendulum@^3',
      'pipx install black',
      'uvx ruff check .',
      'go get github.com/gorilla/mux@v1.8.1',
      'go install golang.org/x/tools/cmd/goimports@latest',
      'go get ./...',
      'pip install $PKG',
    ].join('\n');
    const found = await refs('/w/setup.sh', text);
    assert.deepEqual(names(found), [
      'pypi:requests', 'pypi:flask', 'pypi:internal-lib', 'pypi:httpx', 'pypi:rich', 'pypi:pendulum', 'pypi:black', 'pypi:ruff',
      'go:github.com/gorilla/mux', 'go:golang.org/x/tools/cmd/goimports',
    ]);
    assert.equal(found[2].indexUrl, 'https://pypi.example.com/simple');
  });

  test('Dockerfile RUN: shell form with continuations, exec form, mount flags', async () => {
    const text = 'FROM node:20\nRUN npm ci && \\\n    npm install left-padx\nRUN ["pip", "install", "reqeusts"]\nRUN --mount=type=cache,target=/root/.cache pip install flask\nCMD ["npm", "start"]\n';
    assert.deepEqual(names(await refs('/w/Dockerfile', text)), ['npm:left-padx', 'pypi:reqeusts', 'pypi:flask']);
  });

  test('GitHub workflow YAML: run: plain and block scalars', async () => {
    const text = 'jobs:\n  build:\n    steps:\n      - run: npm install left-padx\n      - name: deps\n        run: |\n          pip install reqeusts\n          go get github.com/x/y\n';
    assert.deepEqual(names(await refs('/w/.github/workflows/ci.yml', text)), ['npm:left-padx', 'pypi:reqeusts', 'go:github.com/x/y']);
  });

  test('Markdown: shell fences (with prompts), untagged fences, inline code; other languages are not shell', async () => {
    const text = '# Setup\n\n```bash\nnpm install left-padx\n```\n\n```console\n$ pip install reqeusts\n```\n\n```js\nnpm install not-shell\n```\n\nOr run `yarn add some-pkg` first.\n';
    assert.deepEqual(names(await refs('/w/README.md', text)), ['npm:left-padx', 'pypi:reqeusts', 'npm:some-pkg']);
  });
});
