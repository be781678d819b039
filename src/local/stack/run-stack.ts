/**
 * The local stack's process (started by `npm start` through src/local/start.ts, which makes the simulator's
 * certificate trusted first): starts everything, writes `.local/stack.json` and `.local/graph-sim.json`,
 * prints provisioning actions as they happen, and stops everything — children included — on Ctrl-C.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseTopology } from '../../core/topology/parse-topology.js';
import { loadSimulatorSeed } from '../graph-simulator/seed.js';
import { readLocalCertificate } from '../tls/local-certificate.js';
import { createConsoleStackLogger, formatProvisioningLine } from './console-stack-logger.js';
import { graphSimInfo, stackInfo, writePrivateJson } from './stack-file.js';
import { startLocalStack } from './start-local-stack.js';

const port = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError('expected a port number');
  return parsed;
};

const program = new Command('xtsync-local-stack')
  .requiredOption('--cert <file>', 'TLS certificate (already trusted through NODE_EXTRA_CA_CERTS)')
  .requiredOption('--key <file>', 'its private key')
  .option('--topology <file>', 'topology to run', 'examples/local.yaml')
  .option('--seed <file>', 'Graph simulator seed (default: the built-in four tenants)')
  .option('--port <port>', 'dev host port', port, 7071)
  .option('--graph-port <port>', 'Graph simulator port', port, 8443)
  .option('--throttle <mode>', 'Graph throttling: real or off', 'real')
  .option('--state-dir <dir>', 'where stack.json and graph-sim.json go', '.local')
  .option('--verbose', 'print every log line, not only warnings and provisioning actions', false)
  .parse();

const options = program.opts<{
  cert: string;
  key: string;
  topology: string;
  seed?: string;
  port: number;
  graphPort: number;
  throttle: string;
  stateDir: string;
  verbose: boolean;
}>();

async function main(): Promise<void> {
  if (options.throttle !== 'real' && options.throttle !== 'off')
    throw new Error('--throttle must be real or off');
  const logger = createConsoleStackLogger(options.verbose);
  const source = await readFile(options.topology, 'utf8');
  const { topology, shape } = parseTopology(source, options.topology);
  console.log(`xtsync local stack: topology ${options.topology} (${shape.description})`);

  const stack = await startLocalStack({
    topology: { source, fileName: options.topology },
    certificate: await readLocalCertificate(options.cert, options.key),
    devHostPort: options.port,
    simulator: {
      port: options.graphPort,
      throttle: options.throttle,
      ...(options.seed ? { seed: await loadSimulatorSeed(options.seed) } : {}),
    },
    logger,
    onProvisioningLogEntry: (entry) => {
      console.log(formatProvisioningLine(entry));
    },
  });

  const graph = graphSimInfo(stack.graph, path.resolve(options.cert));
  await writePrivateJson(path.join(options.stateDir, 'graph-sim.json'), graph);
  await writePrivateJson(
    path.join(options.stateDir, 'stack.json'),
    stackInfo({
      devHostUrl: stack.devHostUrl,
      adminKey: stack.adminKey,
      graph,
      storageConnectionString: stack.storageConnectionString,
      topology,
    }),
  );

  console.log(
    [
      `  dev host        ${stack.devHostUrl}/api  (health: ${stack.devHostUrl}/api/health)`,
      `  Graph simulator ${stack.graph.baseUrl}/v1.0  (authority ${stack.graph.authorityHost})`,
      `  tenants         ${topology.tenants.map((t) => t.key).join(', ')}`,
      `  syncs           ${topology.syncs.map((s) => `${s.from}→${s.to}`).join(', ')}`,
      `  state           ${path.join(options.stateDir, 'stack.json')} (admin key, simulator clients)`,
      '',
      'Try it: npm run demo   ·   npx xtsync logs --follow   ·   Ctrl-C stops everything.',
      'Provisioning actions appear below as they happen:',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    void stack.stop().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(`The local stack could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
