/**
 * A registry on 127.0.0.1 for tests: npm (`/npm/<name>`), PyPI JSON (`/pypi/pypi/<name>/json`)
 * and simple (`/pypi/simple/<name>/`) APIs, and a Go module proxy (`/go/<module>/@latest`,
 * `@v/list`, `@v/<v>.mod`, `@v/<v>.info`). Packages are plain data; faults are injected per path:
 * a status, a request that never answers, a body that trickles, malformed JSON, a redirect, or a
 * 50 MB answer. Every request is recorded (method, path, headers). Started and stopped by each test.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { status: number }
  | { kind: 'hang' }
  | { kind: 'slow-body' }
  | { kind: 'malformed' }
  | { kind: 'redirect'; to: string }
  | { kind: 'huge'; bytes?: number };

export interface NpmPackage {
  versions?: string[];
  created?: string;
  /** Publish time of each version (defaults: a year apart, ending 60 days ago). */
  times?: Record<string, string>;
  deprecated?: Record<string, string>;
  repository?: string;
  scripts?: Record<string, string>;
}

export interface PypiPackage {
  versions?: string[];
  times?: Record<string, string>;
  yanked?: Record<string, string>;
  repository?: string;
  /** Only the simple API knows it (the JSON API answers 404). */
  simpleOnly?: boolean;
}

export interface GoModule {
  versions?: string[];
  times?: Record<string, string>;
  deprecated?: string;
}

export interface RecordedRequest { method: string; path: string; headers: http.IncomingHttpHeaders }

const DAY = 24 * 60 * 60 * 1000;

export class FakeRegistry {
  readonly npm = new Map<string, NpmPackage>();
  readonly pypi = new Map<string, PypiPackage>();
  readonly go = new Map<string, GoModule>();
  /** Faults by exact request path (e.g. `/npm/left-pad`); checked before the packages. */
  readonly faults = new Map<string, Fault>();
  /** A fault for every path without one of its own (a registry that never answers, say). */
  defaultFault?: Fault;
  readonly requests: RecordedRequest[] = [];
  /** CONNECT targets it tunnelled as an HTTP proxy (it tunnels every one to itself). */
  readonly tunnels: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<FakeRegistry> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const registry = new FakeRegistry(server, `http://127.0.0.1:${port}/`);
    server.on('connection', (socket) => {
      registry.sockets.add(socket);
      socket.on('close', () => registry.sockets.delete(socket));
    });
    server.on('request', (req, res) => registry.handle(req, res));
    // As a proxy: every tunnel leads back to this registry, whatever host the client asked for.
    server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
      registry.tunnels.push(req.url ?? '');
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      registry.sockets.add(upstream);
      upstream.on('close', () => registry.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    return registry;
  }

  get npmUrl(): string { return `${this.url}npm/`; }
  get pypiIndex(): string { return `${this.url}pypi/simple/`; }
  get goProxy(): string { return `${this.url}go/`; }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const fault = this.faults.get(path) ?? this.defaultFault;
    if (fault) return this.inject(fault, res);
    const route = this.route(path, String(req.headers.accept ?? ''));
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': route.type }).end(route.body);
  }

  private inject(fault: Fault, res: http.ServerResponse): void {
    if ('status' in fault) return void res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`status ${fault.status}`);
    switch (fault.kind) {
      case 'hang':
        return; // never answers; the socket is destroyed on stop()
      case 'slow-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"versions":');
        const timer = setInterval(() => res.write(' '), 50);
        this.timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          this.timers.delete(timer);
        });
        return;
      }
      case 'malformed':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"versions": {"1.0.0": ');
      case 'redirect':
        return void res.writeHead(302, { location: fault.to }).end();
      case 'huge': {
        const total = fault.bytes ?? 50 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => {
          sent = total;
        });
        return pump();
      }
    }
  }

  private route(path: string, accept: string): { type: string; body: string } | undefined {
    let m = /^\/npm\/(.+)$/.exec(path);
    if (m) {
      const pkg = this.npm.get(m[1]);
      return pkg ? { type: 'application/json', body: JSON.stringify(npmDocument(m[1], pkg, accept.includes('vnd.npm.install-v1'))) } : undefined;
    }
    m = /^\/pypi\/pypi\/([^/]+)\/json$/.exec(path);
    if (m) {
      const pkg = this.pypiPackage(m[1]);
      return pkg && !pkg.value.simpleOnly ? { type: 'application/json', body: JSON.stringify(pypiDocument(pkg.name, pkg.value)) } : undefined;
    }
    m = /^\/pypi\/simple\/([^/]+)\/$/.exec(path);
    if (m) {
      const pkg = this.pypiPackage(m[1]);
      if (!pkg) return undefined;
      const versions = pkg.value.versions ?? ['1.0.0'];
      return accept.includes('vnd.pypi.simple.v1+json')
        ? { type: 'application/vnd.pypi.simple.v1+json', body: JSON.stringify({ meta: { 'api-version': '1.1' }, name: pkg.name, versions, files: versions.map((v) => ({ filename: `${pkg.name}-${v}.tar.gz`, url: `x/${v}`, hashes: {} })) }) }
        : { type: 'text/html', body: `<html><body>${versions.map((v) => `<a href="x/${v}">${pkg.name}-${v}.tar.gz</a>`).join('\n')}</body></html>` };
    }
    m = /^\/go\/(.+)\/@(latest|v\/list|v\/(.+)\.(mod|info))$/.exec(path);
    if (m) {
      const modulePath = m[1].replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
      const mod = this.go.get(modulePath);
      if (!mod) return undefined;
      const versions = mod.versions ?? ['v1.0.0'];
      const times = mod.times ?? defaultTimes(versions);
      if (m[2] === 'latest') return { type: 'application/json', body: JSON.stringify({ Version: versions[versions.length - 1], Time: times[versions[versions.length - 1]] }) };
      if (m[2] === 'v/list') return { type: 'text/plain', body: versions.join('\n') + '\n' };
      if (m[4] === 'info') return { type: 'application/json', body: JSON.stringify({ Version: m[3], Time: times[m[3]] }) };
      return { type: 'text/plain', body: `${mod.deprecated ? `// Deprecated: ${mod.deprecated}\n` : ''}module ${modulePath}\n\ngo 1.21\n` };
    }
    return undefined;
  }

  private pypiPackage(name: string): { name: string; value: PypiPackage } | undefined {
    const key = name.toLowerCase().replace(/[-_.]+/g, '-');
    for (const [n, value] of this.pypi) if (n.toLowerCase().replace(/[-_.]+/g, '-') === key) return { name: n, value };
    return undefined;
  }
}

function defaultTimes(versions: string[]): Record<string, string> {
  const end = Date.now() - 60 * DAY;
  return Object.fromEntries(versions.map((v, i) => [v, new Date(end - (versions.length - 1 - i) * 365 * DAY).toISOString()]));
}

function npmDocument(name: string, pkg: NpmPackage, abbreviated: boolean): unknown {
  const versions = pkg.versions ?? ['1.0.0'];
  const times = pkg.times ?? defaultTimes(versions);
  const manifests = Object.fromEntries(versions.map((v) => [v, {
    name, version: v,
    ...(pkg.deprecated?.[v] ? { deprecated: pkg.deprecated[v] } : {}),
    ...(abbreviated ? (pkg.scripts ? { hasInstallScript: true } : {}) : { ...(pkg.scripts ? { scripts: pkg.scripts } : {}), ...(pkg.repository ? { repository: { type: 'git', url: pkg.repository } } : {}) }),
  }]));
  const doc: Record<string, unknown> = { name, 'dist-tags': { latest: versions[versions.length - 1] }, versions: manifests };
  if (!abbreviated) {
    doc.time = { created: pkg.created ?? times[versions[0]], modified: times[versions[versions.length - 1]], ...times };
    if (pkg.repository) doc.repository = { type: 'git', url: pkg.repository };
  } else {
    doc.modified = times[versions[versions.length - 1]];
  }
  return doc;
}

function pypiDocument(name: string, pkg: PypiPackage): unknown {
  const versions = pkg.versions ?? ['1.0.0'];
  const times = pkg.times ?? defaultTimes(versions);
  return {
    info: { name, version: versions[versions.length - 1], project_urls: pkg.repository ? { Source: pkg.repository } : null, home_page: null },
    releases: Object.fromEntries(versions.map((v) => [v, [{ filename: `${name}-${v}.tar.gz`, upload_time_iso_8601: times[v], yanked: pkg.yanked?.[v] !== undefined, yanked_reason: pkg.yanked?.[v] ?? null }]])),
  };
}
