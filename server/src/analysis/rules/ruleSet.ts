/**
 * Rules compiled for each grammar. All rules of one grammar share one combined tree-sitter query,
 * so a scan walks the tree once, whatever the number of rules; a pattern index maps back to its rule.
 */
import { Query } from 'web-tree-sitter';
import type { Grammars } from '../parser';
import { GRAMMARS, ruleLanguageOf, type GrammarId } from '../languages';
import type { LoadedRule, RuleLoadError } from './ruleTypes';

export interface GrammarRules {
  query: Query;
  /** rule of each pattern index of `query` */
  ruleOfPattern: LoadedRule[];
}

export class RuleSet {
  private constructor(readonly rules: LoadedRule[], private readonly byGrammar: Map<GrammarId, GrammarRules>) {}

  static compile(rules: LoadedRule[], grammars: Grammars): { ruleSet: RuleSet; errors: RuleLoadError[] } {
    const errors: RuleLoadError[] = [];
    // Compiling a query is the slowest part of start-up, so the validation compile also records
    // the pattern count the combined query's index needs, instead of compiling each rule again.
    const patternCounts = new Map<LoadedRule, Map<GrammarId, number>>();
    const sound = rules.filter((rule) => {
      for (const grammar of grammarsOf(rule)) {
        try {
          const single = new Query(grammars.language(grammar), rule.query);
          if (!patternCounts.has(rule)) patternCounts.set(rule, new Map());
          patternCounts.get(rule)?.set(grammar, single.patternCount());
          single.delete();
        } catch (err) {
          errors.push({ file: rule.file, field: 'query', message: `does not compile for ${grammar}: ${(err as Error).message}` });
          return false;
        }
      }
      return true;
    });
    const byGrammar = new Map<GrammarId, GrammarRules>();
    for (const grammar of GRAMMARS) {
      const applicable = sound.filter((rule) => grammarsOf(rule).includes(grammar));
      if (applicable.length === 0) continue;
      const language = grammars.language(grammar);
      const ruleOfPattern: LoadedRule[] = [];
      for (const rule of applicable) {
        const count = patternCounts.get(rule)?.get(grammar) ?? 0;
        for (let i = 0; i < count; i++) ruleOfPattern.push(rule);
      }
      const query = new Query(language, applicable.map((rule) => rule.query).join('\n'));
      byGrammar.set(grammar, { query, ruleOfPattern });
    }
    return { ruleSet: new RuleSet(sound, byGrammar), errors };
  }

  forGrammar(grammar: GrammarId): GrammarRules | undefined {
    return this.byGrammar.get(grammar);
  }

  rule(id: string): LoadedRule | undefined {
    return this.rules.find((rule) => rule.id === id);
  }
}

function grammarsOf(rule: LoadedRule): GrammarId[] {
  return GRAMMARS.filter((grammar) => rule.languages.includes(ruleLanguageOf(grammar)));
}
