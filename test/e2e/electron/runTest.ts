/**
 * `npm run test:electron`: runs suite/ in a VS Code downloaded by @vscode/test-electron, on a git
 * copy of the fixture workspace. Needs a machine that can download VS Code (not this sandbox,
 * where `npm run test:e2e` runs the same suite inside code-server instead: ../runExtensionTests.mjs).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from '../../helpers/paths';

function fixtureWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aig-electron-'));
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=AI Guard E2E', '-c', 'user.email=e2e@ai-guard.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'fixture');
  // Files an agent wrote after the commit: "Scan AI Changes" must find them.
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'agent-changes'), dir, { recursive: true });
  return dir;
}

async function main(): Promise<void> {
  const workspace = fixtureWorkspace();
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'aig-electron-data-'));
  try {
    await runTests({
      version: process.env.VSCODE_VERSION, // default: the latest stable release
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`Extension tests failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error('They need dist/ built (npm run build) and a network that can download VS Code.');
  process.exit(1);
});
