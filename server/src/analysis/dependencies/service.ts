/**
 * Asks registries what the checks could not decide, for any front door: requests are coalesced
 * (one lookup per name at a time, however many files ask), limited (a few at once), time-boxed (the
 * HTTP client's deadline), cached, and never made when offline. Failures become "unverified" facts
 * that are retried after a while, never a "missing". `get` is the synchronous facts source the
 * checks read.
 */
import { FactsCache } from './cache';
import { lookupKey, type FactsSource } from './environment';
import { fetchGo } from './registries/goproxy';
import { HttpClient, type HttpSettings } from './registries/http';
import { fetchNpm } from './registries/npm';
import { fetchPypi } from './registries/pypi';
import type { PackageFacts, PackageLookup } from './types';
import { describeError, fireAndForget } from '../errors';

export interface DependencyServiceOptions {
  cache: FactsCache;
  http: HttpSettings;
  /** Lookups allowed right now (settings, trust); false makes `resolve` a no-op. */
  online: () => boolean;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  now?: () => number;
  /** Registry health for the front door's status: `undefined` when a registry answered, else why it did not. */
  onRegistryStatus?: (registry: string, trouble: string | undefined) => void;
  log?: (message: string) => void;
}

export class DependencyService implements FactsSource {
  private readonly inFlight = new Map<string, Promise<PackageFacts | undefined>>();
  private readonly queue: Array<() => void> = [];
  private running = 0;
  http: HttpClient;

  constructor(private readonly options: DependencyServiceOptions) {
    this.http = new HttpClient(options.http);
  }

  get cache(): FactsCache {
    return this.options.cache;
  }

  /** New proxy or timeout settings: later requests use them. */
  configure(http: HttpSettings): void {
    const previous = this.http;
    this.http = new HttpClient(http);
    fireAndForget(previous.close(), (m) => this.options.log?.(m), 'Closing the previous HTTP client');
  }

  get(lookup: PackageLookup): PackageFacts | undefined {
    return this.options.cache.get(lookupKey(lookup), this.now());
  }

  /** Resolves when every lookup has an answer (or failed); safe to call with names already cached or in flight. */
  async resolve(lookups: readonly PackageLookup[]): Promise<void> {
    if (!this.options.online()) return;
    await Promise.all(lookups.map((lookup) => this.lookup(lookup)));
  }

  lookup(lookup: PackageLookup): Promise<PackageFacts | undefined> {
    if (!this.options.online()) return Promise.resolve(undefined);
    const key = lookupKey(lookup);
    const cached = this.get(lookup);
    if (cached) return Promise.resolve(cached);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.limited(() => this.fetch(lookup))
        .then((facts) => {
          this.options.cache.set(key, facts);
          this.options.onRegistryStatus?.(facts.registry, facts.status === 'unverified' ? facts.reason : undefined);
          return facts;
        })
        .catch((err: unknown) => {
          // A bug in a parser must cost one answer, never the caller — and must not be asked again at once.
          this.options.log?.(`Looking up ${lookup.name} failed: ${describeError(err, 'stack')}`);
          const facts: PackageFacts = { status: 'unverified', registry: lookup.registries[0]?.label ?? lookup.ecosystem, source: 'registry', checkedAt: this.now(), reason: 'AI Guard could not read the registry\'s answer' };
          this.options.cache.set(key, facts);
          return facts;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Closes connections and writes the cache. */
  async dispose(): Promise<void> {
    await this.options.cache.flush();
    await this.http.close();
  }

  private fetch(lookup: PackageLookup): Promise<PackageFacts> {
    const now = this.now();
    switch (lookup.ecosystem) {
      case 'npm': return fetchNpm(lookup, this.http, now);
      case 'pypi': return fetchPypi(lookup, this.http, now);
      default: return fetchGo(lookup, this.http, now);
    }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    const limit = this.options.concurrency ?? 4;
    if (this.running >= limit) await new Promise<void>((resume) => this.queue.push(resume));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
