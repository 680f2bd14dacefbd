/**
 * Names that are part of the platform, never packages to look up: Node's built-in modules (with
 * and without `node:`), Python's standard library (the shipped list), Go's standard library.
 */
import { builtinModules } from 'node:module';
import { isGoStandardLibraryPath } from './names';

/**
 * Node 18–24 built-ins, so the answer does not depend on the Node that runs AI Guard (the editor's
 * may be older than the project's). `node:`-only modules (node:test, node:sqlite, node:sea) are
 * covered by the prefix rule.
 */
const NODE_BUILTINS = new Set([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector',
  'inspector/promises', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring',
  'readline', 'readline/promises', 'repl', 'stream', 'stream/consumers', 'stream/promises', 'stream/web', 'string_decoder', 'sys',
  'timers', 'timers/promises', 'tls', 'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
  ...builtinModules.filter((m) => !m.startsWith('_')),
]);

/** True for `fs`, `node:fs`, `fs/promises`, `node:test`. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]);
}

export function isGoStandardLibrary(importPath: string): boolean {
  return isGoStandardLibraryPath(importPath);
}

/** The Python standard library of 3.8–3.14 (and Python 2 names that compatibility code imports). */
export class PythonStandardLibrary {
  constructor(private readonly modules: ReadonlySet<string>) {}

  static parse(text: string): PythonStandardLibrary {
    const modules = new Set<string>();
    for (const line of text.split('\n')) {
      const name = line.split('\t')[0].trim();
      if (name && !name.startsWith('#')) modules.add(name);
    }
    return new PythonStandardLibrary(modules);
  }

  /** `os`, `os.path`, `xml.etree.ElementTree` → true. */
  has(dottedModule: string): boolean {
    return this.modules.has(dottedModule.split('.')[0]);
  }

  get size(): number {
    return this.modules.size;
  }
}
