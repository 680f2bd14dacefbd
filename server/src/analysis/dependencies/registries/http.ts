/**
 * The one way the dependency checks reach the network: a GET with a deadline (headers *and* body:
 * a registry that trickles bytes is as dead as one that never answers), a size cap, manual
 * redirects that never carry credentials to another origin, and proxies from `HTTPS_PROXY` /
 * `HTTP_PROXY` / `NO_PROXY` or VS Code's `http.proxy`. Every failure is a value, never a throw, so
 * a registry problem can only ever become "could not verify".
 */
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { describeError } from '../../errors';

export interface HttpSettings {
  /** Deadline for one request, from sending to the last byte (default 3000). */
  timeoutMs: number;
  /** An explicit proxy (VS Code's `http.proxy`); otherwise the environment's. */
  proxy?: string;
  /** Verify TLS certificates (VS Code's `http.proxyStrictSSL`; default true). */
  strictSSL?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export type HttpResult =
  | { kind: 'ok'; status: number; body: string; url: string; contentType: string }
  /** The server answered with a status that is not 2xx (after redirects). */
  | { kind: 'status'; status: number; url: string }
  | { kind: 'failure'; reason: string; tooLarge?: boolean };

export interface GetOptions {
  accept?: string;
  /** Authorization header value, sent only to `authOrigin`. */
  auth?: string;
  /** The registry's origin (`https://host:port`): credentials go nowhere else, not even after a redirect. */
  authOrigin?: string;
  maxBytes: number;
}

const MAX_REDIRECTS = 3;
const USER_AGENT = 'ai-guard (dependency checks; sends package names only)';

export class HttpClient {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  /** Requests sent, for the log and for tests that require none. */
  requestCount = 0;

  constructor(readonly settings: HttpSettings) {
    this.direct = new Agent({ connect: { rejectUnauthorized: settings.strictSSL !== false }, keepAliveTimeout: 10_000 });
  }

  async get(url: string, options: GetOptions): Promise<HttpResult> {
    const deadline = AbortSignal.timeout(this.settings.timeoutMs);
    let current = url;
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const target = new URL(current);
        const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: options.accept ?? 'application/json' };
        if (options.auth && options.authOrigin && target.origin === options.authOrigin) headers.authorization = options.auth;
        this.requestCount++;
        const response = await request(current, {
          method: 'GET', headers, signal: deadline, dispatcher: this.dispatcherFor(target),
          headersTimeout: this.settings.timeoutMs, bodyTimeout: this.settings.timeoutMs,
        });
        const { statusCode } = response;
        if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
          const location = response.headers.location;
          await response.body.dump().catch(() => undefined);
          if (typeof location !== 'string') return { kind: 'failure', reason: `the registry redirected (HTTP ${statusCode}) without saying where` };
          current = new URL(location, current).href;
          if (!/^https?:$/.test(new URL(current).protocol)) return { kind: 'failure', reason: 'the registry redirected to something that is not http(s)' };
          continue;
        }
        if (statusCode < 200 || statusCode >= 300) {
          await response.body.dump().catch(() => undefined);
          return { kind: 'status', status: statusCode, url: current };
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.body.destroy();
          return { kind: 'failure', reason: `the registry's answer is ${megabytes(declared)}, over the ${megabytes(options.maxBytes)} AI Guard reads`, tooLarge: true };
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > options.maxBytes) {
            response.body.destroy();
            return { kind: 'failure', reason: `the registry's answer is over the ${megabytes(options.maxBytes)} AI Guard reads`, tooLarge: true };
          }
          chunks.push(chunk as Buffer);
        }
        const contentType = String(response.headers['content-type'] ?? '');
        return { kind: 'ok', status: statusCode, body: Buffer.concat(chunks).toString('utf8'), url: current, contentType };
      }
      return { kind: 'failure', reason: `the registry redirected more than ${MAX_REDIRECTS} times` };
    } catch (err) {
      return { kind: 'failure', reason: describeNetworkError(err, this.settings.timeoutMs) };
    }
  }

  /** Releases sockets (shutdown, tests). */
  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((p) => p.close())]).catch(() => undefined);
  }

  private dispatcherFor(target: URL): Dispatcher {
    const proxy = proxyFor(target, this.settings);
    if (!proxy) return this.direct;
    let agent = this.proxies.get(proxy);
    if (!agent) {
      agent = new ProxyAgent({ uri: proxy, requestTls: { rejectUnauthorized: this.settings.strictSSL !== false } });
      this.proxies.set(proxy, agent);
    }
    return agent;
  }
}

/** The proxy for a URL: the explicit one, else `HTTPS_PROXY`/`HTTP_PROXY` (either case); none when `NO_PROXY` matches. */
export function proxyFor(target: URL, settings: Pick<HttpSettings, 'proxy' | 'env'>): string | undefined {
  const env = settings.env;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  if (bypassesProxy(target, noProxy)) return undefined;
  if (settings.proxy) return settings.proxy;
  const fromEnv = target.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy : env.HTTP_PROXY ?? env.http_proxy;
  return fromEnv || undefined;
}

/** curl/npm semantics: `*`, `host`, `.domain` / `domain` (subdomains too), optional `:port`. */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).filter(Boolean).some((raw) => {
    if (raw === '*') return true;
    const [entryHost, entryPort] = raw.toLowerCase().replace(/^\[|\]$/g, '').split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) return false;
    const domain = entryHost.replace(/^\*?\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** A network failure as the end of a sentence: "the registry timed out after 3 s", "registry.example.com could not be resolved". */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  const error = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = error?.code ?? error?.cause?.code;
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `the registry did not answer within ${timeoutMs / 1000} s`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the registry\'s host name could not be resolved (DNS)';
  if (code === 'ECONNREFUSED') return 'the registry refused the connection';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection to the registry was reset';
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return `the registry's TLS certificate was not accepted (${code})`;
  return `the request failed (${code ?? describeError(err)})`;
}
