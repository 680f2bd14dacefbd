/**
 * Every package a file names, with exact spans: imports of code files (from the syntax tree),
 * entries of manifests (package.json, requirements*.txt, pyproject.toml, go.mod), and install
 * commands wherever shell code stands (shell scripts, Dockerfiles, CI YAML, Markdown, package.json
 * scripts). Only the parts of the text in `spans` are read.
 */
import type { Tree } from 'web-tree-sitter';
import type { WithShellTree } from '../../checks/checkTypes';
import type { FileKind, GrammarId } from '../../languages';
import type { OffsetSpan } from '../../types';
import type { PackageReference } from '../types';
import { codeImports } from './codeImports';
import type { EmbeddedScript } from './embedded';
import { goModContents } from './goMod';
import { installReferences } from './installCommands';
import { packageJsonReferences } from './packageJson';
import { pyprojectReferences } from './pyproject';
import { isRequirementsFile, requirementsReferences } from './requirements';
import { dockerfileScripts, markdownScripts, yamlScripts } from './scriptHosts';
import { shellCommands } from './shellCommands';
import { intersectsAny } from './spans';

export interface ExtractionInput {
  filePath: string;
  text: string;
  kind: FileKind;
  syntax?: { tree: Tree; grammar: GrammarId };
  spans?: readonly OffsetSpan[];
  /** Parses shell code (bash grammar), for install commands; without it commands are not read. */
  withShellTree?: WithShellTree;
}

export interface ExtractedReference extends PackageReference {
  /** Code: the whole specifier / dotted module / import path. */
  specifier?: string;
  /** Code copes with the package being absent (an ImportError handler, a catch around require). */
  optional?: boolean;
}

export type ManifestKind = 'package.json' | 'requirements' | 'pyproject.toml' | 'go.mod';

/** Which manifest a path is, if any. */
export function manifestKindOf(filePath: string): ManifestKind | undefined {
  const base = baseName(filePath);
  if (base === 'package.json') return 'package.json';
  if (base === 'pyproject.toml') return 'pyproject.toml';
  if (base === 'go.mod') return 'go.mod';
  return isRequirementsFile(filePath) ? 'requirements' : undefined;
}

export function extractReferences(input: ExtractionInput): ExtractedReference[] {
  const { text, spans, syntax } = input;
  if (syntax) return codeImports(syntax.tree, syntax.grammar, text, spans);
  const scripts: EmbeddedScript[] = [];
  const out: ExtractedReference[] = [];
  switch (manifestKindOf(input.filePath)) {
    case 'package.json': {
      const contents = packageJsonReferences(text, spans);
      out.push(...contents.references);
      scripts.push(...contents.scripts);
      break;
    }
    case 'requirements': {
      const contents = requirementsReferences(text, spans);
      const unsearchable = contents.extraSources.length > 0 ? contents.extraSources.join(', ') : undefined;
      for (const reference of contents.references) {
        out.push({
          ...reference,
          ...(contents.indexUrl ? { indexUrl: contents.indexUrl } : {}),
          ...(unsearchable && !reference.unsearchableSource ? { unsearchableSource: unsearchable } : {}),
        });
      }
      break;
    }
    case 'pyproject.toml':
      out.push(...pyprojectReferences(text, spans).references);
      break;
    case 'go.mod':
      out.push(...goModContents(text, spans).requires);
      break;
    default:
      if (input.kind === 'shell') scripts.push({ text, language: 'shell', offset: 0 });
      else if (input.kind === 'dockerfile') scripts.push(...dockerfileScripts(text, spans));
      else if (input.kind === 'yaml') scripts.push(...yamlScripts(text, spans));
      else if (input.kind === 'markdown') scripts.push(...markdownScripts(text, spans));
  }
  if (input.withShellTree) {
    for (const script of scripts) {
      for (const command of shellCommands(input.withShellTree, script)) {
        for (const reference of installReferences(command)) {
          if (intersectsAny(spans, reference.span.startIndex, reference.span.endIndex)) out.push(reference);
        }
      }
    }
  }
  return out.sort((a, b) => a.span.startIndex - b.span.startIndex);
}

export function baseName(filePath: string): string {
  return filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
}
