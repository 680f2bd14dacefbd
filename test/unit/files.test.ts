/**
 * Reading files safely (size, binary, encoding, minified, BOM, OS errors) and walking a folder the
 * way a scan does: sorted, pruned by .gitignore (nested too), .aiguard.json globs and built-in
 * exclusions, no symlinked-folder cycles.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLikelyMinified, mayBeTextFile, readSourceFile, walkSourceFiles } from '../../server/src/analysis/files';
import { loadProjectConfig } from '../../server/src/analysis/config';
import { PathFilter } from '../../server/src/analysis/pathFilter';
import { makeTempDir, writeTree } from '../helpers/tempTree';

const temp = makeTempDir('ai-guard-files-');
after(() => fs.rmSync(temp, { recursive: true, force: true }));

let counter = 0;
function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(temp, `${counter++}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}


function expectSkipped(result: ReturnType<typeof readSourceFile>, pattern: RegExp): void {
  assert.equal(result.ok, false, 'expected the file to be skipped');
  if (!result.ok) assert.match(result.reason, pattern);
}

describe('readSourceFile', () => {
  test('returns the text of an ordinary UTF-8 file, non-ASCII included', () => {
    const file = writeTemp('ok.js', 'const greeting = "héllo 👋";\n');
    assert.deepEqual(readSourceFile(file), { ok: true, text: 'const greeting = "héllo 👋";\n' });
  });

  test('strips a UTF-8 byte order mark', () => {
    const file = writeTemp('bom.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import os\n')]));
    assert.deepEqual(readSourceFile(file), { ok: true, text: 'import os\n' });
  });

  test('skips a file over the size limit and says both sizes', () => {
    const file = writeTemp('big.js', 'x'.repeat(3 * 1024 * 1024));
    expectSkipped(readSourceFile(file), /3 MB, over the 1 MB scan limit/);
    const small = writeTemp('small.js', 'let a = 1;\n'.repeat(20));
    expectSkipped(readSourceFile(small, 100), /220 bytes, over the 100 bytes scan limit/);
  });

  test('skips a binary file (NUL bytes in the first 8 KB)', () => {
    const file = writeTemp('image.js', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    expectSkipped(readSourceFile(file), /binary/);
  });

  test('a NUL byte after the first 8 KB does not make the file binary', () => {
    const file = writeTemp('late-nul.js', `${'// comment line\n'.repeat(600)}\u0000`);
    assert.equal(readSourceFile(file).ok, true);
  });

  test('skips invalid UTF-8 and says how to fix it', () => {
    const file = writeTemp('latin1.py', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a])); // name = "é" in Latin-1
    expectSkipped(readSourceFile(file), /not valid UTF-8.*re-save it as UTF-8/);
  });

  test('skips minified code and says so', () => {
    const bundle = `!function(){${'var a=document.createElement("div");a.id="x";'.repeat(800)}}();`;
    expectSkipped(readSourceFile(writeTemp('app.js', bundle)), /minified/);
  });

  test('decodes UTF-16 text that starts with its byte order mark (both byte orders)', () => {
    const text = '# Ünïcode rules\nuse pnpm\n';
    const le = writeTemp('rules-le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual(readSourceFile(le), { ok: true, text });
    const beBytes = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < beBytes.length; i += 2) [beBytes[i], beBytes[i + 1]] = [beBytes[i + 1], beBytes[i]];
    const be = writeTemp('rules-be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), beBytes]));
    assert.deepEqual(readSourceFile(be), { ok: true, text });
    // Without the mark, UTF-16's NUL bytes make it binary.
    expectSkipped(readSourceFile(writeTemp('no-bom.md', Buffer.from(text, 'utf16le'))), /binary/);
    // An odd byte count cannot be UTF-16.
    expectSkipped(readSourceFile(writeTemp('odd.md', Buffer.from([0xff, 0xfe, 0x41]))), /not valid UTF-16LE/);
  });

  test('an agent instruction file is read even when it looks minified (an agent reads it whole anyway)', () => {
    const oneLine = `${'Use pnpm for every install and run the tests before you commit. '.repeat(200)}\n`;
    expectSkipped(readSourceFile(writeTemp('notes.md', oneLine)), /minified/);
    const dir = path.join(temp, `agent-${counter++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'AGENTS.md'), oneLine);
    assert.deepEqual(readSourceFile(path.join(dir, 'AGENTS.md')), { ok: true, text: oneLine });
  });

  test('reports an OS error as the reason instead of throwing', () => {
    expectSkipped(readSourceFile(path.join(temp, 'missing.js')), /could not be read \(ENOENT: no such file or directory\)/);
    expectSkipped(readSourceFile(temp), /could not be read \(EISDIR/);
  });
});

describe('isLikelyMinified', () => {
  const normalLine = '  const value = compute(input, options);\n';

  test('ordinary code is not minified', () => {
    assert.equal(isLikelyMinified(normalLine.repeat(2000)), false);
  });

  test('one huge line in a short file is minified, even when the average line is short', () => {
    const text = `${`${'x'.repeat(99)}\n`.repeat(60)}${'a=b+c;'.repeat(3500)}\n`; // average ≈ 430 characters
    assert.equal(isLikelyMinified(text), true);
    assert.equal(isLikelyMinified(`${`${'x'.repeat(99)}\n`.repeat(200)}${'a=b+c;'.repeat(3500)}\n`), false, 'not in a longer file');
  });

  test('a long average line length is minified', () => {
    assert.equal(isLikelyMinified(`${'x=1;'.repeat(200)}\n`.repeat(20)), true);
  });

  test('one long data line in a long file of ordinary code is not minified', () => {
    const text = `${normalLine.repeat(1000)}const logo = "${'A'.repeat(25_000)}";\n${normalLine.repeat(1000)}`;
    assert.equal(isLikelyMinified(text), false);
  });

  test('a small file is never minified, whatever its line length', () => {
    assert.equal(isLikelyMinified(`export const query = "${'SELECT 1 '.repeat(100)}";`), false);
  });
});

describe('walkSourceFiles', () => {
  const root = path.join(temp, 'project');
  writeTree(root, {
    '.gitignore': 'generated/\n*.log.js\n',
    '.aiguard.json': '{ "ignore": ["legacy/**", "**/*.gen.ts"] }',
    'src/a.js': 'a();\n',
    'src/b.ts': 'b();\n',
    'src/c.py': 'c()\n',
    'src/d.go': 'package d\n',
    'src/component.tsx': 'export const C = () => null;\n',
    'src/readme.md': '# docs\n',
    'src/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'src/Dockerfile': 'FROM node:20\n',
    'src/types.d.ts': 'declare const x: number;\n',
    'src/debug.log.js': 'ignored();\n',
    'src/local.js': 'kept();\n',
    'src/model.gen.ts': 'generated();\n',
    'generated/x.js': 'ignored();\n',
    'legacy/old.js': 'ignored();\n',
    'node_modules/pkg/index.js': 'ignored();\n',
    'pkg/.gitignore': 'local.js\n',
    'pkg/local.js': 'ignored();\n',
    'pkg/kept.js': 'kept();\n',
    'pkg/deeper/local.js': 'ignored();\n',
  });
  fs.symlinkSync(root, path.join(root, 'loop'), 'dir');
  fs.symlinkSync(path.join(root, 'src', 'a.js'), path.join(root, 'alias.js'), 'file');

  const filterFor = (folder: string) => new PathFilter(folder, loadProjectConfig(folder).config.ignore);
  const rel = (files: Iterable<string>) => [...files].map((f) => path.relative(root, f).split(path.sep).join('/'));

  test('yields every text file depth-first in sorted order, honouring every exclusion', () => {
    const skipped: string[] = [];
    const files = rel(walkSourceFiles(root, filterFor(root), (p) => skipped.push(path.relative(root, p))));
    assert.deepEqual(files, [
      '.aiguard.json', '.gitignore', 'alias.js', 'pkg/.gitignore', 'pkg/kept.js',
      'src/Dockerfile', 'src/a.js', 'src/b.ts', 'src/c.py', 'src/component.tsx', 'src/d.go', 'src/local.js', 'src/readme.md', 'src/types.d.ts',
    ], 'images are never opened; Markdown, Dockerfiles, declarations and configuration are text');
    assert.deepEqual(skipped, ['loop'], 'the symlinked folder is reported, not followed');
  });

  test('a nested .gitignore applies below its own folder only', () => {
    const local = rel(walkSourceFiles(root, filterFor(root))).filter((f) => f.endsWith('local.js'));
    assert.deepEqual(local, ['src/local.js']);
  });

  test('without configuration, only .gitignore and built-in exclusions apply', () => {
    const files = rel(walkSourceFiles(root, new PathFilter(root)));
    assert.ok(files.includes('legacy/old.js'));
    assert.ok(files.includes('src/model.gen.ts'));
    assert.ok(!files.includes('node_modules/pkg/index.js'));
    assert.ok(!files.includes('generated/x.js'));
  });

  test('a text file given as the root is yielded; a binary-format or ignored one is reported', () => {
    const filter = filterFor(root);
    assert.deepEqual(rel(walkSourceFiles(path.join(root, 'src/b.ts'), filter)), ['src/b.ts']);
    assert.deepEqual(rel(walkSourceFiles(path.join(root, 'src/readme.md'), filter)), ['src/readme.md']);
    for (const [file, reason] of [['src/logo.png', /not text/], ['legacy/old.js', /ignore/]] as const) {
      const skipped: string[] = [];
      assert.deepEqual([...walkSourceFiles(path.join(root, file), filter, (_p, r) => skipped.push(r))], []);
      assert.equal(skipped.length, 1);
      assert.match(skipped[0], reason);
    }
  });

  test('an excluded folder given as the root is reported and not walked', () => {
    const skipped: string[] = [];
    assert.deepEqual([...walkSourceFiles(path.join(root, 'node_modules'), filterFor(root), (p) => skipped.push(p))], []);
    assert.deepEqual(skipped, [path.join(root, 'node_modules')]);
  });

  test('a subfolder as the root keeps the exclusions of the project folder', () => {
    assert.deepEqual(rel(walkSourceFiles(path.join(root, 'pkg'), filterFor(root))), ['pkg/.gitignore', 'pkg/kept.js']);
  });

  test('mayBeTextFile: only extensions of binary formats are left unopened', () => {
    for (const file of ['a.png', 'b.JPG', 'c.woff2', 'd.zip', 'e.pyc', 'f.wasm', 'g.pdf', 'h.sqlite', 'i.mo']) assert.equal(mayBeTextFile(file), false, file);
    for (const file of ['AGENTS.md', '.cursorrules', 'x.mdc', 'Dockerfile', 'main.rs', 'a.po', 'notes', '.env', 'mcp.json', 'run.ps1']) assert.equal(mayBeTextFile(file), true, file);
  });
});
