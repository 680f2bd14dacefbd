/**
 * Open documents, kept in sync change by change. The stock TextDocuments manager applies a batch
 * of changes at once and hides them; AI Guard needs every change with its range and the text it
 * replaced, in order, because each one is replayed into the document's syntax tree (incremental
 * re-parse) and offered to content-change listeners (the insertion detector that finds AI blocks).
 */
import type { Connection, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Disposable } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { fileKindForDocument, grammarForEditorLanguage, grammarForPath, type FileKind, type GrammarId } from '../analysis/languages';
import type { SyntaxDocument } from '../analysis/parser';
import type { TextChange } from '../analysis/types';

export class TrackedDocument {
  /** Tree of the current text; absent until the document is first analysed, or while it is skipped. */
  syntax: SyntaxDocument | undefined;

  constructor(public textDocument: TextDocument) {}

  get uri(): string {
    return this.textDocument.uri;
  }

  get languageId(): string {
    return this.textDocument.languageId;
  }

  get version(): number {
    return this.textDocument.version;
  }

  get text(): string {
    return this.textDocument.getText();
  }

  /** The grammar to parse with: from the editor's language id, else from the file name. */
  get grammar(): GrammarId | undefined {
    return grammarForEditorLanguage(this.languageId) ?? grammarForPath(this.uri.replace(/[?#].*$/, ''));
  }

  /** What the document is for text rules: its grammar's language, else Markdown, JSON, … or `text`. */
  get fileKind(): FileKind {
    return fileKindForDocument(this.languageId, this.uri.replace(/[?#].*$/, ''));
  }

  /** Frees the tree's wasm memory; the document can be parsed again later. */
  dropSyntax(): void {
    this.syntax?.dispose();
    this.syntax = undefined;
  }
}

/** Called for each change, after the tree has taken it and before the next change is applied. */
export type ContentChangeListener = (doc: TrackedDocument, change: TextChange) => void;

export interface DocumentStoreEvents {
  /** A document was opened or changed (once per notification, after all of its changes). */
  onDidChangeContent?(doc: TrackedDocument): void;
  onDidClose?(doc: TrackedDocument): void;
  onListenerError?(doc: TrackedDocument, error: unknown): void;
}

export class DocumentStore {
  private readonly documents = new Map<string, TrackedDocument>();
  private readonly changeListeners = new Set<ContentChangeListener>();

  constructor(private readonly events: DocumentStoreEvents = {}) {}

  get(uri: string): TrackedDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TrackedDocument[] {
    return [...this.documents.values()];
  }

  /** Registers a per-change hook (see ContentChangeListener). */
  onContentChange(listener: ContentChangeListener): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument((params) => this.open(params));
    connection.onDidChangeTextDocument((params) => this.change(params));
    connection.onDidCloseTextDocument((params) => this.close(params));
  }

  open({ textDocument: { uri, languageId, version, text } }: DidOpenTextDocumentParams): void {
    // A re-open without a close (it happens when a language id changes) starts from scratch.
    this.documents.get(uri)?.dropSyntax();
    const doc = new TrackedDocument(TextDocument.create(uri, languageId, version, text));
    this.documents.set(uri, doc);
    this.events.onDidChangeContent?.(doc);
  }

  change({ textDocument: { uri, version }, contentChanges }: DidChangeTextDocumentParams): void {
    const doc = this.documents.get(uri);
    if (!doc) return; // a change for a document never opened: nothing to keep in sync with
    for (const event of contentChanges) {
      const change = this.resolve(doc.textDocument, event);
      doc.textDocument = TextDocument.update(doc.textDocument, [event], version);
      doc.syntax?.edit(change.start, change.end, change.insertedText);
      for (const listener of this.changeListeners) {
        // A failing listener must not leave the text and the tree out of step with the editor.
        try {
          listener(doc, change);
        } catch (err) {
          this.events.onListenerError?.(doc, err);
        }
      }
    }
    this.events.onDidChangeContent?.(doc);
  }

  close({ textDocument: { uri } }: DidCloseTextDocumentParams): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    this.documents.delete(uri);
    doc.dropSyntax();
    this.events.onDidClose?.(doc);
  }

  /** Offsets of one change, measured on the text as it is before that change. */
  private resolve(before: TextDocument, event: TextDocumentContentChangeEvent): TextChange {
    const text = before.getText();
    if (!('range' in event)) return { start: 0, end: text.length, insertedText: event.text, replacedText: text };
    const start = before.offsetAt(event.range.start);
    const end = before.offsetAt(event.range.end);
    return { start, end, insertedText: event.text, replacedText: text.slice(start, end) };
  }
}
