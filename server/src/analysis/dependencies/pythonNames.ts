/**
 * Python import names → PyPI distribution names. Most packages are imported under their own name;
 * the shipped table covers the common exceptions (`yaml` → PyYAML, `cv2` → opencv-python), matched
 * on the longest dotted prefix, and namespace packages follow their vendors' naming rules.
 */
import { normalizePypiName } from './names';

export class ImportNameTable {
  /** Distribution (normalised) → the import name people write, for fixes that replace an import. */
  private readonly importOf = new Map<string, string>();

  constructor(private readonly distributionOf: ReadonlyMap<string, string>) {
    for (const [module, distribution] of distributionOf) {
      const key = normalizePypiName(distribution);
      if (!this.importOf.has(key) && !module.includes('.')) this.importOf.set(key, module);
    }
  }

  static parse(text: string): ImportNameTable {
    const map = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [module, distribution] = line.split('\t').map((s) => s.trim());
      if (module && distribution) map.set(module, distribution);
    }
    return new ImportNameTable(map);
  }

  /** The distribution that provides `dottedModule`, and whether the table (rather than the name itself) said so. */
  distributionFor(dottedModule: string): { name: string; mapped: boolean } {
    const parts = dottedModule.split('.');
    for (let n = parts.length; n >= 1; n--) {
      const mapped = this.distributionOf.get(parts.slice(0, n).join('.'));
      if (mapped) return { name: mapped, mapped: true };
    }
    if (parts[0] === 'google' && parts[1] === 'cloud' && parts[2]) return { name: `google-cloud-${parts[2].replace(/_/g, '-')}`, mapped: true };
    if (parts[0] === 'azure' && parts.length >= 3) return { name: `azure-${parts[1]}-${parts[2]}`.replace(/_/g, '-'), mapped: true };
    return { name: parts[0], mapped: false };
  }

  /** The import name of a distribution, for a did-you-mean fix in code: the table's, else the name with `-` → `_`. */
  importNameFor(distribution: string): string {
    return this.importOf.get(normalizePypiName(distribution)) ?? distribution.toLowerCase().replace(/[-.]/g, '_');
  }
}
