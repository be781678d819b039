/**
 * `npm run bench`: makes a fresh certificate for the simulator (no keys live in the repository), then runs
 * the bench (run-bench.ts) in a child process that trusts it — Node reads NODE_EXTRA_CA_CERTS only when a
 * process starts. Everything listens on loopback; arguments, the exit code and Ctrl-C pass through.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithTrustedCa } from '../../src/local/run-with-trusted-ca.js';
import { generateLocalCertificate, writeLocalCertificate } from '../../src/local/tls/local-certificate.js';

const args = process.argv.slice(2);
const certificate = await writeLocalCertificate(
  await generateLocalCertificate(1),
  path.resolve('.local', 'bench', 'tls'),
);
process.exitCode = await runWithTrustedCa({
  script: fileURLToPath(new URL('./run-bench.ts', import.meta.url)),
  args: [certificate.certPath, certificate.keyPath, ...args],
  caCertPath: certificate.certPath,
});
