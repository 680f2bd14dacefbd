/**
 * The engine as the front doors use it: grammars + validated rules, and one call to scan a text.
 * The LSP server keeps SyntaxDocuments for incremental parsing; the CLI and gate parse afresh.
 */
import { Grammars, SyntaxDocument } from './parser';
import { fileKindForPath, grammarForPath, type FileKind, type GrammarId } from './languages';
import { loadRulesFromDirectory } from './rules/loader';
import { RuleSet } from './rules/ruleSet';
import type { RuleLoadError } from './rules/ruleTypes';
import { runRules, type RunOptions } from './runner';
import type { Finding } from './types';

export interface EngineLocations {
  rulesDir: string;
  wasmDir: string;
}

export class Engine {
  private constructor(readonly grammars: Grammars, readonly ruleSet: RuleSet, private readonly loadErrors: RuleLoadError[]) {}

  /**
   * Loads grammars and rules. `lazy: true` compiles a grammar's rule queries on first use (the
   * language server, where start-up latency matters); otherwise all are compiled now, so
   * `ruleErrors` is complete at once (CLI, tests).
   */
  static async create(locations: EngineLocations & { lazy?: boolean }): Promise<Engine> {
    const grammars = await Grammars.load(locations.wasmDir);
    const loaded = loadRulesFromDirectory(locations.rulesDir);
    const ruleSet = new RuleSet(loaded.rules, grammars);
    if (!locations.lazy) ruleSet.compileAll();
    return new Engine(grammars, ruleSet, loaded.errors);
  }

  /** Rule files that did not load, and queries that did not compile so far. */
  get ruleErrors(): RuleLoadError[] {
    return [...this.loadErrors, ...this.ruleSet.errors];
  }

  /**
   * Runs the rules that apply to `text` as the file `filePath`: parsed with its grammar (or
   * `grammar`) when it has one, and the text rules of its kind (or `kind`) in any case.
   */
  scanText(filePath: string, text: string, options: RunOptions & { grammar?: GrammarId; kind?: FileKind } = {}): Finding[] {
    const grammar = options.grammar ?? (options.kind ? undefined : grammarForPath(filePath));
    const kind = options.kind ?? (grammar ? undefined : fileKindForPath(filePath));
    if (!grammar) return runRules({ text, filePath, kind }, this.ruleSet, options);
    const doc = new SyntaxDocument(this.grammars, grammar, text);
    try {
      return runRules({ tree: doc.tree, text, grammar, filePath, kind }, this.ruleSet, options);
    } finally {
      doc.dispose();
    }
  }
}
