/**
 * `npm run graph-sim -- [--port 8443] [--seed FILE] [--throttle real|off] [--state-dir .local]`: runs the
 * Graph simulator until SIGINT/SIGTERM (exit 0). Bad flags or a bad seed exit with 2 and say why.
 */
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadDefaultSeed } from './default-seed.js';
import { startGraphSimulator } from './index.js';
import { ensureStateCertificate, writeSimulatorState } from './local-state.js';
import { loadSimulatorSeed, type SimulatorSeed } from './seed.js';
import { createConsoleLogger } from './server/console-logger.js';

interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: string;
  readonly throttle: 'real' | 'off';
  readonly stateDir: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('expected a port number between 0 and 65535 (0 picks a free port).');
  }
  return port;
}

function parseArguments(argv: readonly string[]): CliOptions {
  const program = new Command('graph-sim')
    .description('Runs the local Microsoft Graph simulator and fake Entra authority over HTTPS.')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 8443)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <file>', 'seed file (YAML or JSON); default: the built-in four-tenant seed')
    .addOption(new Option('--throttle <mode>', 'throttling model').choices(['real', 'off']).default('real'))
    .option('--state-dir <dir>', 'where graph-sim.json and the certificate are written', '.local')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv, { from: 'node' });
  return program.opts<CliOptions>();
}

async function loadSeed(file: string | undefined): Promise<SimulatorSeed> {
  if (file === undefined) return loadDefaultSeed();
  try {
    return await loadSimulatorSeed(file);
  } catch (error) {
    // File-system errors carry a code; seed validation errors already name the file and every problem.
    if (error instanceof Error && 'code' in error)
      throw new Error(`Cannot read seed file ${file}: ${error.message}`);
    throw error;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  let seed: SimulatorSeed;
  try {
    options = parseArguments(argv);
    seed = await loadSeed(options.seed);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`graph-sim: ${(error as Error).message}\n`);
    return 2;
  }
  const { certificate, certPath } = await ensureStateCertificate(options.stateDir);
  const sim = await startGraphSimulator({
    seed,
    port: options.port,
    host: options.host,
    certificate,
    throttle: options.throttle,
    logger: createConsoleLogger('info'),
  });
  const stateFile = await writeSimulatorState(options.stateDir, sim, certPath);
  const relativeCert = path.relative(process.cwd(), certPath);
  process.stdout.write(
    [
      `Graph simulator running at ${sim.baseUrl}/v1.0 (authority ${sim.authorityHost}, throttling ${options.throttle})`,
      ...sim.tenants.map(
        (t) => `  tenant ${t.key.padEnd(10)} ${t.tenantId}  ${t.defaultDomain}  admin client ${t.clientId}`,
      ),
      `Admin client secrets and URLs: ${path.relative(process.cwd(), stateFile)}`,
      `Trust the certificate in clients: NODE_EXTRA_CA_CERTS=${relativeCert}`,
      `Point xtsync at it: GRAPH_BASE_URL=${sim.baseUrl} GRAPH_AUTHORITY_HOST=${sim.authorityHost}`,
      `Control API: ${sim.baseUrl}/_simulator/{knobs,faults,stats,...}. Stop with Ctrl+C.`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  process.stdout.write('Graph simulator stopped.\n');
  return 0;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`graph-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
