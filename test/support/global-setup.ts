import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../../src/local/azurite.js';
import { generateLocalCertificate, writeLocalCertificate } from '../../src/local/tls/local-certificate.js';

/**
 * Runs once before the test workers start: makes one local TLS certificate for every HTTPS server the tests
 * start (Graph simulator, fake authority) and makes the workers trust it; starts one in-memory Azurite for
 * every Table Storage test (each test isolates its rows with a table prefix, see test-tables.ts).
 *
 * Node reads NODE_EXTRA_CA_CERTS only when a process starts, so it is set here, in the parent, before the
 * forked workers exist; they inherit it with the rest of the environment. XTSYNC_TEST_TABLES_CONNECTION
 * reaches them the same way.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-test-tls-'));
  const { certPath, keyPath } = await writeLocalCertificate(await generateLocalCertificate(2), dir);
  process.env.NODE_EXTRA_CA_CERTS = certPath;
  process.env.XTSYNC_TEST_TLS_CERT = certPath;
  process.env.XTSYNC_TEST_TLS_KEY = keyPath;

  const azurite = await startAzurite({ inMemory: true });
  process.env.XTSYNC_TEST_TABLES_CONNECTION = azurite.connectionString;

  return async () => {
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
