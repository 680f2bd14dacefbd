/**
 * Shell code embedded in another file (package.json scripts, Dockerfile RUN lines, workflow `run:`
 * blocks, Markdown code fences). A script is its own text plus a map back to the file: YAML block
 * scalars and Markdown prompts drop indentation and `$ ` prompts, so the script is made of pieces.
 */
import type { OffsetSpan } from '../../types';

export interface ScriptPiece {
  /** Offset in the script text. */
  at: number;
  /** Offset of the same character in the file. */
  fileOffset: number;
  length: number;
}

export interface EmbeddedScript {
  text: string;
  language: 'shell';
  /** Where the script's text sits in the file; one piece when it is contiguous. */
  pieces?: ScriptPiece[];
  /** The file offset of the script's first character, when it is contiguous. */
  offset?: number;
}

/** Builds a script from file slices, remembering where each came from; pieces are joined with `\n`. */
export class ScriptBuilder {
  private text = '';
  private readonly pieces: ScriptPiece[] = [];

  add(fileOffset: number, slice: string): void {
    if (this.text.length > 0) this.text += '\n';
    this.pieces.push({ at: this.text.length, fileOffset, length: slice.length });
    this.text += slice;
  }

  get empty(): boolean {
    return this.pieces.length === 0;
  }

  build(): EmbeddedScript {
    return { text: this.text, language: 'shell', pieces: [...this.pieces] };
  }
}

/** The file span of a script span; undefined when it crosses a piece boundary (it would not be one range in the file). */
export function fileSpanOf(script: EmbeddedScript, span: OffsetSpan): OffsetSpan | undefined {
  if (script.offset !== undefined) return { startIndex: span.startIndex + script.offset, endIndex: span.endIndex + script.offset };
  const piece = script.pieces?.find((p) => span.startIndex >= p.at && span.endIndex <= p.at + p.length);
  if (!piece) return undefined;
  const delta = piece.fileOffset - piece.at;
  return { startIndex: span.startIndex + delta, endIndex: span.endIndex + delta };
}
