/**
 * MCP server entries that run code nobody pinned, send secrets written into the file, or let the
 * agent call tools without asking. An MCP server runs with the user's rights every time the agent
 * starts; its entry in a committed config is as much code as a dependency in a lock file.
 */
import type { TextCheck, TextCheckReport } from '../../checks/checkTypes';
import { agentFileKind } from '../agentFiles';
import { mcpServers, type JsonString, type McpServer } from './mcpConfig';

/** Package runners and where their package spec is. */
const RUNNERS: Record<string, { ecosystem: 'npm' | 'pypi'; sub?: string }> = {
  npx: { ecosystem: 'npm' }, bunx: { ecosystem: 'npm' }, pnpx: { ecosystem: 'npm' },
  pnpm: { ecosystem: 'npm', sub: 'dlx' }, yarn: { ecosystem: 'npm', sub: 'dlx' }, npm: { ecosystem: 'npm', sub: 'exec' },
  uvx: { ecosystem: 'pypi' }, uv: { ecosystem: 'pypi', sub: 'tool' }, pipx: { ecosystem: 'pypi', sub: 'run' },
};
/** Options of the runners that take a value (the next word is not the package). */
const OPTIONS_WITH_VALUE = new Set(['-p', '--package', '--from', '--with', '--python', '-c', '--call', '--registry', '--index', '--index-url', '--cache', '--spec']);
const EXACT_NPM = /^(?:@[^/@\s]+\/)?[^@\s]+@v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;
const EXACT_PYPI = /^[A-Za-z0-9._-]+(?:\[[^\]]*\])?(?:==|@)v?\d+(?:\.\d+)*(?:[-+.]?\w+)*$/;
const URL_SPEC = /^(?:git\+|git:|github:|gitlab:|bitbucket:|https?:\/\/|ssh:\/\/)|^[\w.-]+\/[\w.-]+(?:#.*)?$/;
const LOCAL_SPEC = /^(?:\.{0,2}\/|~\/|file:|[A-Za-z]:\\)/;

interface PackageSpec { spec: JsonString; ecosystem: 'npm' | 'pypi' }

function packageSpec(server: McpServer): PackageSpec | undefined {
  const command = server.command?.value.replace(/\.(?:cmd|exe)$/i, '').split(/[\\/]/).pop()?.toLowerCase();
  let args = server.args;
  let runner = command ? RUNNERS[command] : undefined;
  // Windows wrappers: "cmd /c npx -y pkg".
  if (command === 'cmd' && args[0]?.value.toLowerCase() === '/c') {
    runner = RUNNERS[args[1]?.value.toLowerCase() ?? ''];
    args = args.slice(2);
  }
  if (!runner) return undefined;
  let i = 0;
  if (runner.sub) {
    if (args[0]?.value !== runner.sub) return undefined;
    i = 1;
    if (command === 'uv' && args[1]?.value === 'run') i = 2;
  }
  for (; i < args.length; i++) {
    const word = args[i].value;
    const eq = /^(--package|--from|--spec)=(.+)$/.exec(word);
    if (eq) return { spec: { ...args[i], value: eq[2], start: args[i].start + eq[1].length + 1 }, ecosystem: runner.ecosystem };
    if (word === '--package' || word === '-p' || word === '--from' || word === '--spec') return args[i + 1] ? { spec: args[i + 1], ecosystem: runner.ecosystem } : undefined;
    if (OPTIONS_WITH_VALUE.has(word)) {
      i++;
      continue;
    }
    if (word.startsWith('-')) continue;
    return { spec: args[i], ecosystem: runner.ecosystem };
  }
  return undefined;
}

export const mcpServerUntrustedSource: TextCheck = function* ({ text, filePath }): Generator<TextCheckReport> {
  if (agentFileKind(filePath) !== 'mcp-config' && agentFileKind(filePath) !== 'agent-settings') return;
  for (const server of mcpServers(text)) {
    const found = packageSpec(server);
    if (found) {
      const { spec, ecosystem } = found;
      const value = spec.value;
      const span = { startIndex: spec.start, endIndex: spec.end };
      if (LOCAL_SPEC.test(value)) continue;
      if (URL_SPEC.test(value) && !(ecosystem === 'npm' && /^@[^/]+\/[^/]+$/.test(value))) {
        yield { span, messageId: 'url', vars: { server: server.name, spec: value } };
      } else if (!(ecosystem === 'npm' ? EXACT_NPM : EXACT_PYPI).test(value)) {
        const tag = /@(latest|next|beta|canary|[~^>=<*]\S*)$/.exec(value)?.[1];
        yield { span, messageId: 'unpinned', vars: { server: server.name, spec: value, registry: ecosystem === 'npm' ? 'npm' : 'PyPI', how: tag ? `the moving tag or range "${tag}"` : 'no version at all' } };
      }
    }
    const url = server.url?.value;
    if (server.url && url && /^http:\/\//i.test(url) && !/^http:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/]|$)/i.test(url)) {
      yield { span: { startIndex: server.url.start, endIndex: server.url.end }, messageId: 'plainHttp', vars: { server: server.name, spec: url } };
    }
  }
};

/** Known token formats: a value like this is a live credential whatever its key is called. */
const TOKEN_FORMATS = /^(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,}|sk_live_[A-Za-z0-9]{20,}|rk_live_[A-Za-z0-9]{20,}|SG\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}|dop_v1_[a-f0-9]{64}|ntn_[A-Za-z0-9]{40,}|lin_api_[A-Za-z0-9]{30,})$/;
const SECRET_KEY = /(?:token|secret|password|passwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|auth|bearer|pat\b)/i;
/** Placeholders, references and empty values: `${input:token}`, `${env:X}`, `$X`, `<your-key>`, `YOUR_TOKEN`, `xxx`. */
const PLACEHOLDER = /^\s*$|\$\{|^\$[A-Z_]|%[A-Z_]+%|<[^>]*>|\b(?:your|my|insert|replace|change ?me|placeholder|example|dummy|fake|test|sample|todo|here)\b|^x{3,}|^\*{3,}|^\.{3}|^(?:true|false|null|none)$/i;
/** `YOUR_API_KEY`, `TOKEN`: a name standing in for a value (case matters: `a3f9…` is a value). */
const ALL_CAPS_NAME = /^[A-Z][A-Z0-9_]*$/;

function isLiteralSecret(key: string, value: string): boolean {
  const bare = value.replace(/^Bearer\s+/i, '');
  if (TOKEN_FORMATS.test(bare)) return true;
  if (!SECRET_KEY.test(key) || PLACEHOLDER.test(bare) || ALL_CAPS_NAME.test(bare)) return false;
  // A real secret is long and mixes character classes; a setting ("true", "info", a URL) is not.
  return bare.length >= 16 && !/^https?:\/\//.test(bare) && /\d/.test(bare) && /[A-Za-z]/.test(bare) && !/\s/.test(bare);
}

export const mcpServerInlineSecret: TextCheck = function* ({ text, filePath }) {
  if (agentFileKind(filePath) !== 'mcp-config' && agentFileKind(filePath) !== 'agent-settings') return;
  for (const server of mcpServers(text)) {
    const pairs = [
      ...server.env.map((e) => ({ ...e, where: 'env' })),
      ...server.headers.map((e) => ({ ...e, where: 'headers' })),
      ...server.args.flatMap((a, i) => {
        const inline = /^--?([\w-]+)=(.+)$/.exec(a.value);
        if (inline) return [{ key: inline[1], value: { ...a, value: inline[2], start: a.start + a.value.indexOf('=') + 1 }, where: 'args' }];
        const previous = server.args[i - 1]?.value;
        return previous && /^--?[\w-]+$/.test(previous) ? [{ key: previous.replace(/^-+/, ''), value: a, where: 'args' }] : [];
      }),
    ];
    for (const { key, value, where } of pairs) {
      if (!isLiteralSecret(key, value.value)) continue;
      yield {
        span: { startIndex: value.start, endIndex: value.end },
        messageId: 'default',
        vars: { server: server.name, key, where, preview: `${value.value.slice(0, 4)}…` },
      };
    }
  }
};
