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
    const sound = rules.filter((rule) => {
      for (const grammar of grammarsOf(rule)) {
        try {
          new Query(grammars.language(grammar), rule.query).delete();
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
        const single = new Query(language, rule.query);
        for (let i = 0; i < single.patternCount(); i++) ruleOfPattern.push(rule);
        single.delete();
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
