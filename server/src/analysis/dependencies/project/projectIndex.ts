/**
 * What the workspace says about the packages a file names, so that local code is never looked up
 * and declared packages can be fixed in their manifest too:
 *  - npm: the package itself and its workspace packages (npm/yarn `workspaces`, pnpm-workspace.yaml),
 *    tsconfig/jsconfig `paths` and `baseUrl`, lockfile names, installed `node_modules`, the .npmrc registries;
 *  - Python: first-party modules (any module or package in the project, `src/` layouts included),
 *    the project's own distribution, lockfile names, installed distributions (and their import names), the indexes;
 *  - Go: the module's own path, `replace`d modules, `require`d modules, go.sum, GOPROXY/GOPRIVATE.
 * Everything is read through a caching FileSource and computed once per folder.
 */
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { goModContents, type GoModFile } from '../extract/goMod';
import { packageJsonReferences } from '../extract/packageJson';
import { pyprojectReferences } from '../extract/pyproject';
import { requirementsReferences } from '../extract/requirements';
import { normalizePypiName } from '../names';
import { goProxySettings, npmConfigFor, pythonIndexesFor, type GoProxySettings, type MachineSettings, type NpmConfig, type PythonIndexes } from '../registries/config';
import type { PackageReference } from '../types';
import type { FileSource } from './fileSource';
import { lockfileNames, NPM_LOCKFILES, PYTHON_LOCKFILES } from './lockfiles';

export interface ManifestEntry {
  filePath: string;
  text: string;
  reference: PackageReference;
}

export interface NpmProject {
  /** Folder of the nearest package.json. */
  dir?: string;
  /** The package itself, its workspace packages and every package.json name above it in the repository. */
  localNames: Set<string>;
  lockNames: Set<string>;
  /** tsconfig/jsconfig `paths` patterns (`@/*`, `~lib`), as prefixes. */
  pathAliases: string[];
  /** tsconfig/jsconfig `baseUrl` folder: a specifier whose first segment exists there is a local module. */
  baseUrl?: string;
  /** Folders whose node_modules may hold installed packages, nearest first. */
  searchDirs: string[];
  config: NpmConfig;
}

export interface PythonProject {
  root: string;
  /** Folders whose modules and packages are first-party: the file's folder and its ancestors up to the root, and their `src/`. */
  sourceDirs: string[];
  ownNames: Set<string>;
  lockNames: Set<string>;
  /** Installed distributions (normalised) in a virtual environment of the project. */
  installed: Set<string>;
  /** Import names of installed distributions (top_level.txt), which beat the shipped table. */
  installedImports: Map<string, string>;
  indexes: PythonIndexes;
}

export interface GoProject {
  modFile?: GoModFile & { filePath: string };
  sumModules: Set<string>;
  proxy: GoProxySettings;
}

export interface ProjectIndexOptions {
  files: FileSource;
  machine: MachineSettings;
  /** Workspace folders: the search for project files never goes above them. */
  roots?: readonly string[];
}

export class ProjectIndex {
  private readonly npmProjects = new Map<string, NpmProject>();
  private readonly pythonProjects = new Map<string, PythonProject>();
  private readonly goProjects = new Map<string, GoProject>();
  private readonly lockCache = new Map<string, Set<string>>();

  constructor(readonly options: ProjectIndexOptions) {}

  get files(): FileSource {
    return this.options.files;
  }

  /** Forget everything computed (files changed). */
  clear(): void {
    this.npmProjects.clear();
    this.pythonProjects.clear();
    this.goProjects.clear();
    this.lockCache.clear();
  }

  /** The folders from the file's own up to the repository or workspace root, nearest first. */
  ancestors(filePath: string): string[] {
    const out: string[] = [];
    const roots = (this.options.roots ?? []).map((r) => path.resolve(r));
    for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
      out.push(dir);
      if (roots.includes(dir) || this.files.exists(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
      if (roots.length > 0 && !roots.some((r) => dir.startsWith(r + path.sep))) break;
    }
    return out;
  }

  npm(filePath: string): NpmProject {
    return this.perFolder(this.npmProjects, filePath, (dirs) => this.readNpm(dirs));
  }

  private readNpm(dirs: string[]): NpmProject {
    const manifests = dirs.filter((d) => this.files.exists(path.join(d, 'package.json')));
    const localNames = new Set<string>();
    for (const dir of manifests) {
      const manifest = this.json(path.join(dir, 'package.json'));
      if (typeof manifest?.name === 'string') localNames.add(manifest.name);
      for (const name of this.workspacePackageNames(dir, manifest)) localNames.add(name);
    }
    const lockNames = new Set<string>();
    for (const dir of dirs) for (const file of NPM_LOCKFILES) for (const name of this.lockNames(path.join(dir, file))) lockNames.add(name);
    const aliases = this.tsAliases(dirs);
    // npm reads the project .npmrc of the package's folder; a file outside any package uses the nearest .npmrc above it.
    const configDir = manifests[0] ?? dirs.find((d) => this.files.exists(path.join(d, '.npmrc'))) ?? dirs[0];
    return { dir: manifests[0], localNames, lockNames, ...aliases, searchDirs: dirs, config: npmConfigFor(configDir, this.files, this.options.machine) };
  }

  /** Is `name` installed in a node_modules folder above the file? */
  npmInstalled(project: NpmProject, name: string): boolean {
    return project.searchDirs.some((dir) => this.files.exists(path.join(dir, 'node_modules', name, 'package.json')));
  }

  python(filePath: string): PythonProject {
    return this.perFolder(this.pythonProjects, filePath, (dirs) => this.readPython(dirs));
  }

  private readPython(dirs: string[]): PythonProject {
    const root = dirs.find((d) => ['pyproject.toml', 'setup.py', 'setup.cfg'].some((f) => this.files.exists(path.join(d, f)))) ?? dirs[dirs.length - 1];
    const sourceDirs = dirs.flatMap((d) => [d, path.join(d, 'src'), path.join(d, 'lib')]).filter((d) => this.files.isDirectory(d));
    const ownNames = new Set<string>();
    let projectIndexes: Array<{ url: string; isDefault: boolean }> = [];
    for (const dir of dirs) {
      const pyproject = this.files.read(path.join(dir, 'pyproject.toml'));
      if (!pyproject) continue;
      const contents = pyprojectReferences(pyproject);
      if (contents.projectName) ownNames.add(normalizePypiName(contents.projectName));
      const poetryName = /^\[tool\.poetry\][^[]*?^name\s*=\s*"([^"]+)"/ms.exec(pyproject)?.[1];
      if (poetryName) ownNames.add(normalizePypiName(poetryName));
      if (projectIndexes.length === 0) projectIndexes = contents.indexes;
    }
    const lockNames = new Set<string>();
    for (const dir of dirs) for (const file of PYTHON_LOCKFILES) for (const name of this.lockNames(path.join(dir, file))) lockNames.add(name);
    const { installed, installedImports } = this.sitePackages(dirs);
    return { root, sourceDirs, ownNames, lockNames, installed, installedImports, indexes: pythonIndexesFor(root, this.files, this.options.machine, projectIndexes) };
  }

  /** Is `module` (a top-level import name) a module or package of the project itself? */
  isFirstPartyPython(project: PythonProject, module: string): boolean {
    return project.sourceDirs.some((dir) => this.files.exists(path.join(dir, `${module}.py`)) || this.files.isDirectory(path.join(dir, module))
      || this.files.list(dir).some((name) => name.startsWith(`${module}.`) && /\.(pyi|so|pyd)$/.test(name)));
  }

  go(filePath: string): GoProject {
    return this.perFolder(this.goProjects, filePath, (dirs) => this.readGo(dirs));
  }

  private readGo(dirs: string[]): GoProject {
    const modDir = dirs.find((d) => this.files.exists(path.join(d, 'go.mod')));
    const modText = modDir ? this.files.read(path.join(modDir, 'go.mod')) : undefined;
    const modFile = modDir && modText !== undefined ? { ...goModContents(modText), filePath: path.join(modDir, 'go.mod') } : undefined;
    const workspaceMods = dirs.flatMap((d) => this.goWorkModules(d));
    if (modFile) modFile.replaced.push(...workspaceMods);
    return { modFile, sumModules: modDir ? this.lockNames(path.join(modDir, 'go.sum')) : new Set(), proxy: goProxySettings(this.files, this.options.machine) };
  }

  /** What a file's folder knows, computed once per folder from its ancestors. */
  private perFolder<T>(cache: Map<string, T>, filePath: string, read: (dirs: string[]) => T): T {
    const folder = path.dirname(path.resolve(filePath));
    let known = cache.get(folder);
    if (known === undefined) {
      known = read(this.ancestors(filePath));
      cache.set(folder, known);
    }
    return known;
  }

  /** Manifest entries naming `name` that a fix in `filePath` should change too (the nearest manifests of its project). */
  manifestEntries(ecosystem: PackageReference['ecosystem'], name: string, filePath: string): ManifestEntry[] {
    const out: ManifestEntry[] = [];
    const key = ecosystem === 'pypi' ? normalizePypiName(name) : name;
    const add = (manifest: string, references: PackageReference[], text: string) => {
      for (const reference of references) {
        const refKey = ecosystem === 'pypi' ? normalizePypiName(reference.name) : reference.name;
        if (refKey === key && path.resolve(manifest) !== path.resolve(filePath)) out.push({ filePath: manifest, text, reference });
      }
    };
    if (ecosystem === 'npm') {
      const dir = this.npm(filePath).dir;
      const manifest = dir ? path.join(dir, 'package.json') : undefined;
      const text = manifest ? this.files.read(manifest) : undefined;
      if (manifest && text !== undefined) add(manifest, packageJsonReferences(text).references, text);
    } else if (ecosystem === 'pypi') {
      const { root } = this.python(filePath);
      for (const file of this.files.list(root)) {
        const manifest = path.join(root, file);
        if (file === 'pyproject.toml') {
          const text = this.files.read(manifest);
          if (text !== undefined) add(manifest, pyprojectReferences(text).references, text);
        } else if (/^(.*[-_.])?requirements([-_.].*)?\.(txt|in)$/i.test(file)) {
          const text = this.files.read(manifest);
          if (text !== undefined) add(manifest, requirementsReferences(text).references, text);
        }
      }
    } else {
      const modFile = this.go(filePath).modFile;
      const text = modFile ? this.files.read(modFile.filePath) : undefined;
      if (modFile && text !== undefined) add(modFile.filePath, goModContents(text).requires.filter((r) => name === r.name || name.startsWith(`${r.name}/`)), text);
    }
    return out;
  }

  private lockNames(file: string): Set<string> {
    let names = this.lockCache.get(file);
    if (!names) {
      const text = this.files.read(file);
      names = text === undefined ? new Set() : lockfileNames(path.basename(file), text);
      this.lockCache.set(file, names);
    }
    return names;
  }

  private json(file: string): Record<string, unknown> | undefined {
    const text = this.files.read(file);
    if (text === undefined) return undefined;
    const value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  /** Names of the packages in npm/yarn `workspaces` and pnpm-workspace.yaml `packages` globs (`packages/*`, `apps/**`). */
  private workspacePackageNames(dir: string, manifest: Record<string, unknown> | undefined): string[] {
    const workspaces = manifest?.workspaces;
    const globs: string[] = Array.isArray(workspaces) ? workspaces.filter((w): w is string => typeof w === 'string')
      : Array.isArray((workspaces as { packages?: unknown })?.packages) ? ((workspaces as { packages: unknown[] }).packages.filter((w): w is string => typeof w === 'string'))
      : [];
    const pnpm = this.files.read(path.join(dir, 'pnpm-workspace.yaml'));
    for (const m of (pnpm ?? '').matchAll(/^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$/gm)) if (!m[1].startsWith('!')) globs.push(m[1]);
    const names: string[] = [];
    for (const glob of globs) {
      for (const folder of this.expandFolders(dir, glob.replace(/\/$/, '').split('/'), 0)) {
        const name = this.json(path.join(folder, 'package.json'))?.name;
        if (typeof name === 'string') names.push(name);
      }
    }
    return names;
  }

  /** Folders matching a workspace glob (`*` one level, `**` up to three levels deep). */
  private expandFolders(base: string, parts: string[], depth: number): string[] {
    if (parts.length === 0) return [base];
    const [head, ...rest] = parts;
    if (head === '**') {
      const here = this.expandFolders(base, rest, depth);
      if (depth >= 3) return here;
      return [...here, ...this.subfolders(base).flatMap((d) => this.expandFolders(d, parts, depth + 1))];
    }
    if (head.includes('*')) {
      const re = new RegExp(`^${head.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      return this.subfolders(base).filter((d) => re.test(path.basename(d))).flatMap((d) => this.expandFolders(d, rest, depth));
    }
    return this.expandFolders(path.join(base, head), rest, depth);
  }

  private subfolders(dir: string): string[] {
    return this.files.list(dir).filter((n) => n !== 'node_modules' && !n.startsWith('.')).map((n) => path.join(dir, n)).filter((d) => this.files.isDirectory(d));
  }

  /** The nearest tsconfig.json / jsconfig.json: `paths` keys as prefixes and `baseUrl` (following one `extends` of a relative file). */
  private tsAliases(dirs: string[]): { pathAliases: string[]; baseUrl?: string } {
    for (const dir of dirs) {
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        const file = path.join(dir, name);
        const config = this.json(file);
        if (!config) continue;
        const aliases: string[] = [];
        let baseUrl: string | undefined;
        const collect = (cfg: Record<string, unknown> | undefined, cfgDir: string) => {
          const options = cfg?.compilerOptions as { paths?: Record<string, unknown>; baseUrl?: unknown } | undefined;
          for (const key of Object.keys(options?.paths ?? {})) aliases.push(key.replace(/\*.*$/, ''));
          if (typeof options?.baseUrl === 'string' && baseUrl === undefined) baseUrl = path.resolve(cfgDir, options.baseUrl);
        };
        collect(config, dir);
        if (typeof config.extends === 'string' && config.extends.startsWith('.')) {
          const parent = path.resolve(dir, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
          collect(this.json(parent), path.dirname(parent));
        }
        return { pathAliases: aliases.filter((a) => a.length > 0), ...(baseUrl ? { baseUrl } : {}) };
      }
    }
    return { pathAliases: [] };
  }

  /** Distributions installed in `.venv` / `venv` / `env` of the project folders, and the import names they provide. */
  private sitePackages(dirs: string[]): { installed: Set<string>; installedImports: Map<string, string> } {
    const installed = new Set<string>();
    const installedImports = new Map<string, string>();
    for (const dir of dirs) {
      for (const venv of ['.venv', 'venv', 'env', '.env']) {
        const lib = path.join(dir, venv, 'lib');
        for (const python of this.files.list(lib).filter((n) => n.startsWith('python'))) {
          const site = path.join(lib, python, 'site-packages');
          for (const entry of this.files.list(site)) {
            const info = /^(.+?)-[^-]+\.(dist-info|egg-info)$/.exec(entry);
            if (!info) continue;
            const distribution = normalizePypiName(info[1]);
            installed.add(distribution);
            for (const module of (this.files.read(path.join(site, entry, 'top_level.txt')) ?? '').split(/\r?\n/)) {
              if (module.trim()) installedImports.set(module.trim(), distribution);
            }
          }
        }
      }
    }
    return { installed, installedImports };
  }

  /** go.work `use` folders: their modules are the workspace's own. */
  private goWorkModules(dir: string): string[] {
    const work = this.files.read(path.join(dir, 'go.work'));
    if (!work) return [];
    const modules: string[] = [];
    for (const m of work.matchAll(/^\s*(?:use\s+)?(\.[^\s)]*)\s*$/gm)) {
      const mod = this.files.read(path.join(dir, m[1], 'go.mod'));
      const module = mod ? goModContents(mod).module : undefined;
      if (module) modules.push(module);
    }
    return modules;
  }
}
