/**
 * Tree-sitter parsing: grammar loading, and syntax trees kept per document and re-parsed
 * incrementally (tree.edit + parse with the old tree) so a 50-line insert into a 10k-line file
 * costs milliseconds, not a full parse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser, Language, type Tree, type Point } from 'web-tree-sitter';
import { GRAMMARS, type GrammarId } from './languages';

export class Grammars {
  private shellParser: Parser | undefined;

  private constructor(private readonly languages: Map<GrammarId, Language>, private readonly bash: Language | undefined) {}

  /**
   * Loads the runtime and every grammar from `wasmDir` (tree-sitter.wasm + tree-sitter-<id>.wasm),
   * plus the bash grammar the text checks parse shell commands with (optional: without it they
   * read commands word by word).
   */
  static async load(wasmDir: string): Promise<Grammars> {
    const runtime = path.join(wasmDir, 'tree-sitter.wasm');
    if (!fs.existsSync(runtime)) throw new Error(`The tree-sitter runtime was not found at ${runtime}. Rebuild the extension (npm run build).`);
    await Parser.init({ locateFile: () => runtime });
    const languages = new Map<GrammarId, Language>();
    for (const id of GRAMMARS) {
      const bytes = fs.readFileSync(path.join(wasmDir, `tree-sitter-${id}.wasm`));
      languages.set(id, await Language.load(bytes));
    }
    // Bash reads install commands in shell code; without its grammar those commands go unchecked, nothing else.
    const bashFile = path.join(wasmDir, 'tree-sitter-bash.wasm');
    const bash = fs.existsSync(bashFile) ? await Language.load(fs.readFileSync(bashFile)) : undefined;
    return new Grammars(languages, bash);
  }

  /** Parses a shell command line (bash) and hands its tree to `use`; undefined without the bash grammar. */
  withShellTree<T>(command: string, use: (tree: Tree) => T): T | undefined {
    if (!this.bash) return undefined;
    if (!this.shellParser) {
      this.shellParser = new Parser();
      this.shellParser.setLanguage(this.bash);
    }
    const tree = this.shellParser.parse(command);
    if (!tree) return undefined;
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  }

  language(id: GrammarId): Language {
    const lang = this.languages.get(id);
    if (!lang) throw new Error(`No grammar loaded for ${id}`);
    return lang;
  }

  newParser(id: GrammarId): Parser {
    const parser = new Parser();
    parser.setLanguage(this.language(id));
    return parser;
  }
}

/** Where the wasm files live: next to the bundle in a build, or in node_modules during development. */
export function defaultWasmDir(bundleDir: string): string {
  const candidates = [
    path.join(bundleDir, 'wasm'),
    path.join(bundleDir, '..', 'dist', 'wasm'),
    path.join(bundleDir, '..', '..', 'dist', 'wasm'),
    path.join(bundleDir, '..', '..', '..', 'dist', 'wasm'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'tree-sitter.wasm'))) ?? candidates[0];
}

export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * One document's text and tree. Edits are recorded on the old tree first, then a single re-parse
 * reuses every unchanged subtree.
 */
export class SyntaxDocument {
  private parser: Parser;
  private current: Tree;
  private pendingEdits = false;

  constructor(grammars: Grammars, readonly grammar: GrammarId, private content: string) {
    this.parser = grammars.newParser(grammar);
    this.current = this.parseOrThrow(content);
  }

  get text(): string {
    return this.content;
  }

  /** The up-to-date tree; re-parses once if edits are pending. */
  get tree(): Tree {
    if (this.pendingEdits) {
      const next = this.parseOrThrow(this.content, this.current);
      this.current.delete();
      this.current = next;
      this.pendingEdits = false;
    }
    return this.current;
  }

  /** Replaces [start, end) of the current text (UTF-16 offsets) with `insert`. */
  edit(start: number, end: number, insert: string): void {
    const startPosition = pointAt(this.content, start);
    const oldEndPosition = pointAt(this.content, end);
    const next = this.content.slice(0, start) + insert + this.content.slice(end);
    const newEndIndex = start + insert.length;
    this.current.edit({
      startIndex: start, oldEndIndex: end, newEndIndex,
      startPosition, oldEndPosition, newEndPosition: pointAt(next, newEndIndex),
    });
    this.content = next;
    this.pendingEdits = true;
  }

  /** Replaces the whole text (no reuse: used when a file changes on disk). */
  replaceAll(text: string): void {
    const next = this.parseOrThrow(text);
    this.current.delete();
    this.current = next;
    this.content = text;
    this.pendingEdits = false;
  }

  dispose(): void {
    this.current.delete();
    this.parser.delete();
  }

  private parseOrThrow(text: string, old?: Tree): Tree {
    const tree = this.parser.parse(text, old);
    if (!tree) throw new Error(`Parsing failed for a ${this.grammar} document`);
    return tree;
  }
}
