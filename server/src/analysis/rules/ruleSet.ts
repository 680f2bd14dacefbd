/**
 * Rules compiled for each grammar, on first use. Compiling tree-sitter queries is the slowest part
 * of start-up (hundreds of ms per JS grammar on a loaded 2-core machine), so a grammar's queries are
 * compiled only when a document of that grammar is first checked, or all at once by compileAll()
 * where errors must be known up front. Each rule keeps its own query: measured here, one combined
 * query per grammar compiled ~1.5–2× slower than the rules' queries one by one, and rules mostly run
 * over small spans (AI regions) where a per-rule cursor costs little.
 */
import { Query } from 'web-tree-sitter';
import type { Grammars } from '../parser';
import { GRAMMARS, ruleLanguageOf, textRuleApplies, type FileKind, type GrammarId } from '../languages';
import { isQueryRule, isTextRule, type LoadedRule, type QueryRule, type RuleLoadError, type TextRule } from './ruleTypes';
import { buildPrefilter } from './queryPrefilter';
import { describeError } from '../errors';

export interface CompiledRule {
  rule: QueryRule;
  query: Query;
  /** False when the text cannot match (see queryPrefilter.ts); absent when no pre-check applies. */
  mayMatch?: (text: string) => boolean;
}

export class RuleSet {
  private readonly compiled = new Map<GrammarId, CompiledRule[]>();
  private readonly broken = new Set<LoadedRule>();
  private readonly compileErrors: RuleLoadError[] = [];
  private readonly textRules = new Map<FileKind, TextRule[]>();

  constructor(private readonly loaded: readonly LoadedRule[], readonly grammars: Grammars) {}

  /** Rules that loaded and whose queries compiled so far (see compileAll for a complete answer). */
  get rules(): LoadedRule[] {
    return this.loaded.filter((rule) => !this.broken.has(rule));
  }

  /** Query errors found so far, one per rule and grammar. */
  get errors(): readonly RuleLoadError[] {
    return this.compileErrors;
  }

  /** Compiles every grammar now; returns all query errors. */
  compileAll(): readonly RuleLoadError[] {
    for (const grammar of GRAMMARS) this.forGrammar(grammar);
    return this.compileErrors;
  }

  forGrammar(grammar: GrammarId): readonly CompiledRule[] {
    let compiled = this.compiled.get(grammar);
    if (!compiled) {
      compiled = this.compile(grammar);
      this.compiled.set(grammar, compiled);
    }
    return compiled;
  }

  rule(id: string): LoadedRule | undefined {
    return this.rules.find((rule) => rule.id === id);
  }

  /** Rules without a query whose `languages` select files of `kind` (no compiling involved). */
  textRulesFor(kind: FileKind): readonly TextRule[] {
    let rules = this.textRules.get(kind);
    if (!rules) {
      rules = this.loaded.filter(isTextRule).filter((rule) => textRuleApplies(rule.languages, kind));
      this.textRules.set(kind, rules);
    }
    return rules;
  }

  private compile(grammar: GrammarId): CompiledRule[] {
    const language = this.grammars.language(grammar);
    const out: CompiledRule[] = [];
    for (const rule of this.loaded) {
      if (!isQueryRule(rule) || !rule.languages.includes(ruleLanguageOf(grammar)) || this.broken.has(rule)) continue;
      try {
        const query = new Query(language, rule.query);
        out.push({ rule, query, mayMatch: buildPrefilter(rule.query, query) });
      } catch (err) {
        // A query that fails for one of its grammars is dropped everywhere, so a rule never works
        // for .ts but silently not for .tsx.
        this.broken.add(rule);
        this.compileErrors.push({ file: rule.file, field: 'query', message: `does not compile for ${grammar}: ${describeError(err)}` });
        for (const [other, list] of this.compiled) this.compiled.set(other, list.filter((c) => c.rule !== rule));
      }
    }
    return out;
  }
}
