/** One sentence naming what a piece of text would make an agent do, for messages about hidden text. */
import { effectsText, findIntents, type ActionClass } from './intent';

export function effectsOf(text: string): ActionClass[] {
  return [...new Set(findIntents(text).flatMap((i) => i.actions))];
}

/** ` It tells the agent to ignore … and send secrets …` or '' when the text carries no such instruction. */
export function intentSummary(text: string): string {
  const effects = effectsOf(text);
  if (effects.length === 0) return '';
  return ` It tells the agent to ${effectsText(effects)}.`;
}
