/**
 * Which registry a package name is looked up on, as the project's own package manager would pick
 * it: npm from `.npmrc` (project, user, `npm_config_*` variables; `@scope:registry`; credentials per
 * registry), PyPI from `PIP_INDEX_URL` / pip.conf / uv settings / the project's own index entries,
 * Go from `GOPROXY` / `GOPRIVATE` / `GONOPROXY` (variables or the go env file). Credentials are
 * attached to the endpoint of the one registry they belong to and to no other.
 */
import * as path from 'node:path';
import type { FileSource } from '../project/fileSource';
import type { RegistryEndpoint } from '../types';

export const NPM_PUBLIC_REGISTRY = 'https://registry.npmjs.org/';
export const PYPI_PUBLIC_INDEX = 'https://pypi.org/simple/';
export const GO_PUBLIC_PROXY = 'https://proxy.golang.org/';

export interface MachineSettings {
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (for ~/.npmrc, pip.conf, the go env file). */
  home: string;
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function hostLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

// ---- npm -----------------------------------------------------------------------------------

/** Parsed `.npmrc` settings, later files overriding earlier ones. */
export class NpmConfig {
  private readonly settings = new Map<string, string>();

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** Reads one `.npmrc` (ini: `key=value`, `;`/`#` comments, `${VAR}` expansion). */
  addFile(text: string): void {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith(';') || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').replace(/\$\{([^}]+)\}/g, (_, name: string) => this.env[name] ?? '');
      this.settings.set(key, value);
    }
  }

  /** `npm_config_registry`, `npm_config_@scope:registry` (any case) win over every file. */
  addEnvironment(): void {
    for (const [key, value] of Object.entries(this.env)) {
      if (value === undefined || !/^npm_config_/i.test(key)) continue;
      const setting = key.slice('npm_config_'.length);
      if (/^registry$/i.test(setting)) this.settings.set('registry', value);
      else if (/^@[^:]+:registry$/i.test(setting)) this.settings.set(setting.toLowerCase(), value);
    }
  }

  /** The registry for `name`, with the credentials .npmrc gives for exactly that registry. */
  endpointFor(name: string): RegistryEndpoint & { scoped: boolean } {
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
    const scoped = scope ? this.settings.get(`${scope}:registry`) : undefined;
    const url = withSlash(scoped ?? this.settings.get('registry') ?? NPM_PUBLIC_REGISTRY);
    const auth = this.authFor(url);
    const label = url === NPM_PUBLIC_REGISTRY ? 'npm' : hostLabel(url);
    return { kind: 'npm', url, label, ...(auth ? { auth } : {}), scoped: scoped !== undefined && url !== withSlash(this.settings.get('registry') ?? NPM_PUBLIC_REGISTRY) };
  }

  /**
   * npm's "nerf dart" match: credentials keyed `//host/path/:_authToken` apply to a registry whose
   * URL without the protocol starts with that key, the longest path first.
   */
  private authFor(registryUrl: string): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(registryUrl);
    } catch {
      return undefined;
    }
    const segments = parsed.pathname.split('/').filter(Boolean);
    for (let n = segments.length; n >= 0; n--) {
      const dart = `//${parsed.host}/${segments.slice(0, n).map((s) => `${s}/`).join('')}`;
      const token = this.settings.get(`${dart}:_authToken`);
      if (token) return `Bearer ${token}`;
      const basic = this.settings.get(`${dart}:_auth`);
      if (basic) return `Basic ${basic}`;
      const user = this.settings.get(`${dart}:username`);
      const password = this.settings.get(`${dart}:_password`);
      if (user && password) return `Basic ${Buffer.from(`${user}:${Buffer.from(password, 'base64').toString()}`).toString('base64')}`;
    }
    return undefined;
  }
}

/** npm's own order: user config, then the project's `.npmrc` (the nearest package.json folder), then the environment. */
export function npmConfigFor(projectDir: string | undefined, files: FileSource, machine: MachineSettings): NpmConfig {
  const config = new NpmConfig(machine.env);
  const userConfig = machine.env.NPM_CONFIG_USERCONFIG ?? machine.env.npm_config_userconfig ?? path.join(machine.home, '.npmrc');
  const user = files.read(userConfig);
  if (user) config.addFile(user);
  const project = projectDir ? files.read(path.join(projectDir, '.npmrc')) : undefined;
  if (project) config.addFile(project);
  config.addEnvironment();
  return config;
}

// ---- PyPI ----------------------------------------------------------------------------------

export interface PythonIndexes {
  /** The index pip / uv installs from. */
  primary: RegistryEndpoint;
  /** Extra indexes (also searched: a name missing from all of them is missing). */
  extra: RegistryEndpoint[];
}

/** An index URL as an endpoint: credentials in the URL become a header for that host only. */
export function pythonIndexEndpoint(indexUrl: string): RegistryEndpoint {
  let url = withSlash(indexUrl.trim());
  let auth: string | undefined;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      auth = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
      url = withSlash(parsed.href);
    }
  } catch {
    // Not a URL (a local folder): looked up nowhere; the caller treats it as unsearchable.
  }
  const isPublic = /^https:\/\/pypi\.org\/simple\/$/.test(url);
  return { kind: 'pypi', url, label: isPublic ? 'PyPI' : hostLabel(url), ...(auth ? { auth } : {}) };
}

/** pip.conf / pip.ini `[global]` (or `[install]`) `index-url` and `extra-index-url`. */
function pipConfValues(text: string): { index?: string; extra: string[] } {
  const out: { index?: string; extra: string[] } = { extra: [] };
  let section = '';
  let continuing: 'extra' | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      continuing = undefined;
      continue;
    }
    if (section !== 'global' && section !== 'install') continue;
    if (continuing && /^\s+\S/.test(raw)) {
      out.extra.push(...raw.trim().split(/\s+/));
      continue;
    }
    continuing = undefined;
    const kv = /^\s*([\w-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) continue;
    if (kv[1] === 'index-url') out.index = kv[2].trim();
    else if (kv[1] === 'extra-index-url') {
      out.extra.push(...kv[2].trim().split(/\s+/).filter(Boolean));
      continuing = 'extra';
    }
  }
  return out;
}

/**
 * The indexes for a Python project: command/file `-i` > `PIP_INDEX_URL` / `UV_INDEX_URL` /
 * `UV_DEFAULT_INDEX` > pyproject `[tool.uv]` / Poetry sources > uv.toml > pip.conf > PyPI.
 */
export function pythonIndexesFor(
  projectDir: string | undefined, files: FileSource, machine: MachineSettings,
  projectIndexes: ReadonlyArray<{ url: string; isDefault: boolean }> = [],
): PythonIndexes {
  const { env, home } = machine;
  const confFiles = [env.PIP_CONFIG_FILE, path.join(home, '.config', 'pip', 'pip.conf'), path.join(home, '.pip', 'pip.conf'), '/etc/pip.conf'];
  let index: string | undefined;
  const extra: string[] = [];
  for (const file of confFiles) {
    const text = file ? files.read(file) : undefined;
    if (!text) continue;
    const values = pipConfValues(text);
    index ??= values.index;
    extra.push(...values.extra);
  }
  const uvToml = projectDir ? files.read(path.join(projectDir, 'uv.toml')) ?? files.read(path.join(home, '.config', 'uv', 'uv.toml')) : undefined;
  const uvIndex = uvToml ? /^\s*index-url\s*=\s*"([^"]+)"/m.exec(uvToml)?.[1] : undefined;
  const projectDefault = projectIndexes.find((i) => i.isDefault)?.url;
  index = env.PIP_INDEX_URL || env.UV_INDEX_URL || env.UV_DEFAULT_INDEX || projectDefault || uvIndex || index;
  extra.push(...(env.PIP_EXTRA_INDEX_URL ?? '').split(/\s+/), ...(env.UV_EXTRA_INDEX_URL ?? '').split(/\s+/), ...(env.UV_INDEX ?? '').split(/\s+/));
  extra.push(...projectIndexes.filter((i) => !i.isDefault).map((i) => i.url));
  const primary = pythonIndexEndpoint(index || PYPI_PUBLIC_INDEX);
  const extras = [...new Set(extra.filter((u) => /^https?:\/\//.test(u)))].map(pythonIndexEndpoint).filter((e) => e.url !== primary.url);
  return { primary, extra: extras };
}

// ---- Go ------------------------------------------------------------------------------------

export interface GoProxySettings {
  /** Proxies in order, each with whether a failure other than 404/410 falls through (`|`) to the next. */
  proxies: Array<{ endpoint: RegistryEndpoint; fallThroughOnError: boolean }>;
  /** What comes after the proxies: the VCS (`direct`), or nothing (`off`, or the list's end). */
  fallback?: 'direct' | 'off';
  /** GOPRIVATE / GONOPROXY patterns: such modules are never sent to a proxy. */
  privatePatterns: string[];
}

/** `GOPROXY`, `GOPRIVATE`, `GONOPROXY` from the environment, else from the go env file. */
export function goProxySettings(files: FileSource, machine: MachineSettings): GoProxySettings {
  const { env, home } = machine;
  const envFile = env.GOENV && env.GOENV !== 'off' ? env.GOENV : path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'go', 'env');
  const fileValues = new Map<string, string>();
  const text = env.GOENV === 'off' ? undefined : files.read(envFile);
  for (const line of (text ?? '').split(/\r?\n/)) {
    const kv = /^\s*(\w+)=(.*)$/.exec(line);
    if (kv) fileValues.set(kv[1], kv[2].trim());
  }
  const value = (name: string) => env[name] ?? fileValues.get(name);
  const list = value('GOPROXY') || `${GO_PUBLIC_PROXY},direct`;
  const proxies: GoProxySettings['proxies'] = [];
  let fallback: GoProxySettings['fallback'];
  const parts = list.split(/([,|])/);
  for (let i = 0; i < parts.length; i += 2) {
    const entry = parts[i].trim();
    const separator = parts[i + 1];
    if (entry === 'direct' || entry === 'off') {
      fallback = entry;
      break;
    }
    if (!/^https?:\/\//.test(entry)) continue;
    const url = withSlash(entry);
    proxies.push({ endpoint: { kind: 'go', url, label: url === GO_PUBLIC_PROXY ? 'proxy.golang.org' : hostLabel(url) }, fallThroughOnError: separator === '|' });
  }
  const patterns = [value('GONOPROXY') ?? value('GOPRIVATE') ?? ''].join(',').split(',').map((p) => p.trim()).filter(Boolean);
  return { proxies, fallback, privatePatterns: patterns };
}

/** Go's `module.MatchPrefixPatterns`: a pattern matches a path prefix, element by element (glob per element). */
export function matchesGoPrivate(modulePath: string, patterns: readonly string[]): boolean {
  const elements = modulePath.split('/');
  return patterns.some((pattern) => {
    const parts = pattern.split('/');
    if (parts.length > elements.length) return false;
    return parts.every((part, i) => globElement(part, elements[i]));
  });
}

function globElement(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return re.test(text);
}
