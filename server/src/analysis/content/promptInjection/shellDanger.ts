/**
 * Dangerous shell commands, read from the bash grammar's tree rather than matched as text, so
 * quoting, pipes, `$(…)` and `<(…)` mean what the shell makes of them:
 *  - download-and-execute: a downloader (curl, wget …) piped into an interpreter (sh, bash, python,
 *    node …), an interpreter running `$(curl …)` / `<(curl …)`, a downloaded file run afterwards;
 *  - decode-and-execute: `base64 -d`, `xxd -r`, `openssl … -d` piped into an interpreter (or eval'd);
 *  - exfiltration: environment or key files sent to the network (`env | curl -d @- …`,
 *    `curl -d @.env …`, `nc host < ~/.ssh/id_rsa`).
 * PowerShell's `iwr … | iex` family is matched by its words (no PowerShell grammar is loaded).
 * An HTTPS download from a vendor's documented installer (data/knownInstallers.json) is not
 * reported: that is how those tools are meant to be installed.
 */
import type { Node, Tree } from 'web-tree-sitter';
import installers from '../data/knownInstallers.json';
import { SECRET_ENV_NAME, SECRET_PATH } from './vocabulary';

export type DangerKind = 'downloadExecute' | 'decodeExecute' | 'exfiltrate';

export interface ShellDanger {
  kind: DangerKind;
  /** Offsets in the command text. */
  start: number;
  end: number;
  /** Where the code comes from or the data goes, and why that source is a concern. */
  source: string;
}

export type ShellParse = <T>(command: string, use: (tree: Tree) => T) => T | undefined;

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'aria2c', 'lwp-download', 'xh']);
const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'ash', 'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'pwsh', 'powershell', 'source', '.', 'eval', 'bun', 'deno', 'lua', 'osascript', 'tclsh']);
const PREFIX_COMMANDS = new Set(['sudo', 'doas', 'env', 'nohup', 'time', 'exec', 'command', 'nice', 'stdbuf']);
const NETWORK_SINKS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'scp', 'rsync', 'ftp', 'sftp']);
const SECRET_SOURCES = new Set(['env', 'printenv', 'set', 'export', 'history', 'declare']);
const FILE_READERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'base64', 'xxd', 'gzip', 'tar', 'zip', 'openssl']);

/** A quick test: nothing of this kind without one of these words. */
export const SHELL_DANGER_WORDS = /\b(?:curl|wget|fetch|aria2c|xh|base64|xxd|openssl|certutil|iwr|irm|invoke-webrequest|invoke-restmethod|invoke-expression|iex|downloadstring|downloadfile|nc|ncat|netcat|socat|scp)\b/i;

export function shellDangers(command: string, parse: ShellParse | undefined): ShellDanger[] {
  if (!SHELL_DANGER_WORDS.test(command)) return [];
  const found = [...powershellDangers(command)];
  const fromTree = parse?.(command, (tree) => bashDangers(tree.rootNode));
  if (fromTree) found.push(...fromTree);
  return found;
}

interface SimpleCommand {
  node: Node;
  name: string;
  args: string[];
  argNodes: Node[];
}

function unquote(text: string): string {
  return text.replace(/^(["'])([\s\S]*)\1$/, '$2');
}

function simpleCommand(node: Node): SimpleCommand | undefined {
  if (node.type === 'redirected_statement') {
    const body = node.childForFieldName('body') ?? node.namedChildren.find((c) => c?.type === 'command') ?? null;
    return body ? simpleCommand(body) : undefined;
  }
  if (node.type !== 'command') return undefined;
  const words = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'variable_assignment' && c.type !== 'file_redirect' && c.type !== 'herestring_redirect');
  const texts = words.map((w) => unquote(w.text));
  let i = 0;
  while (i < texts.length - 1 && PREFIX_COMMANDS.has(basename(texts[i]))) {
    i++;
    while (i < texts.length - 1 && texts[i].startsWith('-')) i++;
  }
  if (i >= texts.length) return undefined;
  return { node, name: basename(texts[i]), args: texts.slice(i + 1), argNodes: words.slice(i + 1) };
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1).toLowerCase();
}

function isDownloader(cmd: SimpleCommand): boolean {
  return DOWNLOADERS.has(cmd.name);
}

function isInterpreter(cmd: SimpleCommand): boolean {
  return INTERPRETERS.has(cmd.name);
}

function isDecoder(cmd: SimpleCommand): boolean {
  const a = cmd.args;
  if (cmd.name === 'base64') return a.some((x) => /^-(?:d|D|-decode)$|^--decode$/.test(x) || /^-\w*d/.test(x));
  if (cmd.name === 'xxd') return a.some((x) => /^-\w*r/.test(x));
  if (cmd.name === 'openssl') return a.includes('-d') || a.includes('-base64') && a.includes('-d');
  return false;
}

function readsSecrets(cmd: SimpleCommand): boolean {
  if (SECRET_SOURCES.has(cmd.name) && cmd.args.every((a) => a.startsWith('-'))) return true;
  return FILE_READERS.has(cmd.name) && cmd.args.some((a) => SECRET_PATH.test(` ${a}`));
}

function urlOf(cmd: SimpleCommand): string {
  return cmd.args.find((a) => /^(?:https?|ftp):\/\//i.test(a)) ?? cmd.args.find((a) => !a.startsWith('-') && /[./]/.test(a)) ?? '';
}

function commandsIn(node: Node): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visit = (n: Node) => {
    const cmd = simpleCommand(n);
    if (cmd) out.push(cmd);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(node);
  return out;
}

function bashDangers(root: Node): ShellDanger[] {
  const out: ShellDanger[] = [];
  const push = (kind: DangerKind, node: Node, source: string) => {
    if (!out.some((d) => d.start === node.startIndex && d.kind === kind)) out.push({ kind, start: node.startIndex, end: node.endIndex, source });
  };
  const downloadedFiles = new Map<string, string>();
  const visit = (node: Node) => {
    if (node.type === 'pipeline') {
      const stages = node.namedChildren.map((c) => (c ? simpleCommand(c) : undefined));
      stages.forEach((from, i) => {
        if (!from) return;
        const to = stages.slice(i + 1).find((s) => s && isInterpreter(s));
        if (to && isDownloader(from)) {
          const concern = downloadConcern(urlOf(from));
          if (concern) push('downloadExecute', node, concern);
        }
        if (to && isDecoder(from)) push('decodeExecute', node, `${from.name} output`);
        const sink = stages.slice(i + 1).find((s) => s && NETWORK_SINKS.has(s.name));
        if (sink && readsSecrets(from)) push('exfiltrate', node, urlOf(sink) || sink.name);
      });
    }
    const cmd = simpleCommand(node);
    if (cmd) {
      if (isInterpreter(cmd)) {
        for (const arg of cmd.argNodes) {
          for (const inner of substitutions(arg)) {
            const innerCommands = commandsIn(inner);
            const downloader = innerCommands.find(isDownloader);
            if (downloader) {
              const concern = downloadConcern(urlOf(downloader));
              if (concern) push('downloadExecute', node, concern);
            }
            if (innerCommands.some(isDecoder)) push('decodeExecute', node, 'decoded text');
          }
        }
        const script = cmd.args.find((a) => !a.startsWith('-'));
        const downloaded = script && (downloadedFiles.get(script) ?? downloadedFiles.get(basename(script)));
        if (downloaded) push('downloadExecute', node, downloaded);
      } else if (cmd.name.startsWith('./') || downloadedFiles.has(cmd.name)) {
        const downloaded = downloadedFiles.get(cmd.name.replace(/^\.\//, ''));
        if (downloaded) push('downloadExecute', node, downloaded);
      }
      if (isDownloader(cmd)) {
        const output = outputFile(cmd);
        const concern = downloadConcern(urlOf(cmd));
        if (output && concern) downloadedFiles.set(basename(output), concern);
        const leak = uploadsSecrets(cmd, node);
        if (leak) push('exfiltrate', node, urlOf(cmd) || 'the network');
      } else if (NETWORK_SINKS.has(cmd.name) && node.parent?.type === 'redirected_statement' && SECRET_PATH.test(` ${node.parent.text}`)) {
        push('exfiltrate', node.parent, cmd.args.find((a) => !a.startsWith('-')) ?? cmd.name);
      }
    }
    for (const c of node.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out;
}

function substitutions(node: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') out.push(n);
    else for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(node);
  return out;
}

function outputFile(cmd: SimpleCommand): string | undefined {
  const i = cmd.args.findIndex((a) => a === '-o' || a === '--output' || (cmd.name === 'wget' && a === '-O'));
  if (i >= 0 && cmd.args[i + 1] && cmd.args[i + 1] !== '-') return cmd.args[i + 1];
  if (cmd.args.includes('-O') && cmd.name === 'curl') return basename(urlOf(cmd).replace(/[?#].*$/, ''));
  return undefined;
}

/** curl/wget sending a secret: `-d @.env`, `--data "$(env)"`, `-F f=@~/.ssh/id_rsa`, `--post-file=.env`, `?k=$AWS_SECRET_ACCESS_KEY`. */
function uploadsSecrets(cmd: SimpleCommand, node: Node): boolean {
  const text = cmd.args.join(' ');
  const sends = /(?:^|\s)(?:-d|--data(?:-\w+)?|-F|--form|-T|--upload-file|--post-file|--post-data|--body-file)(?:[=\s]|$)/.test(` ${text}`) || /\?[^ ]*\$/.test(text);
  if (!sends) return false;
  return SECRET_PATH.test(` ${text}`) || SECRET_ENV_NAME.test(node.text) || commandsIn(node).some((c) => c !== cmd && readsSecrets(c));
}

/** Why code from `url` is a concern, or undefined for a vendor's documented installer over HTTPS. */
export function downloadConcern(url: string): string | undefined {
  const m = /^(?:(https?|ftp):\/\/)?([^/\s:?#]+)(?::(\d+))?([^\s]*)/i.exec(url);
  if (!m) return url ? `${url}` : 'a download';
  const [, scheme, rawHost, port, rest] = m;
  const host = rawHost.toLowerCase();
  if (!scheme || scheme.toLowerCase() !== 'https') return `${url} (not HTTPS: anyone on the network path can replace the script)`;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return `${url} (a bare IP address)`;
  if (port && port !== '443') return `${url} (an unusual port)`;
  if (installers.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return undefined;
  if (installers.prefixes.some((p) => `${host}${rest}`.toLowerCase().startsWith(p.toLowerCase()))) return undefined;
  return `${url} (not a known official installer)`;
}

const PS_DOWNLOAD = /\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|curl|wget)\b|\.download(?:string|data|file)\s*\(/i;
const PS_PIPE_IEX = /(?:\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b|\.downloadstring\s*\()[^\n|]*\|\s*(?:iex|invoke-expression)\b/gi;
const PS_IEX_CALL = /\b(?:iex|invoke-expression)\s*\(?\s*\(?\s*(?:(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b|new-object\s+(?:system\.)?net\.webclient)[^\n]*/gi;
const PS_ENCODED = /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]*\s-(?:e|enc|encodedcommand)\s+[A-Za-z0-9+/=]{16,}/gi;

function powershellDangers(command: string): ShellDanger[] {
  const out: ShellDanger[] = [];
  for (const pattern of [PS_PIPE_IEX, PS_IEX_CALL]) {
    for (const m of command.matchAll(pattern)) {
      const url = /https?:\/\/[^\s'")]+/i.exec(m[0])?.[0] ?? '';
      const concern = url ? downloadConcern(url) : 'a download';
      if (concern && PS_DOWNLOAD.test(m[0])) out.push({ kind: 'downloadExecute', start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, source: concern });
    }
  }
  for (const m of command.matchAll(PS_ENCODED)) out.push({ kind: 'decodeExecute', start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, source: 'a base64 -EncodedCommand' });
  return out;
}
