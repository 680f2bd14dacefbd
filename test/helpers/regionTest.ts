/** Shared by the region protocol tests: a temporary git repository, an AI-looking block, edits that await their results. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { RegionsChangedParams } from '../../server/src/lsp/protocol';
import { after, before } from 'node:test';
import { fileUri, LspTestClient as LspTestClientClass, type LspTestClient } from './lspClient';

/**
 * A 20-line handler with one dynamic eval on line 12 of the block, as an assistant would paste it.
 * `tag` renames its identifiers: the server remembers recently removed lines (a paste of them is a
 * move, not new code), so each test pastes its own variant.
 */
export function aiBlock(tag: string): string {
  return BLOCK.replace(/\b(req|res|rows|summary|status|formula|computed|generatedAt|filters)\b/g, `$1${tag}`);
}

export const BLOCK = [
  'export async function handleReport(req, res) {',
  '  const filters = req.query.filters || {};',
  '  const rows = await loadRows(filters.table);',
  '  const summary = { total: rows.length, byStatus: {} };',
  '  for (const row of rows) {',
  '    const status = row.status || "unknown";',
  '    summary.byStatus[status] = (summary.byStatus[status] || 0) + 1;',
  '  }',
  '  if (req.query.format === "csv") {',
  '    res.setHeader("Content-Type", "text/csv");',
  '    const formula = req.query.formula;',
  '    const computed = eval(formula);',
  '    res.send(toCsv(rows, computed));',
  '    return;',
  '  }',
  '  res.json({',
  '    summary,',
  '    generatedAt: new Date().toISOString(),',
  '  });',
  '}',
].join('\n') + '\n';

/** A git repository with a committer, in a fresh temporary folder. */
export function tempRepo(prefix: string): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'config', 'user.email', 'test@example.com');
  git(folder, 'config', 'user.name', 'AI Guard test');
  git(folder, 'config', 'commit.gpgsign', 'false');
  return folder;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
}

export function write(folder: string, name: string, text: string): string {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export interface EditResult {
  diagnostics: PublishDiagnosticsParams;
  regions: RegionsChangedParams;
}

/** One didChange; resolves with the diagnostics and the regionsChanged that follow it. */
export async function edit(client: LspTestClient, uri: string, changes: TextDocumentContentChangeEvent[]): Promise<EditResult> {
  const regions = client.nextRegions(uri);
  const diagnostics = await client.change(uri, changes);
  return { diagnostics, regions: await regions };
}

export async function openDoc(client: LspTestClient, uri: string, text: string, languageId = 'javascript'): Promise<EditResult> {
  const regions = client.nextRegions(uri);
  const diagnostics = await client.open(uri, text, languageId);
  return { diagnostics, regions: await regions };
}

/** An insertion at the start of `line`. */
export function insertAt(line: number, text: string): TextDocumentContentChangeEvent {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text };
}

export function codes(result: EditResult): string[] {
  return result.diagnostics.diagnostics.map((d) => String(d.code)).sort();
}

/**
 * Inside a `describe`: a fresh repository with one commit (README.md) and a server over it, started
 * before the suite's tests and shut down (folder removed) after them.
 */
export function repoWithServer(prefix: string, options: { settings?: Record<string, unknown> } = {}): { folder: string; uri: (name: string) => string; client: () => LspTestClient } {
  const folder = tempRepo(prefix);
  let client: LspTestClient | undefined;
  before(async () => {
    write(folder, 'README.md', '# test\n');
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'initial');
    client = await LspTestClientClass.start({ folder, ...options });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return {
    folder,
    uri: (name) => fileUri(path.join(folder, name)),
    client: () => {
      if (!client) throw new Error('the server is not started yet (use client() inside a test)');
      return client;
    },
  };
}
