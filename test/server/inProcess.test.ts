/**
 * The language server in this test's own process, over in-memory streams (the way
 * vscode-languageserver-node tests its connection): startServer() takes its connection as a
 * parameter, so no bundle and no child process is needed. The stdio tests beside this one run the
 * real bundle; this one shows the server is independent of its transport and fast to drive.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest, createConnection, createProtocolConnection, DidOpenTextDocumentNotification, InitializedNotification,
  InitializeRequest, ProposedFeatures, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { SERVER_STATUS_NOTIFICATION, type ServerStatusParams } from '../../server/src/lsp/protocol';
import { startServer } from '../../server/src/server';
import { DIST } from '../helpers/paths';
import { makeTempDir } from '../helpers/tempTree';

const folder = makeTempDir('ai-guard-in-process-');
after(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Resolves with the first notification `accept` takes; registered before the action that causes it. */
function first<T>(register: (handler: (params: T) => void) => void, accept: (params: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => register((params) => accept(params) && resolve(params)));
}

test('the server runs over in-memory streams: it reports ready and publishes diagnostics', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { bundleDir: DIST, bundleFile: path.join(DIST, 'server.js') });

  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ scope: 'wholeFile' })));
  client.onRequest(RegistrationRequest.type, () => undefined);
  const statuses: ServerStatusParams[] = [];
  const ready = first<ServerStatusParams>((h) => client.onNotification(SERVER_STATUS_NOTIFICATION, (p: ServerStatusParams) => {
    statuses.push(p);
    h(p);
  }));
  const uri = pathToFileURL(path.join(folder, 'app.js')).href;
  const published = first<PublishDiagnosticsParams>((h) => client.onNotification(PublishDiagnosticsNotification.type, h), (p) => p.uri === uri);
  client.listen();
  try {
    // processId null: with our own pid, the server would keep a timer watching this process.
    const init = await client.sendRequest(InitializeRequest.type, {
      processId: null, rootUri: pathToFileURL(folder).href, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'app' }],
      capabilities: { workspace: { configuration: true } },
    });
    assert.equal(init.serverInfo?.name, 'AI Guard');
    await client.sendNotification(InitializedNotification.type, {});
    assert.deepEqual(await ready, { health: 'ready', reasons: [] });

    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'javascript', version: 1, text: 'export function run(input) {\n  return eval(input);\n}\n' },
    });
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.source]), [['js-dynamic-eval', 1, 'ai-guard']]);
    assert.equal(statuses.length, 1, 'the status is sent once, not per document');
  } finally {
    // No `exit` notification: in this process it would end the test run (the server calls process.exit).
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
    serverConnection.dispose();
    toServer.end();
    toClient.end();
  }
});
