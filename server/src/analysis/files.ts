/**
 * Reading and finding the files a scan looks at. Every input a repository can hold — huge,
 * binary, not UTF-8, minified, unreadable — becomes a sentence saying why it was skipped, never an
 * exception, so one odd file cannot stop a scan of thousands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAgentFile } from './content/agentFiles';
import type { PathFilter } from './pathFilter';

export type FileReadResult = { ok: true; text: string } | { ok: false; reason: string };

export const DEFAULT_MAX_BYTES = 1_048_576;

/** Only the head is searched for NUL bytes: enough to recognise images, archives and compiled code. */
const BINARY_PROBE_BYTES = 8192;

export function readSourceFile(absPath: string, maxBytes = DEFAULT_MAX_BYTES): FileReadResult {
  let bytes: Buffer;
  try {
    // Size first, so a multi-gigabyte file is never read into memory.
    const size = fs.statSync(absPath).size;
    if (size > maxBytes) {
      return { ok: false, reason: `The file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} scan limit; it was not scanned.` };
    }
    bytes = fs.readFileSync(absPath);
  } catch (err) {
    return { ok: false, reason: `The file could not be read (${osErrorText(err)}).` };
  }
  const decoded = decodeText(bytes);
  if (decoded.ok && isLikelyMinified(decoded.text) && !isAgentFile(absPath)) return { ok: false, reason: MINIFIED_REASON };
  return decoded;
}

export const MINIFIED_REASON = 'The file looks minified or generated (very long lines); it was not scanned. Scan its source instead.';

/**
 * Bytes as text, or why they are not text: NUL bytes near the start (binary) or invalid UTF-8. Text
 * that starts with a UTF-16 byte order mark (Windows tools write PowerShell scripts and .txt files
 * that way) is decoded as UTF-16; without the mark its NUL bytes make it binary. Shared by files on
 * disk and blobs read from git, so both are judged alike.
 */
export function decodeText(bytes: Uint8Array): FileReadResult {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!utf16 && bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    return { ok: false, reason: 'The file looks binary (it contains NUL bytes); it was not scanned.' };
  }
  try {
    // The decoders drop a leading byte order mark, which tree-sitter would otherwise see as a stray
    // character before the first token.
    return { ok: true, text: new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return utf16
      ? { ok: false, reason: `The file starts like ${utf16.toUpperCase()} text but is not valid ${utf16.toUpperCase()}; it was not scanned.` }
      : { ok: false, reason: 'The file is not valid UTF-8; re-save it as UTF-8 to have it scanned.' };
  }
}

/**
 * Extensions of files that are never text (images, media, fonts, archives, compiled code, data
 * stores): a folder scan does not even open them. Anything else is read and judged by its bytes.
 */
const NON_TEXT_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'avif', 'heic', 'tif', 'tiff', 'psd', 'ai', 'eps', 'xcf', 'sketch', 'fig',
  'mp3', 'mp4', 'm4a', 'm4v', 'wav', 'ogg', 'oga', 'ogv', 'flac', 'aac', 'opus', 'avi', 'mov', 'mkv', 'webm', 'wmv', 'flv', 'mid', 'midi',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'pfb',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'lz', 'lz4', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'aar', 'apk', 'ipa', 'xpi', 'vsix', 'nupkg', 'whl', 'egg', 'gem', 'crx',
  'deb', 'rpm', 'msi', 'dmg', 'pkg', 'iso', 'img', 'cab',
  'exe', 'dll', 'so', 'dylib', 'o', 'obj', 'a', 'lib', 'class', 'pyc', 'pyo', 'pyd', 'wasm', 'node', 'elc', 'beam', 'dex',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'numbers', 'pages',
  'sqlite', 'sqlite3', 'db', 'mdb', 'accdb', 'parquet', 'avro', 'orc', 'feather', 'arrow', 'npy', 'npz', 'pkl', 'pickle', 'h5', 'hdf5',
  'onnx', 'pt', 'pth', 'ckpt', 'safetensors', 'tflite', 'pb', 'mo', 'bin', 'dat', 'blend', 'fbx', 'glb', 'unitypackage', 'swf', 'keystore', 'jks', 'p12', 'pfx', 'der',
]);

/** False for files whose extension says they are never text; everything else is read and judged by its bytes. */
export function mayBeTextFile(filePath: string): boolean {
  const base = path.basename(filePath);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || !NON_TEXT_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** Below this size, parsing costs nothing and a long line is more likely data than a bundle. */
const MINIFIED_MIN_CHARS = 4096;
const MINIFIED_AVERAGE_LINE = 500;
const MINIFIED_LONGEST_LINE = 20_000;
const FEW_LINES = 100;

/**
 * Minified bundles and generated blobs are not worth scanning: findings there are not the author's
 * to fix, and their single huge lines make every finding span the whole file.
 */
export function isLikelyMinified(text: string): boolean {
  if (text.length < MINIFIED_MIN_CHARS) return false;
  let lines = 0;
  let longest = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines++;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  if (text.length / lines > MINIFIED_AVERAGE_LINE) return true;
  return lines <= FEW_LINES && longest > MINIFIED_LONGEST_LINE;
}

const EXCLUDED_BECAUSE = 'matches .gitignore, an "ignore" glob in .aiguard.json or a built-in exclusion (node_modules, dist, build, vendor, minified bundles).';

/**
 * Yields, depth-first in sorted order, every file under `root` that may be text (source of any
 * language, Markdown, configuration; see `mayBeTextFile`) and that `filter` does not exclude. Excluded folders are pruned before they are read. Symbolic links to
 * folders are not followed (they can form cycles and usually point outside the project); links to
 * files are. `root` itself may be a file or a link to a folder: the user named it explicitly.
 */
export function* walkSourceFiles(root: string, filter: PathFilter, onSkip?: (path: string, reason: string) => void): Generator<string> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch (err) {
    onSkip?.(root, `The path could not be read (${osErrorText(err)}).`);
    return;
  }
  if (!stat.isDirectory()) {
    if (!mayBeTextFile(root)) onSkip?.(root, 'The file is not text (its extension says it is an image, an archive, compiled code or another binary format); it was not scanned.');
    else if (filter.isExcluded(root, false)) onSkip?.(root, `The file ${EXCLUDED_BECAUSE}`);
    else yield root;
    return;
  }
  if (filter.isExcluded(root, true)) {
    onSkip?.(root, `The folder ${EXCLUDED_BECAUSE}`);
    return;
  }
  yield* walkDirectory(root, filter, onSkip);
}

function* walkDirectory(dir: string, filter: PathFilter, onSkip?: (path: string, reason: string) => void): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    onSkip?.(dir, `The folder could not be read (${osErrorText(err)}).`);
    return;
  }
  // Code-unit order, not locale order, so the output is the same on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!filter.isExcluded(full, true)) yield* walkDirectory(full, filter, onSkip);
    } else if (entry.isSymbolicLink()) {
      const target = statOrUndefined(full);
      if (target?.isDirectory()) {
        if (!filter.isExcluded(full, true)) onSkip?.(full, 'This is a symbolic link to a folder; it is not followed, to avoid scanning files twice or forever. Scan its target directly.');
      } else if (target?.isFile() && mayBeTextFile(full) && !filter.isExcluded(full, false)) {
        yield full;
      }
    } else if (entry.isFile() && mayBeTextFile(full) && !filter.isExcluded(full, false)) {
      yield full;
    }
  }
}

/** False for anything missing or unreadable as well as for files. */
export function isDirectory(p: string): boolean {
  return statOrUndefined(p)?.isDirectory() ?? false;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined; // a dangling link: nothing to scan
  }
}

/** `EACCES: permission denied` — the code and Node's text without the path it repeats. */
export function osErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ? `${e.code}: ` : '';
  // Node's messages repeat the code and the path ("ENOENT: no such file or directory, open '/x'").
  const message = String(e?.message ?? err).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${code}${message}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}
