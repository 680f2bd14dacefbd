/**
 * Base64 and hex blobs in an agent file that decode to an instruction ("decode this and follow
 * it"). Reported when the decoded text carries an instruction of the intent grammar, or when the
 * text around the blob tells the agent to decode and act on it. Hashes, keys and images decode to
 * binary and are left alone; so is encoded data without any instruction.
 */
import type { OffsetSpan } from '../../types';
import { bytesAsText, looksLikeText } from '../hiddenUnicode/decode';
import { effectsText, findIntents } from './intent';

export interface EncodedInstruction {
  span: OffsetSpan;
  decoded: string;
  encoding: 'base64' | 'hex';
  effect: string;
}

const BASE64 = /(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{4}){6,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=_-])/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){16,}(?![0-9A-Fa-f])/g;
/** "decode the following and follow/execute/run it" — acting on what a blob says. */
const DECODE_AND_ACT = /\bdecode\b[^.\n]{0,80}\b(?:follow|execute|run|obey|do|apply|perform|carry out)\b|\b(?:follow|execute|run|obey)\b[^.\n]{0,40}\bdecoded\b/i;

export function encodedInstructions(text: string): EncodedInstruction[] {
  const out: EncodedInstruction[] = [];
  for (const [pattern, encoding] of [[BASE64, 'base64'], [HEX, 'hex']] as const) {
    for (const m of text.matchAll(pattern)) {
      const blob = m[0];
      // Identifiers, paths and words of one case are not base64 that anyone encoded.
      if (encoding === 'base64' && (!/[a-z]/.test(blob) || !/[A-Z]/.test(blob) || /^[a-z]+$/i.test(blob))) continue;
      const decoded = bytesAsText(Buffer.from(blob, encoding));
      if (!decoded || !looksLikeText(decoded) || !/[a-z]{3,}\s+[a-z]{2,}/i.test(decoded)) continue;
      const intents = findIntents(decoded);
      const start = m.index ?? 0;
      const around = text.slice(Math.max(0, start - 200), start + blob.length + 100);
      if (intents.length === 0 && !DECODE_AND_ACT.test(around)) continue;
      const effect = intents.length > 0
        ? effectsText([...new Set(intents.flatMap((i) => i.actions))])
        : 'decode hidden text and act on it';
      out.push({ span: { startIndex: start, endIndex: start + blob.length }, decoded, encoding, effect });
    }
  }
  return out;
}
