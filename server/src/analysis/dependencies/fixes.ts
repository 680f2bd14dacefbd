/**
 * Quick fixes of the dependency findings: replace the name with the package meant (in the import
 * or command *and* in the manifest that declares it), or remove the dependency (the import
 * statement and the manifest entry). Only names are replaced: a subpath (`lodash/fp`), a version
 * range and extras stay as written.
 */
import type { TextCheckFix } from '../checks/checkTypes';
import { LineIndex } from '../positions';
import type { FileEdits } from '../types';
import type { DependencyEnvironment } from './environment';
import type { EvaluatedReference } from './evaluate';
import type { ManifestEntry } from './project/projectIndex';

export function replaceFix(checked: EvaluatedReference, replacement: string, title: string, filePath: string, env: DependencyEnvironment): TextCheckFix {
  const { ref } = checked;
  const inCode = ref.source === 'import' && ref.ecosystem === 'pypi' ? env.data.importNames.importNameFor(replacement) : replacement;
  const entries = ref.source === 'import' ? manifestEntries(checked, filePath, env) : [];
  return {
    title,
    edits: [{ span: ref.span, newText: inCode }],
    ...(entries.length ? { otherFiles: entries.map((entry) => editOf(entry, entry.reference.span, replacement)) } : {}),
  };
}

export function removeFix(checked: EvaluatedReference, filePath: string, env: DependencyEnvironment): TextCheckFix | undefined {
  const { ref } = checked;
  if (!ref.removal) return undefined;
  const entries = ref.source === 'import' ? manifestEntries(checked, filePath, env).filter((e) => e.reference.removal) : [];
  return {
    title: 'Remove this dependency',
    edits: [{ span: ref.removal, newText: '' }],
    ...(entries.length ? { otherFiles: entries.map((entry) => editOf(entry, entry.reference.removal!, '')) } : {}),
  };
}

/** The manifest entries of the same package, for imports (the manifest names the distribution, not the import). */
export function manifestEntries(checked: EvaluatedReference, filePath: string, env: DependencyEnvironment): ManifestEntry[] {
  return env.project.manifestEntries(checked.ref.ecosystem, checked.lookupName, filePath);
}

function editOf(entry: ManifestEntry, span: { startIndex: number; endIndex: number }, newText: string): FileEdits {
  const lines = new LineIndex(entry.text);
  return { filePath: entry.filePath, edits: [{ range: lines.rangeOf(span), newText }] };
}
