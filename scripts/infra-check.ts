// `npm run infra:check [-- DIR]`: offline syntax and structure gate for the Bicep in infra/ (docs/deploy.md).
import { fileURLToPath } from 'node:url';
import { runInfraCheck } from './infra/run-infra-check.js';

process.exitCode = await runInfraCheck(process.argv.slice(2), {
  repoRoot: fileURLToPath(new URL('..', import.meta.url)),
  write: (line) => {
    process.stdout.write(`${line}\n`);
  },
});
