/**
 * A language server that starts and then crashes: it answers initialize and exits once initialized.
 * The client restarts it a few times, as vscode-languageclient does by default, then gives up; the
 * extension-host suite checks that the next start builds a new client instead of handing back the dead one.
 */
import { createConnection, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
connection.onInitialized(() => process.exit(4));
connection.listen();
