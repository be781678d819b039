/**
 * `npm start`: makes a fresh TLS certificate for the Graph simulator (no keys live in the repository), then
 * runs the local stack in a child process that trusts it — Node reads NODE_EXTRA_CA_CERTS only when a
 * process starts. Ctrl-C (or SIGTERM) reaches the child, which stops Azurite, the simulator and the host.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithTrustedCa } from './run-with-trusted-ca.js';
import { generateLocalCertificate, writeLocalCertificate } from './tls/local-certificate.js';

// The certificate goes where the stack writes its state (`--state-dir`, default .local); every other flag is
// the stack's own (see run-stack.ts, or `npm start -- --help`).
const args = process.argv.slice(2);
const stateDirFlag = args.indexOf('--state-dir');
const stateDir = path.resolve((stateDirFlag >= 0 ? args[stateDirFlag + 1] : undefined) ?? '.local');
const certificate = await writeLocalCertificate(
  await generateLocalCertificate(),
  path.join(stateDir, 'graph-sim'),
);
const runStack = fileURLToPath(new URL('./stack/run-stack.ts', import.meta.url));

process.exitCode = await runWithTrustedCa({
  script: runStack,
  args: ['--cert', certificate.certPath, '--key', certificate.keyPath, ...args],
  caCertPath: certificate.certPath,
});
