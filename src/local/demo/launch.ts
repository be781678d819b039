/**
 * `npm run demo`: finds the running local stack (.local/stack.json, or `--stack <file>`), checks that it
 * answers, then runs the demo (cli.ts) in a child process that trusts the Graph simulator's certificate —
 * Node reads NODE_EXTRA_CA_CERTS only when a process starts. Arguments, the exit code and Ctrl-C pass through.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runWithTrustedCa } from '../run-with-trusted-ca.js';
import { assertStackRunning, defaultStackFile, readStackFile } from './running-stack.js';

const args = process.argv.slice(2);
// Only --stack matters here; cli.ts parses (and documents) every option.
const { values } = parseArgs({
  args,
  options: { stack: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  strict: false,
});
const stackFile = typeof values.stack === 'string' ? values.stack : defaultStackFile;

if (values.help === true) {
  // Help needs no running stack: cli.ts prints it and exits.
  await import('./cli.js');
} else {
  await launch();
}

async function launch(): Promise<void> {
  try {
    const stack = await readStackFile(stackFile);
    await assertStackRunning(stack, stackFile);
    process.exitCode = await runWithTrustedCa({
      script: fileURLToPath(new URL('./cli.ts', import.meta.url)),
      args,
      caCertPath: stack.graph.caCertPath,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
