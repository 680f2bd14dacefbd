/**
 * The command line: which command, which options. Parsing uses node:util parseArgs; every mistake
 * becomes a UsageError whose one-line message says what was wrong (the CLI adds "Run ai-guard --help").
 */
import { parseArgs } from 'node:util';
import type { Severity } from '../analysis/types';
import { UsageError } from './errors';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'none';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export interface ScanCommand {
  kind: 'scan';
  paths: string[];
  format: OutputFormat;
  output?: string;
  failOn: FailOn;
  rulesDir?: string;
  quiet: boolean;
  /** Only files changed since this ref, and only findings on the lines they add. */
  diff?: string;
  /** No registry lookups: packages are judged by lockfiles, installed packages and the shipped lists only. */
  offline: boolean;
}

export interface RulesCommand {
  kind: 'rules';
  format: 'text' | 'json';
  rulesDir?: string;
}

export interface GateCommand {
  kind: 'gate';
  format: 'text' | 'json';
  /** Any folder inside the repository (default: the working directory). */
  repo?: string;
  offline: boolean;
}

export interface InstallHookCommand {
  kind: 'install-hook';
  repo?: string;
}

export type Command = ScanCommand | RulesCommand | GateCommand | InstallHookCommand | { kind: 'help' } | { kind: 'version' };

export const HELP_TEXT = `AI Guard — finds risky AI-written code: injection, weak crypto, secrets, unsafe APIs.

Usage:
  ai-guard scan <path…> [options]   Scan files and folders (JavaScript, TypeScript, Python, Go)
  ai-guard scan --diff REF [path…]  Scan only what changed since REF (for CI and pull requests)
  ai-guard gate --staged [options]  Pre-commit gate: check what is staged for the next commit
  ai-guard install-hook [--repo DIR]
                                    Install the gate as the repository's git pre-commit hook
  ai-guard rules [options]          List the rules: id, severity, category, CWE, title
  ai-guard --help | --version

Scan options:
  --format text|json|sarif   Output format (default text). sarif is SARIF 2.1.0 for code scanning.
  --output FILE              Write the report to FILE instead of standard output.
  --fail-on LEVEL            Exit 1 when a finding is at or above LEVEL: error, warning (default),
                             info, or none (never fail on findings).
  --rules-dir DIR            Load rules from DIR instead of the built-in rules.
  --quiet                    Text format: print only findings, no summary or skipped-file list;
                             no notes on standard error.
  --diff REF                 Scan only files changed since REF (a branch, tag or commit) plus
                             untracked files, and report only findings on the lines they add.
                             Changes are counted from where your branch left REF (merge base),
                             like a pull request. Paths, when given, narrow it further.
  --offline                  Make no registry requests: packages that imports, manifests and install
                             commands name are judged by lockfiles, installed packages, the cache
                             and the shipped popularity lists only (default: online, 3 s timeout).

Gate options:
  --staged                   Check the staged changes (required; the index, not the work tree).
                             Blocks (exit 1) on added lines in unreviewed AI regions and on
                             findings at or above the "gate.failOn" level of .aiguard.json.
  --format text|json         Output format (default text).
  --repo DIR                 The repository to check (default: the working directory).
  --offline                  Make no registry requests (see scan --offline).

Rules options:
  --format text|json         Output format (default text).
  --rules-dir DIR            List the rules in DIR instead of the built-in rules.

Files ignored by .gitignore, by "ignore" globs in .aiguard.json and by built-in exclusions
(node_modules, dist, build, vendor, minified files) are not scanned. Binary, non-UTF-8, minified
and larger-than-1-MB files are skipped and listed. Workspace code is never executed.

Exit codes:
  0  no findings at or above --fail-on (gate: the commit may go ahead)
  1  findings at or above --fail-on (gate: the commit is blocked)
  2  usage or setup error (unknown option, missing or nonexistent path, no usable rules, not a
     git repository, unknown --diff ref, unusable AI Guard state)
`;

const SCAN_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'rules-dir': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  diff: { type: 'string' },
  offline: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GATE_OPTIONS = {
  staged: { type: 'boolean' },
  format: { type: 'string' },
  repo: { type: 'string' },
  offline: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const INSTALL_HOOK_OPTIONS = {
  repo: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const RULES_OPTIONS = {
  format: { type: 'string' },
  'rules-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given; use "ai-guard scan <path…>" or "ai-guard rules".');
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help' };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === 'scan') return parseScan(rest);
  if (first === 'rules') return parseRules(rest);
  if (first === 'gate') return parseGate(rest);
  if (first === 'install-hook') return parseInstallHook(rest);
  if (first.startsWith('-')) {
    const name = first.replace(/^-+/, '').split('=')[0];
    if (name in SCAN_OPTIONS) throw new UsageError(`${first} goes after the command, as in "ai-guard scan <path…> ${first}".`);
    throw new UsageError(`unknown option ${first}.`);
  }
  throw new UsageError(`unknown command "${first}"; the commands are scan, gate, install-hook and rules.`);
}

function parseScan(args: readonly string[]): Command {
  const { values, positionals } = parseStrict(args, SCAN_OPTIONS);
  if (values.help) return { kind: 'help' };
  const diff = nonEmpty('--diff', values.diff);
  if (positionals.length === 0 && diff === undefined) throw new UsageError('scan needs at least one file or folder, as in "ai-guard scan ." or "ai-guard scan src tests".');
  return {
    kind: 'scan',
    paths: positionals.length > 0 ? positionals : ['.'],
    diff,
    format: oneOf('--format', values.format ?? 'text', OUTPUT_FORMATS),
    output: nonEmpty('--output', values.output),
    failOn: oneOf('--fail-on', values['fail-on'] ?? 'warning', FAIL_ON_LEVELS),
    rulesDir: nonEmpty('--rules-dir', values['rules-dir']),
    quiet: values.quiet ?? false,
    offline: values.offline ?? false,
  };
}

function parseGate(args: readonly string[]): Command {
  const { values, positionals } = parseStrict(args, GATE_OPTIONS);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`gate takes no paths, but got "${positionals[0]}"; it checks everything staged (use --repo DIR for another repository).`);
  if (!values.staged) throw new UsageError('gate needs --staged: "ai-guard gate --staged" checks the changes staged for the next commit.');
  return { kind: 'gate', format: oneOf('--format', values.format ?? 'text', ['text', 'json'] as const), repo: nonEmpty('--repo', values.repo), offline: values.offline ?? false };
}

function parseInstallHook(args: readonly string[]): Command {
  const { values, positionals } = parseStrict(args, INSTALL_HOOK_OPTIONS);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`install-hook takes no arguments, but got "${positionals[0]}"; use --repo DIR for another repository.`);
  return { kind: 'install-hook', repo: nonEmpty('--repo', values.repo) };
}

function parseRules(args: readonly string[]): Command {
  const { values, positionals } = parseStrict(args, RULES_OPTIONS);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments, but got "${positionals[0]}".`);
  return { kind: 'rules', format: oneOf('--format', values.format ?? 'text', ['text', 'json'] as const), rulesDir: nonEmpty('--rules-dir', values['rules-dir']) };
}

type OptionTable = Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? NonNullable<O> : never) : never;

function parseStrict<T extends OptionTable>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }));
  }
}

/** Node's messages are long and suggest `--` tricks; name just the option and the problem. */
function describeParseError(err: Error & { code?: string }): string {
  // Node names an option as '--output', '-o' or '-o, --output <value>'; show the long form when there is one.
  const option = /--[\w-]+/.exec(err.message)?.[0] ?? /'(-[^' ,]+)/.exec(err.message)?.[1] ?? 'an option';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message) ? `${option} does not take a value.` : `${option} needs a value.`;
    default:
      return err.message.split('. ')[0].replace(/\.$/, '') + '.';
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs a value.`);
  return value;
}
