/**
 * A language server that dies while starting: it exits when asked to initialize. The
 * extension-host suite starts it through AI_GUARD_SERVER_MODULE to see the client give up on it
 * (status "stopped") and build a new client for the next start.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => process.exit(3));
connection.listen();
