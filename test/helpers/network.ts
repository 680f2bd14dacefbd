/**
 * Tests never reach the internet. Processes and clients under test get a proxy that does not exist
 * for every host but 127.0.0.1, so a registry lookup that slipped past a test's fake registry fails
 * at once ("could not verify") instead of asking a real registry.
 */
export const NO_INTERNET: Record<string, string> = {
  HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1',
};
