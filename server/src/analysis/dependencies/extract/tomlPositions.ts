/**
 * Where the keys and strings of a TOML document are. smol-toml parses TOML correctly but keeps no
 * positions, so this scanner walks the same syntax (table headers, dotted and quoted keys, basic,
 * literal and multi-line strings, arrays, inline tables, comments) and records every string value
 * and key with its path and span. Callers use an entry only when smol-toml's value at the same path
 * is the same string, so a scanner mistake can lose a position but never invent a dependency.
 */
export type TomlPath = ReadonlyArray<string | number>;

export interface TomlEntry {
  path: TomlPath;
  kind: 'key' | 'string';
  /** The key or string as TOML means it (escapes decoded). */
  value: string;
  /** Span of the text between the quotes (or of the bare key). */
  start: number;
  end: number;
  /** True when the source between the quotes is exactly `value` (no escapes): offsets inside it are exact. */
  verbatim: boolean;
}

export function tomlEntries(text: string): TomlEntry[] {
  return new TomlScanner(text).run();
}

class TomlScanner {
  private pos = 0;
  private readonly entries: TomlEntry[] = [];
  private table: Array<string | number> = [];
  private readonly arrayTableCounts = new Map<string, number>();

  constructor(private readonly text: string) {}

  run(): TomlEntry[] {
    try {
      while (this.pos < this.text.length) this.statement();
    } catch {
      // Malformed TOML: keep what was read; the caller cross-checks everything with smol-toml.
    }
    return this.entries;
  }

  private statement(): void {
    this.skipSpaceAndComments(true);
    if (this.pos >= this.text.length) return;
    if (this.text[this.pos] === '[') {
      const arrayTable = this.text[this.pos + 1] === '[';
      this.pos += arrayTable ? 2 : 1;
      const keys = this.key();
      this.pos += arrayTable ? 2 : 1;
      const joined = JSON.stringify(keys.map((k) => k.value));
      if (arrayTable) {
        const index = this.arrayTableCounts.get(joined) ?? 0;
        this.arrayTableCounts.set(joined, index + 1);
        this.table = [...keys.map((k) => k.value), index];
      } else {
        this.table = keys.map((k) => k.value);
      }
      this.skipToLineEnd();
      return;
    }
    this.keyValue(this.table);
    this.skipToLineEnd();
  }

  private keyValue(base: TomlPath): void {
    const keys = this.key();
    const path = [...base, ...keys.map((k) => k.value)];
    const last = keys[keys.length - 1];
    this.entries.push({ path, kind: 'key', value: last.value, start: last.start, end: last.end, verbatim: last.verbatim });
    this.skipInlineSpace();
    if (this.text[this.pos] !== '=') throw new Error('expected =');
    this.pos++;
    this.value(path);
  }

  /** A dotted key: `a.b."c d".'e'`. */
  private key(): Array<{ value: string; start: number; end: number; verbatim: boolean }> {
    const parts: Array<{ value: string; start: number; end: number; verbatim: boolean }> = [];
    for (;;) {
      this.skipInlineSpace();
      const ch = this.text[this.pos];
      if (ch === '"' || ch === "'") {
        const s = this.string();
        parts.push(s);
      } else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 256));
        if (!match) throw new Error('expected a key');
        parts.push({ value: match[0], start: this.pos, end: this.pos + match[0].length, verbatim: true });
        this.pos += match[0].length;
      }
      this.skipInlineSpace();
      if (this.text[this.pos] !== '.') return parts;
      this.pos++;
    }
  }

  private value(path: TomlPath): void {
    this.skipInlineSpace();
    const ch = this.text[this.pos];
    if (ch === '"' || ch === "'") {
      const s = this.string();
      this.entries.push({ path, kind: 'string', ...s });
    } else if (ch === '[') {
      this.pos++;
      for (let index = 0; ; index++) {
        this.skipSpaceAndComments(true);
        if (this.text[this.pos] === ']') break;
        this.value([...path, index]);
        this.skipSpaceAndComments(true);
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== ']') throw new Error('expected , or ]');
      }
      this.pos++;
    } else if (ch === '{') {
      this.pos++;
      for (;;) {
        this.skipInlineSpace();
        if (this.text[this.pos] === '}') break;
        this.keyValue(path);
        this.skipInlineSpace();
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== '}') throw new Error('expected , or }');
      }
      this.pos++;
    } else {
      // Numbers, booleans, dates: up to the next delimiter.
      const match = /^[^,\]}\s#]+/.exec(this.text.slice(this.pos, this.pos + 128));
      if (!match) throw new Error('expected a value');
      this.pos += match[0].length;
    }
  }

  private string(): { value: string; start: number; end: number; verbatim: boolean } {
    const quote = this.text[this.pos];
    const multi = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = multi ? quote.repeat(3) : quote;
    let start = this.pos + delimiter.length;
    if (multi && this.text[start] === '\n') start++;
    else if (multi && this.text.startsWith('\r\n', start)) start += 2;
    let i = start;
    for (;;) {
      if (i >= this.text.length || (!multi && (this.text[i] === '\n' || this.text[i] === '\r'))) throw new Error('unterminated string');
      if (quote === '"' && this.text[i] === '\\') {
        i += 2;
        continue;
      }
      if (this.text.startsWith(delimiter, i)) break;
      i++;
    }
    // Multi-line strings may end in up to two more quotes that belong to the content.
    while (multi && this.text[i + 3] === quote) i++;
    const raw = this.text.slice(start, i);
    this.pos = i + delimiter.length;
    const value = quote === '"' ? decodeBasic(raw) : raw;
    return { value, start, end: i, verbatim: value === raw };
  }

  private skipInlineSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private skipSpaceAndComments(newlines: boolean): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || (newlines && (ch === '\n' || ch === '\r'))) this.pos++;
      else if (ch === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  private skipToLineEnd(): void {
    this.skipSpaceAndComments(false);
    if (this.pos < this.text.length && this.text[this.pos] !== '\n' && this.text[this.pos] !== '\r') throw new Error('expected a line end');
  }
}

function decodeBasic(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([btnfr"\\])|\s*\n\s*)/g, (whole, u4: string, u8: string, simple: string) => {
    if (u4 || u8) return String.fromCodePoint(parseInt(u4 ?? u8, 16));
    if (simple) return ({ b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[simple];
    return ''; // line-ending backslash in a multi-line string
  });
}
