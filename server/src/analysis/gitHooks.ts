/**
 * Installing the gate as a git pre-commit hook — next to whatever hooks the repository already has,
 * never instead of them. Where the hook goes:
 * - husky (`.husky/pre-commit` exists, or `core.hooksPath` is `.husky` or `.husky/_`): the gate is
 *   added to `.husky/pre-commit`, which husky runs;
 * - else the `pre-commit` file in `core.hooksPath` (relative to the work-tree root) or in the git
 *   dir's `hooks` folder.
 * An existing shell hook keeps its content and gets a marked AI Guard block — before its first
 * top-level `exec`/`exit` line, which would otherwise end the script before the gate ran. A hook in
 * another language (a python shebang, a binary) or one that is not executable (git ignores it) is
 * moved to `pre-commit.ai-guard-chained`, and a new shell hook runs it first, exactly as git would
 * have (only if executable), then the gate. Installing again changes nothing, or only refreshes the
 * block when the CLI it points to moved (e.g. after an extension update).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepository, hooksDirectory, type Repository } from './git';
import { describeError } from './errors';

export type HookInstallAction = 'created' | 'appended' | 'already-installed' | 'chained' | 'updated';

export interface HookInstallResult {
  hookPath: string;
  action: HookInstallAction;
  /** What happened and anything the person still has to do, as sentences. */
  message: string;
}

/** A repository the hook cannot be installed in, or a file in the way; the message says what to do. */
export class HookInstallError extends Error {
  override name = 'HookInstallError';
}

const BEGIN = '# >>> AI Guard pre-commit gate >>>';
const END = '# <<< AI Guard pre-commit gate <<<';
export const CHAINED_SUFFIX = '.ai-guard-chained';
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox']);

/**
 * Installs `ai-guard gate --staged` as the pre-commit hook of the repository containing `repo` (a
 * folder or a `Repository`). `cliPath`: the absolute path of the `cli.js` to run when `ai-guard` is
 * not on PATH (the one doing the installing).
 */
export function installPreCommitHook(repo: Repository | string, cliPath: string): HookInstallResult {
  const repository = typeof repo === 'string' ? findRepository(repo) : repo;
  if (!repository) throw new HookInstallError(`${String(repo)} is not inside a git repository, so there is no pre-commit hook to install. Run "git init" first, or pick the repository's folder.`);
  const { dir, hooksPath } = hooksDirectory(repository);
  const husky = huskyFolder(repository, dir);
  const block = gateBlock(path.resolve(cliPath));
  const notes: string[] = [];
  let result: HookInstallResult;
  if (husky) {
    result = addToHusky(repository, path.join(husky, 'pre-commit'), block);
    if (path.resolve(dir) !== husky && path.resolve(dir) !== path.join(husky, '_')) {
      notes.push(`husky is not active in this clone yet (git runs hooks from ${display(repository, dir)}), so run "npx husky" or "npm install" (its prepare script) to have git run ${display(repository, result.hookPath)}.`);
    }
  } else {
    result = addToHook(repository, path.join(dir, 'pre-commit'), block);
    const rel = path.relative(repository.root, dir);
    if (hooksPath && (rel.startsWith('..') || path.isAbsolute(rel))) {
      notes.push(`core.hooksPath points outside this repository (${dir}), so the gate now runs for every repository that uses that folder.`);
    }
  }
  return notes.length ? { ...result, message: `${result.message} Note: ${notes.join(' ')}` } : result;
}

/** The husky folder in use or present: from `core.hooksPath` (`.husky` or `.husky/_`), else `<root>/.husky` when it has a pre-commit. */
function huskyFolder(repo: Repository, hooksDir: string): string | undefined {
  const dir = path.resolve(hooksDir);
  if (path.basename(dir) === '_' && path.basename(path.dirname(dir)) === '.husky') return path.dirname(dir);
  if (path.basename(dir) === '.husky') return dir;
  const rootHusky = path.join(repo.root, '.husky');
  return fs.existsSync(path.join(rootHusky, 'pre-commit')) ? rootHusky : undefined;
}

function addToHusky(repo: Repository, file: string, block: string): HookInstallResult {
  if (!fs.existsSync(file)) {
    // husky v9 runs the file with sh; v4–8 (core.hooksPath = .husky) let git execute it, which needs the shebang and the mode.
    writeHook(file, `#!/bin/sh\n${block}`, true);
    return { hookPath: file, action: 'created', message: `Created ${display(repo, file)} with the AI Guard pre-commit gate.` };
  }
  const content = readText(file);
  if (content === undefined) throw new HookInstallError(`${display(repo, file)} is not UTF-8 text, so AI Guard does not edit it. Add the line "npx ai-guard gate --staged" to it yourself.`);
  return updateInPlace(repo, file, content, block) ?? insertBlock(repo, file, content, block);
}

function addToHook(repo: Repository, file: string, block: string): HookInstallResult {
  if (!fs.existsSync(file)) {
    writeHook(file, `#!/bin/sh\n${block}`, true);
    return { hookPath: file, action: 'created', message: `Installed the AI Guard pre-commit gate in ${display(repo, file)}.` };
  }
  const content = readText(file);
  const existing = content === undefined ? undefined : updateInPlace(repo, file, content, block);
  if (existing) {
    makeExecutable(file);
    return existing;
  }
  if (content !== undefined && isShellScript(content) && isExecutable(file)) return insertBlock(repo, file, content, block);
  return chain(repo, file, block);
}

/** `already-installed` or `updated` when the file has the AI Guard block; undefined when it has none. */
function updateInPlace(repo: Repository, file: string, content: string, block: string): HookInstallResult | undefined {
  const start = content.indexOf(BEGIN);
  const end = content.indexOf(END, start);
  if (start === -1 || end === -1) return undefined;
  if (content.slice(start, end + END.length) === block.trimEnd()) {
    return { hookPath: file, action: 'already-installed', message: `The AI Guard pre-commit gate is already installed in ${display(repo, file)}; nothing changed.` };
  }
  fs.writeFileSync(file, content.slice(0, start) + block + content.slice(end + END.length).replace(/^\r?\n/, ''));
  return { hookPath: file, action: 'updated', message: `Updated the AI Guard pre-commit gate in ${display(repo, file)} to the current AI Guard.` };
}

/** Adds the block to a shell script: before its first top-level `exec`/`exit` (which would skip it), else at the end. */
function insertBlock(repo: Repository, file: string, content: string, block: string): HookInstallResult {
  const lines = content.split('\n');
  const stop = lines.findIndex((line, i) => i > 0 && /^(exec|exit)\b/.test(line));
  const next = stop === -1
    ? `${content}${content.endsWith('\n') || content === '' ? '' : '\n'}${block}`
    : [...lines.slice(0, stop), block.trimEnd(), ...lines.slice(stop)].join('\n');
  fs.writeFileSync(file, next);
  const where = stop === -1 ? 'at its end' : `before its line ${stop + 1} ("${lines[stop].trim().slice(0, 40)}")`;
  return { hookPath: file, action: 'appended', message: `Added the AI Guard pre-commit gate to the existing hook ${display(repo, file)} (${where}); the hook's own commands still run.` };
}

function chain(repo: Repository, file: string, block: string): HookInstallResult {
  const chained = `${file}${CHAINED_SUFFIX}`;
  if (fs.existsSync(chained)) {
    throw new HookInstallError(`${display(repo, chained)} already exists, so the current ${display(repo, file)} cannot be moved there. Merge or remove one of them, then install the gate again.`);
  }
  const wasExecutable = isExecutable(file);
  const head = fs.readFileSync(file).subarray(0, 256).toString('latin1');
  fs.renameSync(file, chained);
  const name = path.basename(chained);
  const runChained = [
    `# The pre-commit hook that was here before AI Guard (moved to ${name}); it runs first, as before.`,
    `chained="$(dirname -- "$0")/${name}"`,
    'if [ -x "$chained" ]; then',
    '  "$chained" "$@" || exit $?',
    'fi',
    '',
  ].join('\n');
  writeHook(file, `#!/bin/sh\n${runChained}${block}`, true);
  const kind = interpreterOf(head) ?? (head.includes('\0') ? 'a program' : 'a script');
  const how = wasExecutable ? 'still runs first' : 'stays inactive, as before, because it is not executable';
  return {
    hookPath: file,
    action: 'chained',
    message: `The existing pre-commit hook (${kind}) was moved to ${display(repo, chained)} and ${how}; the new ${display(repo, file)} then runs the AI Guard gate.`,
  };
}

/**
 * The shell snippet that runs the gate: `ai-guard` from PATH, else node with the installing CLI;
 * neither → the commit is blocked with what to do, rather than silently let through.
 */
export function gateBlock(cliPath: string): string {
  const cli = shQuote(cliPath.split(path.sep).join('/'));
  return [
    BEGIN,
    '# Installed by "ai-guard install-hook" (VS Code: "AI Guard: Install Pre-commit Gate"); remove this block to uninstall.',
    'if command -v ai-guard >/dev/null 2>&1; then',
    '  ai-guard gate --staged || exit $?',
    `elif command -v node >/dev/null 2>&1 && [ -f ${cli} ]; then`,
    `  node ${cli} gate --staged || exit $?`,
    'else',
    `  echo 'AI Guard: the pre-commit gate cannot run: "ai-guard" is not on PATH and node or' ${cli} 'is missing.' >&2`,
    `  echo 'Reinstall it with "npx ai-guard install-hook" or the VS Code command "AI Guard: Install Pre-commit Gate"; "git commit --no-verify" skips it once.' >&2`,
    '  exit 1',
    'fi',
    END,
    '',
  ].join('\n');
}

/** The interpreter a `#!` line names (`python3` for `#!/usr/bin/env python3`), or undefined without one. */
function interpreterOf(content: string): string | undefined {
  const shebang = /^#!\s*(\S+)([^\n]*)/.exec(content);
  if (!shebang) return undefined;
  const program = path.posix.basename(shebang[1]);
  if (program !== 'env') return program;
  const arg = shebang[2].trim().split(/\s+/).find((a) => a && !a.startsWith('-'));
  return arg ? path.posix.basename(arg) : program;
}

/** A shebang naming a shell, or text without one (git runs such a hook with /bin/sh). */
function isShellScript(content: string): boolean {
  const interpreter = interpreterOf(content);
  return interpreter === undefined || SHELLS.has(interpreter);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function makeExecutable(file: string): void {
  fs.chmodSync(file, fs.statSync(file).mode | 0o111);
}

function writeHook(file: string, content: string, executable: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (executable) makeExecutable(file);
}

/** The file as UTF-8 text, or undefined when it is binary or another encoding (such a hook is moved, never rewritten). */
function readText(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new HookInstallError(`Could not read the existing hook ${file} (${describeError(error)}); check its permissions.`);
  }
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function display(repo: Repository, file: string): string {
  const rel = path.relative(repo.root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
