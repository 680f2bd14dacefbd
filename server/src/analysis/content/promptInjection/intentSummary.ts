/** One sentence naming what a piece of text would make an agent do, for messages about hidden text. */
import { EFFECT, findIntents, type ActionClass } from './intent';

export function effectsOf(text: string): ActionClass[] {
  return [...new Set(findIntents(text).map((i) => i.action))];
}

/** ` It tells the agent to ignore … and send secrets …` or '' when the text carries no such instruction. */
export function intentSummary(text: string): string {
  const effects = effectsOf(text);
  if (effects.length === 0) return '';
  return ` It tells the agent to ${effects.map((e) => EFFECT[e]).join(' and to ')}.`;
}
