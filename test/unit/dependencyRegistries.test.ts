/**
 * Registry lookups against the fake registry on 127.0.0.1: what each registry's answers become,
 * every injected fault ending as "unverified" (never "missing"), coalescing, the concurrency limit,
 * the cache, offline mode, and credentials that never leave their registry.
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FactsCache } from '../../server/src/analysis/dependencies/cache';
import { DependencyService } from '../../server/src/analysis/dependencies/service';
import { NpmConfig, goProxySettings, matchesGoPrivate, pythonIndexEndpoint } from '../../server/src/analysis/dependencies/registries/config';
import { bypassesProxy, proxyFor } from '../../server/src/analysis/dependencies/registries/http';
import { MemoryFileSource } from '../../server/src/analysis/dependencies/project/fileSource';
import type { PackageLookup, RegistryEndpoint } from '../../server/src/analysis/dependencies/types';
import { FakeRegistry } from '../helpers/fakeRegistry';
import { makeTempDir } from '../helpers/tempTree';
import { NO_INTERNET } from '../helpers/network';

const DAY = 24 * 60 * 60 * 1000;
let registry: FakeRegistry;
let service: DependencyService;

function newService(options: { timeoutMs?: number; online?: boolean; cacheFile?: string; concurrency?: number } = {}): DependencyService {
  return new DependencyService({
    cache: new FactsCache(options.cacheFile),
    http: { timeoutMs: options.timeoutMs ?? 2000, env: NO_INTERNET },
    online: () => options.online ?? true,
    concurrency: options.concurrency,
  });
}

function npm(name: string, full = true, endpoint?: RegistryEndpoint): PackageLookup {
  return { ecosystem: 'npm', name, registries: [endpoint ?? { kind: 'npm', url: registry.npmUrl, label: 'npm' }], full };
}

function pypi(name: string, indexes: RegistryEndpoint[] = [{ ...pythonIndexEndpoint(registry.pypiIndex), label: 'PyPI' }]): PackageLookup {
  return { ecosystem: 'pypi', name, registries: indexes, full: true };
}

function go(importPath: string, candidates: string[], proxies = [registry.goProxy], fallThroughOnError?: boolean[]): PackageLookup {
  return { ecosystem: 'go', name: importPath, candidates, registries: proxies.map((url) => ({ kind: 'go', url, label: 'proxy' })), full: true, ...(fallThroughOnError ? { fallThroughOnError } : {}) };
}

beforeEach(async () => {
  registry = await FakeRegistry.start();
  service = newService();
});

afterEach(async () => {
  await service.dispose();
  await registry.stop();
});

describe('npm', () => {
  test('an existing package: versions, latest, publish dates, repository, deprecations, install scripts', async () => {
    registry.npm.set('left-pad', { versions: ['1.0.0', '1.3.0'], repository: 'git+https://github.com/stevemao/left-pad.git', deprecated: { '1.3.0': 'use String.prototype.padStart()' }, scripts: { postinstall: 'node x.js' } });
    const facts = await service.lookup(npm('left-pad'));
    assert.equal(facts?.status, 'exists');
    assert.equal(facts?.latest, '1.3.0');
    assert.deepEqual(facts?.versions, ['1.0.0', '1.3.0']);
    assert.equal(facts?.repository, 'https://github.com/stevemao/left-pad.git');
    assert.equal(facts?.deprecated, 'use String.prototype.padStart()');
    assert.deepEqual(facts?.installScripts, ['postinstall']);
    assert.ok(facts?.firstPublished && facts.latestPublished);
    assert.equal(registry.requests[0].headers.accept, 'application/json');
  });

  test('popular packages use the abbreviated document', async () => {
    registry.npm.set('react', { versions: ['18.0.0'] });
    const facts = await service.lookup(npm('react', false));
    assert.equal(facts?.status, 'exists');
    assert.match(String(registry.requests[0].headers.accept), /application\/vnd\.npm\.install-v1\+json/);
  });

  test('scoped names are requested as @scope%2fname', async () => {
    registry.npm.set('@scope/pkg', {});
    assert.equal((await service.lookup(npm('@scope/pkg')))?.status, 'exists');
    assert.equal(registry.requests[0].path, '/npm/@scope/pkg'); // decoded by the fake; sent encoded
  });

  test('404 and 410 are "missing"; 500, 401, a hang, a slow body and malformed JSON are "unverified"', async () => {
    registry.faults.set('/npm/gone-pkg', { status: 410 });
    registry.faults.set('/npm/broken', { status: 500 });
    registry.faults.set('/npm/locked', { status: 401 });
    registry.faults.set('/npm/hangs', { kind: 'hang' });
    registry.faults.set('/npm/trickles', { kind: 'slow-body' });
    registry.faults.set('/npm/garbage', { kind: 'malformed' });
    service = newService({ timeoutMs: 300 });
    const status = async (name: string) => (await service.lookup(npm(name)))?.status;
    assert.equal(status.length, 1);
    assert.equal(await status('no-such-pkg'), 'missing');
    assert.equal(await status('gone-pkg'), 'missing');
    for (const name of ['broken', 'locked', 'hangs', 'trickles', 'garbage']) assert.equal(await status(name), 'unverified', name);
    assert.match((await service.lookup(npm('hangs')))!.reason!, /did not answer within 0.3 s/);
  });

  test('redirects on the same registry are followed', async () => {
    registry.npm.set('moved-target', {});
    registry.faults.set('/npm/moved', { kind: 'redirect', to: '/npm/moved-target' });
    assert.equal((await service.lookup(npm('moved')))?.status, 'exists');
  });

  test('a 50 MB document is cut off; the abbreviated document is tried, and when that is huge too the package is unverified', async () => {
    registry.faults.set('/npm/enormous', { kind: 'huge' });
    const facts = await service.lookup(npm('enormous'));
    assert.equal(facts?.status, 'unverified');
    assert.match(facts!.reason!, /over the 16 MB/);
    assert.equal(registry.requestsTo('/npm/enormous').length, 2);
  });

  test('a private scope token is sent to its registry only, never after a redirect to another host, and the scope is never asked of the public registry', async () => {
    const publicRegistry = await FakeRegistry.start();
    try {
      const config = new NpmConfig({});
      const privateUrl = registry.npmUrl;
      config.addFile(`registry=${publicRegistry.npmUrl}\n@corp:registry=${privateUrl}\n//${new URL(privateUrl).host}/npm/:_authToken=SECRET-TOKEN\n`);
      registry.npm.set('@corp/ui', {});
      publicRegistry.npm.set('lodash', {});
      registry.faults.set('/npm/@corp/moved', { kind: 'redirect', to: `${publicRegistry.npmUrl}lodash` });
      for (const name of ['@corp/ui', 'lodash', '@corp/moved']) {
        const endpoint = config.endpointFor(name);
        await service.lookup(npm(name, true, endpoint));
      }
      assert.equal(registry.requestsTo('/npm/@corp/ui')[0].headers.authorization, 'Bearer SECRET-TOKEN');
      assert.ok(publicRegistry.requests.length >= 2);
      for (const request of publicRegistry.requests) {
        assert.equal(request.headers.authorization, undefined, `token leaked to ${request.path}`);
        assert.ok(!request.path.includes('@corp'), `private scope asked of the public registry: ${request.path}`);
      }
    } finally {
      await publicRegistry.stop();
    }
  });
});

describe('PyPI', () => {
  test('JSON API: versions in upload order, first and latest publish, repository, yanked releases', async () => {
    registry.pypi.set('requests', { versions: ['2.30.0', '2.31.0'], repository: 'https://github.com/psf/requests', yanked: { '2.30.0': 'broken wheel' } });
    const facts = await service.lookup(pypi('requests'));
    assert.equal(facts?.status, 'exists');
    assert.deepEqual(facts?.versions, ['2.30.0', '2.31.0']);
    assert.equal(facts?.latest, '2.31.0');
    assert.equal(facts?.repository, 'https://github.com/psf/requests');
    assert.deepEqual(facts?.deprecatedVersions, { '2.30.0': 'broken wheel' });
    assert.equal(facts?.deprecated, undefined);
  });

  test('every release yanked is a whole-package deprecation', async () => {
    registry.pypi.set('dead-pkg', { versions: ['0.1'], yanked: { '0.1': 'malware' } });
    assert.equal((await service.lookup(pypi('dead-pkg')))?.deprecated, 'every release is yanked');
  });

  test('PyPI 404 is missing; a private index without a JSON API falls back to the simple API', async () => {
    assert.equal((await service.lookup(pypi('reqeusts')))?.status, 'missing');
    registry.pypi.set('internal-lib', { simpleOnly: true });
    const privateIndex = pythonIndexEndpoint(registry.pypiIndex); // label = host, not PyPI
    assert.equal((await service.lookup(pypi('internal-lib', [privateIndex])))?.status, 'exists');
    assert.ok(registry.requestsTo('/pypi/simple/internal-lib/').length === 1);
    assert.equal((await service.lookup(pypi('nowhere-lib', [privateIndex])))?.status, 'missing');
  });

  test('extra indexes: found on any index means it exists; missing only when missing everywhere', async () => {
    const other = await FakeRegistry.start();
    try {
      other.pypi.set('only-extra', {});
      const indexes = [{ ...pythonIndexEndpoint(registry.pypiIndex), label: 'PyPI' }, pythonIndexEndpoint(other.pypiIndex)];
      assert.equal((await service.lookup(pypi('only-extra', indexes)))?.status, 'exists');
      assert.equal((await service.lookup(pypi('nowhere', indexes)))?.status, 'missing');
      other.faults.set('/pypi/pypi/flaky/json', { status: 503 });
      other.faults.set('/pypi/simple/flaky/', { status: 503 });
      assert.equal((await service.lookup(pypi('flaky', indexes)))?.status, 'unverified');
    } finally {
      await other.stop();
    }
  });

  test('credentials in an index URL become a header for that host only', () => {
    const endpoint = pythonIndexEndpoint('https://user:p%40ss@pypi.corp.example/simple');
    assert.equal(endpoint.url, 'https://pypi.corp.example/simple/');
    assert.equal(endpoint.auth, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });
});

describe('Go module proxy', () => {
  test('the longest candidate that exists is the module; its versions, deprecation and first publish are read', async () => {
    registry.go.set('github.com/gorilla/mux', { versions: ['v1.7.0', 'v1.8.1'], deprecated: 'use net/http ServeMux' });
    const facts = await service.lookup(go('github.com/gorilla/mux/sub', ['github.com/gorilla/mux/sub', 'github.com/gorilla/mux']));
    assert.equal(facts?.status, 'exists');
    assert.equal(facts?.module, 'github.com/gorilla/mux');
    assert.deepEqual(facts?.versions, ['v1.7.0', 'v1.8.1']);
    assert.equal(facts?.deprecated, 'use net/http ServeMux');
    assert.ok(facts?.firstPublished);
  });

  test('upper-case letters are escaped (!x)', async () => {
    registry.go.set('github.com/Azure/azure-sdk', {});
    assert.equal((await service.lookup(go('github.com/Azure/azure-sdk', ['github.com/Azure/azure-sdk'])))?.status, 'exists');
    assert.ok(registry.requests.some((r) => r.path === '/go/github.com/!azure/azure-sdk/@latest'));
  });

  test('GOPROXY lists: 404 falls through "," to the next proxy; an error stops there after "," but not after "|"', async () => {
    const second = await FakeRegistry.start();
    try {
      second.go.set('example.com/only-second', {});
      assert.equal((await service.lookup(go('example.com/only-second', ['example.com/only-second'], [registry.goProxy, second.goProxy])))?.status, 'exists');
      registry.faults.set('/go/example.com/flaky/@latest', { status: 500 });
      second.go.set('example.com/flaky', {});
      assert.equal((await service.lookup(go('example.com/flaky', ['example.com/flaky'], [registry.goProxy, second.goProxy], [false])))?.status, 'unverified');
      await service.dispose();
      service = newService(); // the unverified answer above is cached for a while
      assert.equal((await service.lookup(go('example.com/flaky', ['example.com/flaky'], [registry.goProxy, second.goProxy], [true])))?.status, 'exists');
      assert.equal((await service.lookup(go('example.com/nowhere', ['example.com/nowhere'], [registry.goProxy, second.goProxy])))?.status, 'missing');
    } finally {
      await second.stop();
    }
  });

  test('GOPROXY parsing (direct, off, | and ,) and GOPRIVATE patterns', () => {
    const files = new MemoryFileSource('/x');
    const settings = goProxySettings(files, { env: { GOPROXY: 'https://a.example|https://b.example,direct', GOPRIVATE: '*.corp.example,github.com/acme' }, home: '/x' });
    assert.deepEqual(settings.proxies.map((p) => [p.endpoint.url, p.fallThroughOnError]), [['https://a.example/', true], ['https://b.example/', false]]);
    assert.equal(settings.fallback, 'direct');
    assert.equal(goProxySettings(files, { env: { GOPROXY: 'off' }, home: '/x' }).proxies.length, 0);
    assert.ok(matchesGoPrivate('git.corp.example/team/lib', settings.privatePatterns));
    assert.ok(matchesGoPrivate('github.com/acme/tool/sub', settings.privatePatterns));
    assert.ok(!matchesGoPrivate('github.com/acme2/tool', settings.privatePatterns));
    assert.equal(goProxySettings(files, { env: {}, home: '/x' }).proxies[0].endpoint.url, 'https://proxy.golang.org/');
  });
});

describe('the service', () => {
  test('concurrent lookups of one name make one request (coalescing)', async () => {
    registry.npm.set('chalk', {});
    await Promise.all([service.lookup(npm('chalk')), service.lookup(npm('chalk')), service.resolve([npm('chalk'), npm('chalk')])]);
    assert.equal(registry.requestsTo('/npm/chalk').length, 1);
  });

  test('no more requests in flight than the concurrency limit', async () => {
    service = newService({ concurrency: 2, timeoutMs: 300 });
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) registry.faults.set(`/npm/${name}`, { kind: 'hang' });
    const seen: number[] = [];
    const all = service.resolve(['a1', 'a2', 'a3', 'a4', 'a5'].map((n) => npm(n)));
    // The first two hang until the deadline; the other three wait for a free place.
    await new Promise<void>((resolve) => {
      const check = () => (registry.requests.length >= 2 ? resolve() : setImmediate(check));
      check();
    });
    seen.push(registry.requests.length);
    await all;
    assert.equal(seen[0], 2);
    assert.equal(registry.requests.length, 5);
  });

  test('offline: no request at all', async () => {
    service = newService({ online: false });
    registry.npm.set('chalk', {});
    await service.resolve([npm('chalk'), pypi('requests'), go('example.com/x', ['example.com/x'])]);
    assert.equal(await service.lookup(npm('chalk')), undefined);
    assert.equal(registry.requests.length, 0);
    assert.equal(service.http.requestCount, 0);
  });

  test('answers are cached on disk: found for 24 h, missing for 1 h, failures not at all', async () => {
    const dir = makeTempDir('ai-guard-cache-');
    const file = path.join(dir, 'ai-guard', 'registry-cache.json');
    service = newService({ cacheFile: file, timeoutMs: 300 });
    registry.npm.set('chalk', {});
    registry.faults.set('/npm/hangs', { kind: 'hang' });
    await service.resolve([npm('chalk'), npm('nope-pkg'), npm('hangs')]);
    await service.dispose();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, { facts: { status: string; checkedAt: number }; expiresAt: number }> };
    const entries = Object.values(saved.entries);
    assert.deepEqual(entries.map((e) => e.facts.status).sort(), ['exists', 'missing']);
    for (const entry of entries) assert.equal(entry.expiresAt - entry.facts.checkedAt, entry.facts.status === 'exists' ? DAY : DAY / 24);
    const before = registry.requests.length;
    service = newService({ cacheFile: file });
    await service.resolve([npm('chalk'), npm('nope-pkg')]);
    assert.equal(registry.requests.length, before, 'answers came from the cache file');
  });

  test('a corrupt cache file is ignored', async () => {
    const dir = makeTempDir('ai-guard-cache-');
    const file = path.join(dir, 'registry-cache.json');
    fs.writeFileSync(file, '{not json');
    const messages: string[] = [];
    const cache = new FactsCache(file, (m) => messages.push(m));
    assert.equal(cache.size, 0);
    assert.match(messages[0], /not valid/);
  });
});

describe('proxies', () => {
  test('HTTPS_PROXY / HTTP_PROXY / explicit proxy, and NO_PROXY matching', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost,.internal.example,10.0.0.1:8080' };
    assert.equal(proxyFor(new URL('https://registry.npmjs.org/x'), { env }), 'http://proxy.corp:3128');
    assert.equal(proxyFor(new URL('http://plain.example/x'), { env }), undefined);
    assert.equal(proxyFor(new URL('https://a.internal.example/x'), { env }), undefined);
    assert.equal(proxyFor(new URL('https://registry.npmjs.org/x'), { env: {}, proxy: 'http://vscode-proxy:8080' }), 'http://vscode-proxy:8080');
    assert.ok(bypassesProxy(new URL('http://10.0.0.1:8080/'), env.NO_PROXY));
    assert.ok(!bypassesProxy(new URL('http://10.0.0.1:9090/'), env.NO_PROXY));
    assert.ok(bypassesProxy(new URL('https://anything/'), '*'));
  });

  test('requests go through the configured proxy (VS Code http.proxy or HTTPS_PROXY)', async () => {
    // registry.invalid cannot be resolved: only a tunnel through the proxy (which leads to the fake) reaches a registry.
    registry.npm.set('through-proxy', {});
    service.configure({ timeoutMs: 2000, env: {}, proxy: registry.url });
    const facts = await service.lookup(npm('through-proxy', true, { kind: 'npm', url: 'http://registry.invalid/npm/', label: 'npm' }));
    assert.equal(facts?.status, 'exists');
    assert.deepEqual(registry.tunnels, ['registry.invalid:80']);
    service.configure({ timeoutMs: 2000, env: { HTTPS_PROXY: registry.url, HTTP_PROXY: registry.url, NO_PROXY: 'registry.invalid' } });
    const bypassed = await service.lookup(npm('bypassed', true, { kind: 'npm', url: 'http://registry.invalid/npm/', label: 'npm' }));
    assert.equal(bypassed?.status, 'unverified', 'NO_PROXY: asked directly, and registry.invalid does not resolve');
    assert.equal(registry.tunnels.length, 1);
  });
});
