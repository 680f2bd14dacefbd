/**
 * An agent file split the way a reader and an agent see it. Prose is what both read; code (fenced
 * blocks, inline code spans) is commands and examples, not instructions; hidden parts are what the
 * agent reads and a person viewing the rendered file does not: HTML comments, collapsed
 * `<details>`, link titles, elements hidden with `hidden`/`display:none`/zero size. Offsets refer
 * to the original text; in `prose`, masked parts (code, hidden parts, quotations) are blanked with
 * spaces so clause offsets stay exact.
 */
export type HiddenHow = 'html-comment' | 'details' | 'link-title' | 'hidden-html';

export interface CodeSegment {
  /** The fence's info string (`bash`, `json` …), `inline` for a code span. */
  lang: string;
  start: number;
  text: string;
  /** The paragraph before it presents it as an example (of an attack, of output …). */
  example: boolean;
}

export interface HiddenSegment {
  how: HiddenHow;
  start: number;
  text: string;
}

export interface AgentDocument {
  /** Same length as the input; everything but readable prose blanked. */
  prose: string;
  code: CodeSegment[];
  hidden: HiddenSegment[];
}

const EXAMPLE_LEAD = /\b(?:examples?|e\.g\.|for instance|such as|like this|injection|attacks?|malicious|jailbreak|payloads?|output|looks like|would look)\b/i;

export function parseAgentDocument(text: string): AgentDocument {
  const chars = text.split('');
  const doc: AgentDocument = { prose: '', code: [], hidden: [] };
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  fencedBlocks(text, doc, blank);
  hiddenParts(text, doc, blank, chars);
  inlineParts(chars.join(''), text, doc, blank);
  doc.prose = chars.join('');
  return doc;
}

function fencedBlocks(text: string, doc: AgentDocument, blank: (from: number, to: number) => void): void {
  const fence = /^([ \t]{0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
  for (let open = fence.exec(text); open; open = fence.exec(text)) {
    const marker = open[2];
    const close = new RegExp(`^[ \\t]{0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'gm');
    close.lastIndex = open.index + open[0].length;
    const end = close.exec(text);
    const bodyStart = open.index + open[0].length + 1;
    const bodyEnd = end ? end.index : text.length;
    const before = text.slice(Math.max(0, open.index - 300), open.index);
    const lead = before.trimEnd().split(/\n\s*\n/).pop() ?? '';
    doc.code.push({ lang: open[3].trim().split(/\s+/)[0].toLowerCase(), start: bodyStart, text: text.slice(bodyStart, Math.max(bodyStart, bodyEnd)), example: EXAMPLE_LEAD.test(lead) });
    const stop = end ? end.index + end[0].length : text.length;
    blank(open.index, stop);
    fence.lastIndex = stop;
  }
}

const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;
const DETAILS = /<details\b([^>]*)>([\s\S]*?)(?:<\/details>|$)/gi;
const SUMMARY = /<summary\b[^>]*>[\s\S]*?<\/summary>/i;
const HIDDEN_ELEMENT = /<([a-z][a-z0-9]*)\b([^>]*?(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])|aria-hidden\s*=\s*["']?true)[^>]*)>([\s\S]*?)<\/\1\s*>/gi;

/** Hidden parts, read from the text with code already blanked (a comment inside a fence is code). */
function hiddenParts(text: string, doc: AgentDocument, blank: (from: number, to: number) => void, chars: string[]): void {
  const visible = chars.join('');
  for (const m of visible.matchAll(HTML_COMMENT)) {
    const start = (m.index ?? 0) + 4;
    doc.hidden.push({ how: 'html-comment', start, text: text.slice(start, start + m[1].length) });
    blank(m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
  for (const m of visible.matchAll(DETAILS)) {
    if (/\bopen\b/i.test(m[1])) continue;
    const bodyStart = (m.index ?? 0) + m[0].indexOf('>') + 1;
    const body = m[2];
    const summary = SUMMARY.exec(body);
    const contentStart = summary ? bodyStart + (summary.index + summary[0].length) : bodyStart;
    const contentEnd = bodyStart + body.length;
    doc.hidden.push({ how: 'details', start: contentStart, text: text.slice(contentStart, contentEnd) });
    blank(contentStart, contentEnd);
  }
  for (const m of chars.join('').matchAll(HIDDEN_ELEMENT)) {
    const contentStart = (m.index ?? 0) + m[0].indexOf('>') + 1;
    doc.hidden.push({ how: 'hidden-html', start: contentStart, text: text.slice(contentStart, contentStart + m[3].length) });
    blank(m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
}

const INLINE_CODE = /(`+)([^`][\s\S]*?)\1(?!`)/g;
/** `[text](url "title")`, `[text](url 'title')`, `[id]: url "title"`: the title shows only on hover. */
const LINK_TITLE = /\]\(\s*<?[^\s)>]*>?\s+(["'])([^\n]*?)\1\s*\)|^\s{0,3}\[[^\]\n]+\]:\s*\S+\s+(["'])([^\n]*)\3\s*$/gm;
/** Quotations are mentions: "say 'ignore previous instructions'" does not instruct. */
const QUOTED = /"[^"\n]{2,}"|“[^”\n]{2,}”|«[^»\n]{2,}»|(?<=^|[\s(])'[^'\n]{2,}'(?=$|[\s).,;:!?])/g;

function inlineParts(visible: string, text: string, doc: AgentDocument, blank: (from: number, to: number) => void): void {
  for (const m of visible.matchAll(INLINE_CODE)) {
    const start = (m.index ?? 0) + m[1].length;
    doc.code.push({ lang: 'inline', start, text: text.slice(start, start + m[2].length), example: false });
    blank(m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
  for (const m of visible.matchAll(LINK_TITLE)) {
    const title = m[2] ?? m[4];
    const start = (m.index ?? 0) + m[0].lastIndexOf(title);
    doc.hidden.push({ how: 'link-title', start, text: title });
    blank(start, start + title.length);
  }
  for (const m of visible.matchAll(QUOTED)) blank(m.index ?? 0, (m.index ?? 0) + m[0].length);
}
