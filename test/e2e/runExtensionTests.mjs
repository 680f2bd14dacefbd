// Runs the @vscode/test-electron suite (test/e2e/electron/suite, bundled to out/) inside code-server's
// Node extension host, where no VS Code download is needed (shared/E2E.md §5): with the smoke-test
// driver enabled, the web workbench takes a `payload` URL parameter naming the extension under
// development and the tests module, calls its run(), and reports the result via window.codeAutomationExit.
// `node test/e2e/runExtensionTests.mjs` after `npm run build` (or package) and `node esbuild.config.mjs --tests-only`.
// Exit code: the suite's (0 = all passed), 124 on timeout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { AGENT_CHANGES, CHROMIUM_ARGS, FIXTURES, REPO, loadPlaywright, makeGitWorkspace, startCodeServer, stopProcessGroup } from './harness.mjs';
import { ensureTools, toolPaths } from './setup.mjs';

const TIMEOUT_MS = 300_000;
// Workbench chatter that says nothing about the suite (offline marketplace, agent host).
const NOISE = /ENOTFOUND|open-vsx|\[AgentHost\]|marketplace|Failed to fetch/i;

export async function runExtensionTests({
  extensionDevelopmentPath = REPO,
  extensionTestsPath = path.join(REPO, 'out', 'test', 'e2e', 'electron', 'suite', 'index.js'),
  workspaceSource = path.join(FIXTURES, 'workspace'),
} = {}) {
  for (const [what, file] of [['the extension bundle (npm run build)', path.join(extensionDevelopmentPath, 'dist', 'client.js')],
    ['the bundled suite (node esbuild.config.mjs --tests-only)', extensionTestsPath]]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: build ${what} first.`);
  }
  const paths = process.env.AIGUARD_E2E_SKIP_SETUP ? toolPaths() : ensureTools({ log: () => {} });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aig-exthost-'));
  let server;
  let browser;
  try {
    const workspace = makeGitWorkspace(workspaceSource, path.join(tmp, 'fixture-app'), { uncommitted: AGENT_CHANGES });
    const userDataDir = path.join(tmp, 'data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
      'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    }));
    server = await startCodeServer({ paths, userDataDir, extensionsDir: path.join(tmp, 'ext'),
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'], logFile: path.join(tmp, 'code-server.log') });
    const { chromium } = loadPlaywright(paths);
    browser = await chromium.launch({ executablePath: paths.chromium, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args])); // mocha logs printf-style
      if (!NOISE.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const { host } = new URL(server.url);
    const remote = (p) => `vscode-remote://${host}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(extensionTestsPath)], ['skipWelcome', 'true']]);
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timer = setTimeout(() => {
      console.error(`The extension-host suite did not finish within ${TIMEOUT_MS / 1000} s.`);
      finish(124);
    }, TIMEOUT_MS);
    const code = await finished;
    clearTimeout(timer);
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await stopProcessGroup(server?.child);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runExtensionTests().then(
    (code) => {
      console.log(`extension-host suite exit code ${code}`);
      process.exit(code);
    },
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
