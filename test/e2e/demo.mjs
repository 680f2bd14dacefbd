// `npm run demo [-- --port N] [--host ADDR] [--workspace DIR] [--keep]`
// Installs what is missing (setup.mjs), builds and packages AI Guard, installs the .vsix into a fresh
// VS Code profile and serves code-server on http://127.0.0.1:8080/ with a sample workspace.
// Without --workspace the sample is a fresh copy of demo/ in a temporary folder: a git repository whose
// commit is the app before the AI edits (test/e2e/fixtures/demo-before-ai) with demo/'s AI edits as
// uncommitted changes. The repository stays clean and every demo starts the same (--keep leaves the copy).
// With --workspace DIR, DIR is opened in place. Ctrl+C stops code-server and everything it started.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURES, REPO, WORKBENCH_SETTINGS, makeGitWorkspace, packageExtension, startCodeServer, stopProcessGroup } from './harness.mjs';
import { ensureTools } from './setup.mjs';

function options() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        workspace: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
    if (values.workspace && !fs.statSync(values.workspace, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`--workspace ${values.workspace} is not a folder`);
    }
    return { ...values, port };
  } catch (err) {
    console.error(`demo: ${err.message}\nUsage: npm run demo -- [--port 8080] [--host 127.0.0.1] [--workspace DIR] [--keep]`);
    process.exit(2);
  }
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log('Usage: npm run demo -- [--port 8080] [--host 127.0.0.1] [--workspace DIR] [--keep]');
    return;
  }
  const started = Date.now();
  const paths = ensureTools();
  const vsix = packageExtension({ force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aig-demo-'));
  const userDataDir = path.join(tmp, 'data');
  const extensionsDir = path.join(tmp, 'ext');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
  execFileSync(paths.codeServer, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force'],
    { env: paths.env, stdio: 'ignore' });
  // The copy's last commit is the app before the assistants' edits; the edits are uncommitted changes on
  // top (new and modified files), as an agent leaves them, so "Scan AI Changes" finds them.
  const workspace = opts.workspace
    ? path.resolve(opts.workspace)
    : makeGitWorkspace(path.join(FIXTURES, 'demo-before-ai'), path.join(tmp, 'acme-orders'),
      { uncommitted: path.join(REPO, 'demo'), message: 'acme-orders before the AI edits' });

  const server = await startCodeServer({ paths, userDataDir, extensionsDir, workspace, host: opts.host, port: opts.port,
    logFile: path.join(tmp, 'code-server.log') }).catch((err) => {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (/EADDRINUSE|address already in use/i.test(err.message)) throw new Error(`port ${opts.port} is in use; pick another with --port N`);
    throw err;
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await stopProcessGroup(server.child);
    if (opts.keep && !opts.workspace) {
      console.log(`Kept the demo workspace at ${workspace}`);
      fs.rmSync(userDataDir, { recursive: true, force: true });
      fs.rmSync(extensionsDir, { recursive: true, force: true });
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (${code}); its log: ${path.join(tmp, 'code-server.log')}`);
    process.exit(1);
  });

  console.log(`
AI Guard demo is ready (${((Date.now() - started) / 1000).toFixed(0)} s).

  Open ${server.url} in a browser.
  Workspace: ${workspace}${opts.workspace ? '' : ' (a fresh git copy of demo/)'}
  What to look at: demo/README.md

Press Ctrl+C to stop.`);
}

main().catch((err) => {
  console.error(`demo: ${err.message}`);
  process.exit(1);
});
