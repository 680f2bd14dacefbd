/**
 * Edits no server saw. The server starts lazily (with the first supported document) and restarts on
 * some settings changes; until its didOpen arrives, a document's changes are not sent to it, so a
 * block pasted in those seconds would reach it only as part of the opened text and never become an
 * AI region. This keeps the text each supported document had when no server was watching it, and
 * just before the didOpen sends that text (TEXT_BEFORE_OPEN_NOTIFICATION) when it differs, so the
 * server can replay the difference as edits. The extension itself activates only after the first
 * document of its languages opened, so a document already edited then (version > 1) is compared with
 * its saved file instead. Typing in those seconds is not sent: only a document that took a change
 * big enough to be a pasted block (or whose changes were not observed) is. Memory: one text per open
 * document, only while no server runs.
 */
import * as vscode from 'vscode';
import { TEXT_BEFORE_OPEN_NOTIFICATION, type TextBeforeOpenParams } from '../../server/src/lsp/protocol';

/** A single change this large could be a pasted block (the server decides); no keystroke makes one. */
function isBlockSized(insertedText: string): boolean {
  return insertedText.length >= 60 || insertedText.indexOf('\n') !== insertedText.lastIndexOf('\n');
}

export class UnseenEdits implements vscode.Disposable {
  /** Undefined when the earlier text cannot be known (the saved file is unreadable). */
  private readonly texts = new Map<string, string | Promise<string | undefined>>();
  /** Documents that took a block-sized change, or whose changes before activation were not seen. */
  private readonly blockChanged = new Set<string>();
  private watching = true;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly supported: (doc: vscode.TextDocument) => boolean) {
    this.snapshotOpenDocuments({ atActivation: true });
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.watching && this.supported(doc) && !this.texts.has(doc.uri.toString())) this.texts.set(doc.uri.toString(), doc.getText());
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const uri = event.document.uri.toString();
        if (this.watching && this.texts.has(uri) && event.contentChanges.some((c) => isBlockSized(c.text))) this.blockChanged.add(uri);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.texts.delete(doc.uri.toString());
        this.blockChanged.delete(doc.uri.toString());
      }),
    ];
  }

  /** The server is going away (stop, restart): what it has seen of each document is their text now. */
  serverStopping(): void {
    this.watching = true;
    this.texts.clear();
    this.blockChanged.clear();
    this.snapshotOpenDocuments({ atActivation: false });
  }

  /** The server runs and has been sent every open document: later changes reach it directly. */
  serverRunning(): void {
    this.watching = false;
    this.texts.clear();
    this.blockChanged.clear();
  }

  /**
   * Middleware for didOpen: sends the earlier text first when the document changed since then.
   * `send` is the client's sendNotification; it is awaited so the notification goes out first.
   */
  async beforeOpen(doc: vscode.TextDocument, send: (method: string, params: TextBeforeOpenParams) => Promise<void>): Promise<void> {
    const uri = doc.uri.toString();
    const pending = this.texts.get(uri);
    const blockChanged = this.blockChanged.has(uri);
    this.texts.delete(uri);
    this.blockChanged.delete(uri);
    if (!blockChanged) return;
    const text = await pending;
    if (text !== undefined && text !== doc.getText()) await send(TEXT_BEFORE_OPEN_NOTIFICATION, { uri, text });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.texts.clear();
    this.blockChanged.clear();
  }

  private snapshotOpenDocuments({ atActivation }: { atActivation: boolean }): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (!this.supported(doc)) continue;
      const unobserved = atActivation && doc.version > 1;
      this.texts.set(doc.uri.toString(), unobserved ? savedText(doc) : doc.getText());
      if (unobserved) this.blockChanged.add(doc.uri.toString());
    }
  }
}

/** The document's text as last saved: its file, or nothing for an untitled document. */
async function savedText(doc: vscode.TextDocument): Promise<string | undefined> {
  if (doc.uri.scheme === 'untitled') return '';
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
  } catch {
    return undefined; // deleted or unreadable: nothing to compare with
  }
}
