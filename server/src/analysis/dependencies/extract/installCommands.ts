/**
 * Which words of a shell command name packages that an install would fetch: `npm i|install|add`,
 * `pnpm add`, `yarn add`, `bun add`, `npx` / `pnpm dlx` / `yarn dlx` / `bunx`, `pip install` (also
 * `python -m pip`, `pip3`, `uv pip install`), `uv add`, `uvx`, `pipx install`, `poetry add`,
 * `pdm add`, `pipenv install`, `go get` / `go install`. Options are skipped with their values;
 * `--registry` / `--index-url` become the reference's registry; local paths, URLs, git specs and
 * GitHub shorthands name no registry package.
 */
import type { OffsetSpan } from '../../types';
import { isGoModulePath, isNpmPackageName } from '../names';
import type { PackageReference } from '../types';
import { parseRequirement } from './requirements';
import type { ShellCommand, ShellWord } from './shellCommands';

/** Prefixes that run the command after them. */
const WRAPPERS = new Set(['sudo', 'env', 'time', 'command', 'exec', 'nohup', 'nice', 'doas']);

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);

interface Interpretation {
  ecosystem: 'npm' | 'pypi' | 'go';
  /** Words after the subcommand. */
  args: ShellWord[];
  /** Runs one package (npx, bunx, uvx): its first positional argument is the package and the rest are its arguments. */
  runsOne?: boolean;
}

/** Options whose value is the next word (unless written `--opt=value`). */
const OPTIONS_WITH_VALUE: Record<'npm' | 'pypi' | 'go', ReadonlySet<string>> = {
  npm: new Set(['--registry', '--tag', '-w', '--workspace', '--prefix', '--cache', '--userconfig', '--save-prefix', '--omit', '--include', '-p', '--package', '-c', '--call', '--filter', '-F', '--dir', '-C', '--cwd', '--network-concurrency']),
  pypi: new Set([
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
    '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy',
    '--progress-bar', '--cache-dir', '--trusted-host', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert',
    '--client-cert', '--no-binary', '--only-binary', '--report', '--python', '-p', '--config-settings', '-C', '--group', '-G', '--extra',
    '-E', '--extras', '--optional', '--index', '--default-index', '--source', '--directory', '--package', '--branch', '--tag', '--rev',
    '--script', '--from', '--with', '-w', '--spec', '--suffix', '--pip-args', '--python-platform',
  ]),
  go: new Set(['-modfile', '-o', '-C', '-tags', '-ldflags', '-gcflags', '-p', '-exec', '-overlay', '-pgo']),
};

export function installReferences(command: ShellCommand): PackageReference[] {
  const words = unwrap(command.words);
  const found = interpret(words);
  if (!found) return [];
  const out: PackageReference[] = [];
  const { ecosystem } = found;
  let indexUrl: string | undefined;
  let unsearchableSource: string | undefined;
  const packages: Array<{ word: ShellWord; viaOption: boolean }> = [];
  for (let i = 0; i < found.args.length; i++) {
    const word = found.args[i];
    const value = word.value;
    if (value === undefined) {
      if (found.runsOne && packages.length > 0) break;
      continue;
    }
    if (value === '--') continue;
    if (value.startsWith('-')) {
      const [flag, inline] = value.includes('=') ? [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)] : [value, undefined];
      const takesValue = OPTIONS_WITH_VALUE[ecosystem].has(flag);
      const optionValue = inline ?? (takesValue ? found.args[i + 1]?.value : undefined);
      if (takesValue && inline === undefined) i++;
      if (!optionValue) continue;
      if (flag === '--registry' || flag === '-i' || flag === '--index-url' || flag === '--default-index') indexUrl = optionValue;
      else if (flag === '--extra-index-url' || flag === '-f' || flag === '--find-links' || flag === '--index' || flag === '--source') unsearchableSource = `${flag} ${optionValue}`;
      else if ((flag === '-p' || flag === '--package') && ecosystem === 'npm' && found.runsOne) {
        const optionWord = inline === undefined ? found.args[i] : undefined;
        if (optionWord) packages.push({ word: optionWord, viaOption: true });
      } else if (flag === '--from' && ecosystem === 'pypi' && found.runsOne && inline === undefined) {
        packages.push({ word: found.args[i], viaOption: true });
      }
      continue;
    }
    // `npx -p a -p b cmd`: with -p the first positional is the command, not a package.
    if (found.runsOne && packages.some((p) => p.viaOption)) break;
    packages.push({ word, viaOption: false });
    // `npx create-app my-dir --flag`: everything after the package belongs to the program it runs.
    if (found.runsOne) break;
  }
  for (const { word } of packages) {
    const reference = ecosystem === 'npm' ? npmSpec(word) : ecosystem === 'pypi' ? pipSpec(word) : goSpec(word);
    if (!reference) continue;
    out.push({ ...reference, ...(indexUrl ? { indexUrl } : {}), ...(unsearchableSource ? { unsearchableSource } : {}) });
  }
  return out;
}

function unwrap(words: ShellWord[]): ShellWord[] {
  let i = 0;
  while (i < words.length) {
    const value = words[i].value;
    if (value !== undefined && WRAPPERS.has(value)) {
      i++;
      // Options and VAR=value of sudo/env.
      while (i < words.length && (words[i].value?.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].value ?? ''))) i++;
      continue;
    }
    break;
  }
  return words.slice(i);
}

function interpret(words: ShellWord[]): Interpretation | undefined {
  const v = (i: number) => words[i]?.value;
  const program = v(0)?.split('/').pop();
  if (!program) return undefined;
  const rest = (from: number) => words.slice(from);
  switch (program) {
    case 'npm':
      if (NPM_INSTALL.has(v(1) ?? '')) return { ecosystem: 'npm', args: rest(2) };
      if (v(1) === 'exec' || v(1) === 'x') return { ecosystem: 'npm', args: rest(2), runsOne: true };
      return undefined;
    case 'pnpm':
      if (v(1) === 'add') return { ecosystem: 'npm', args: rest(2) };
      if (v(1) === 'dlx') return { ecosystem: 'npm', args: rest(2), runsOne: true };
      return undefined;
    case 'yarn':
      if (v(1) === 'add') return { ecosystem: 'npm', args: rest(2) };
      if (v(1) === 'global' && v(2) === 'add') return { ecosystem: 'npm', args: rest(3) };
      if (v(1) === 'dlx') return { ecosystem: 'npm', args: rest(2), runsOne: true };
      return undefined;
    case 'bun':
      if (['add', 'a'].includes(v(1) ?? '') || (['install', 'i'].includes(v(1) ?? '') && words.length > 2)) return { ecosystem: 'npm', args: rest(2) };
      if (v(1) === 'x') return { ecosystem: 'npm', args: rest(2), runsOne: true };
      return undefined;
    case 'npx': case 'pnpx': case 'bunx':
      return { ecosystem: 'npm', args: rest(1), runsOne: true };
    case 'uv':
      if (v(1) === 'add') return { ecosystem: 'pypi', args: rest(2) };
      if (v(1) === 'pip' && v(2) === 'install') return { ecosystem: 'pypi', args: rest(3) };
      if (v(1) === 'tool' && (v(2) === 'install' || v(2) === 'run')) return { ecosystem: 'pypi', args: rest(3), runsOne: v(2) === 'run' };
      return undefined;
    case 'uvx':
      return { ecosystem: 'pypi', args: rest(1), runsOne: true };
    case 'poetry': case 'pdm':
      return v(1) === 'add' ? { ecosystem: 'pypi', args: rest(2) } : undefined;
    case 'pipenv':
      return v(1) === 'install' ? { ecosystem: 'pypi', args: rest(2) } : undefined;
    case 'pipx':
      if (v(1) === 'install') return { ecosystem: 'pypi', args: rest(2) };
      if (v(1) === 'run') return { ecosystem: 'pypi', args: rest(2), runsOne: true };
      return undefined;
    case 'go':
      return v(1) === 'get' || v(1) === 'install' ? { ecosystem: 'go', args: rest(2) } : undefined;
    default:
      if (/^pip(\d+(\.\d+)?)?$/.test(program)) return v(1) === 'install' ? { ecosystem: 'pypi', args: rest(2) } : undefined;
      if (/^(python|py)(\d+(\.\d+)?)?$/.test(program) && v(1) === '-m' && (v(2) === 'pip' || v(2) === 'pip3') && v(3) === 'install') {
        return { ecosystem: 'pypi', args: rest(4) };
      }
      return undefined;
  }
}

/** `name`, `name@range`, `@s/name@tag`, `alias@npm:real@1`; not paths, URLs, git or `user/repo`. */
function npmSpec(word: ShellWord): Omit<PackageReference, 'source'> & { source: 'command' } | undefined {
  const { value, span } = word;
  if (!value || !span || /^[./~]/.test(value) || value.includes('://') || /^(git\+|github:|gitlab:|bitbucket:|file:|link:|workspace:)/.test(value)) return undefined;
  if (/\.(tgz|tar\.gz)$/.test(value)) return undefined;
  const scoped = value.startsWith('@');
  const at = value.indexOf('@', scoped ? 1 : 0);
  let name = at > 0 ? value.slice(0, at) : value;
  let versionSpec = at > 0 ? value.slice(at + 1) : undefined;
  let offset = 0;
  const alias = versionSpec ? /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(versionSpec) : null;
  if (alias) {
    offset = at + 1 + 4;
    name = alias[1];
    versionSpec = alias[2];
  }
  if (!scoped && name.includes('/')) return undefined; // GitHub shorthand
  if (!isNpmPackageName(name)) return undefined;
  return { ecosystem: 'npm', name, source: 'command', span: sub(span, offset, name.length), ...(versionSpec ? { versionSpec } : {}) };
}

function pipSpec(word: ShellWord): PackageReference | undefined {
  const { value, span } = word;
  if (!value || !span) return undefined;
  const requirement = parseRequirement(value);
  if (!requirement) return undefined;
  return {
    ecosystem: 'pypi', name: requirement.name, source: 'command', span: sub(span, requirement.nameStart, requirement.name.length),
    ...(requirement.specifier ? { versionSpec: requirement.specifier } : {}),
    ...(requirement.url ? { unsearchableSource: requirement.url } : {}),
  };
}

function goSpec(word: ShellWord): PackageReference | undefined {
  const { value, span } = word;
  if (!value || !span) return undefined;
  const at = value.indexOf('@');
  const path = at >= 0 ? value.slice(0, at) : value;
  const version = at >= 0 ? value.slice(at + 1) : undefined;
  if (path.endsWith('/...')) return goSpec({ value: path.slice(0, -4) + (version ? `@${version}` : ''), span: { startIndex: span.startIndex, endIndex: span.endIndex - 4 } });
  if (/^[./]/.test(path) || !isGoModulePath(path)) return undefined;
  return { ecosystem: 'go', name: path, source: 'command', span: sub(span, 0, path.length), ...(version ? { versionSpec: version } : {}) };
}

function sub(span: OffsetSpan, offset: number, length: number): OffsetSpan {
  return { startIndex: span.startIndex + offset, endIndex: span.startIndex + offset + length };
}
