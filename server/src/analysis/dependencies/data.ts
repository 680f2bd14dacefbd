/**
 * The data the dependency checks ship with (rules/data/dependencies/): popularity lists, the Python
 * standard library, the Python import-name table. Loaded once per engine; a missing or unreadable
 * file leaves that part empty and says so in `problems`, it never stops the other checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonStandardLibrary } from './builtins';
import { Popularity } from './popularity';
import { ImportNameTable } from './pythonNames';
import { describeError } from '../errors';

export class DependencyData {
  readonly problems: string[] = [];
  readonly popularity: { npm: Popularity; pypi: Popularity };
  readonly stdlib: PythonStandardLibrary;
  readonly importNames: ImportNameTable;

  private constructor(read: (file: string) => string | undefined) {
    const npm = read('popular-npm.txt');
    const pypi = read('popular-pypi.txt');
    this.popularity = {
      npm: npm ? Popularity.parse('npm', npm) : Popularity.empty('npm'),
      pypi: pypi ? Popularity.parse('pypi', pypi) : Popularity.empty('pypi'),
    };
    this.stdlib = PythonStandardLibrary.parse(read('python-stdlib.txt') ?? '');
    this.importNames = ImportNameTable.parse(read('python-import-names.tsv') ?? '');
  }

  /** Reads the files of `dataDir` (rules/data/dependencies). */
  static load(dataDir: string): DependencyData {
    const problems: string[] = [];
    const data = new DependencyData((file) => {
      try {
        return fs.readFileSync(path.join(dataDir, file), 'utf8');
      } catch (err) {
        problems.push(`${path.join(dataDir, file)} could not be read (${(err as NodeJS.ErrnoException).code ?? describeError(err)}); the dependency checks work without it, with less knowledge.`);
        return undefined;
      }
    });
    data.problems.push(...problems);
    return data;
  }

  /** Data from texts (tests). */
  static fromTexts(files: Partial<Record<'popular-npm.txt' | 'popular-pypi.txt' | 'python-stdlib.txt' | 'python-import-names.tsv', string>>): DependencyData {
    return new DependencyData((file) => files[file as keyof typeof files]);
  }
}
