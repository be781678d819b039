/**
 * The whole system on one machine: Table Storage (Azurite, or a given connection), the Graph simulator over
 * HTTPS, the in-process bus, and the dev host serving the same function table as Azure — then the topology
 * is applied, which subscribes to every source tenant (the simulator's handshake reaches the dev host).
 * `npm start` runs this; the end-to-end tests run it in-process.
 */
import { randomBytes } from 'node:crypto';
import type { AppServices } from '../../app/app-services.js';
import type { DrainSettings } from '../../app/drain-settings.js';
import type { Clock, Logger, ProvisioningLogEntry } from '../../app/ports.js';
import type { QuarantinePolicy } from '../../app/quarantine-rules.js';
import type { RetryPolicy } from '../../app/settle-failed-message.js';
import type { GraphRetryOptions } from '../../adapters/graph/graph-client-factory.js';
import { createTableClients } from '../../adapters/tables/table-clients.js';
import { createAppServices } from '../../composition-root.js';
import { loadConfig, type TargetSetting } from '../../config.js';
import { parseTopology } from '../../core/topology/parse-topology.js';
import { buildFunctionDefinitions } from '../../functions/function-table.js';
import { startAzurite } from '../azurite.js';
import { startDevHost, type DevHost } from '../dev-host/start-dev-host.js';
import { loadDefaultSeed } from '../graph-simulator/default-seed.js';
import {
  startGraphSimulator,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from '../graph-simulator/index.js';
import { createInProcessBus, type InProcessBus } from '../in-process-bus/in-process-bus.js';
import { createInProcessBusInspector } from '../in-process-bus/in-process-bus-inspector.js';
import { createInProcessBusProbe } from '../in-process-bus/in-process-bus-probe.js';
import { createInProcessSyncQueue } from '../in-process-bus/in-process-sync-queue.js';
import { declareSyncEntities } from '../in-process-bus/sync-entities.js';
import type { LocalCertificate } from '../tls/local-certificate.js';
import { localStackSettings } from './local-stack-settings.js';

export interface LocalStackOptions {
  /** The topology file's text and a name for it in errors. */
  readonly topology: { readonly source: string; readonly fileName: string };
  /** Trusted by this process (NODE_EXTRA_CA_CERTS), used by the simulator's HTTPS listener. */
  readonly certificate: LocalCertificate;
  /** Table Storage to use; when absent an in-memory Azurite is started (and stopped with the stack). */
  readonly tablesConnectionString?: string;
  readonly tablePrefix?: string;
  readonly devHostPort?: number;
  /** Everything the simulator accepts (seed, port, throttling, knobs, delivery timings…). */
  readonly simulator?: Partial<GraphSimulatorOptions>;
  readonly adminKey?: string;
  readonly clock?: Clock;
  readonly drainSettings?: Partial<DrainSettings>;
  readonly retryPolicy?: RetryPolicy;
  /** Quarantine thresholds and back-offs (tests shorten them). */
  readonly quarantinePolicy?: Partial<QuarantinePolicy>;
  readonly graphRetry?: GraphRetryOptions;
  readonly onProvisioningLogEntry?: (entry: ProvisioningLogEntry) => void;
  readonly logger: Logger;
  /** Start the timer functions (default true). */
  readonly timers?: boolean;
}

export interface LocalStack {
  readonly devHostUrl: string;
  readonly adminKey: string;
  readonly graph: GraphSimulator;
  readonly storageConnectionString: string;
  readonly tablePrefix: string;
  readonly targets: readonly TargetSetting[];
  readonly bus: InProcessBus;
  readonly services: AppServices;
  readonly devHost: DevHost;
  /** Stops the dev host, the bus, the simulator and Azurite (if it started one). Idempotent. */
  stop(): Promise<void>;
}

/** Starts every part, applies the topology, and returns once subscriptions exist. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { topology } = parseTopology(options.topology.source, options.topology.fileName);
  const targets = uniqueTargets(topology.syncs.map((sync) => ({ key: sync.to, tenantId: sync.toTenantId })));
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };

  try {
    let storageConnectionString = options.tablesConnectionString;
    if (storageConnectionString === undefined) {
      const azurite = await startAzurite({ inMemory: true });
      stops.push(() => azurite.stop());
      storageConnectionString = azurite.connectionString;
    }
    const graph = await startGraphSimulator({
      ...options.simulator,
      seed: options.simulator?.seed ?? (await loadDefaultSeed()),
      certificate: options.certificate,
    });
    stops.push(() => graph.close());

    const adminKey = options.adminKey ?? randomBytes(24).toString('base64url');
    const tablePrefix = options.tablePrefix ?? '';
    // Functions are bound before the services exist (the port must be known first); nothing calls them until then.
    const built: { services?: AppServices } = {};
    const provider = (): Promise<AppServices> =>
      built.services
        ? Promise.resolve(built.services)
        : Promise.reject(new Error('The local stack is still starting.'));
    const settingsFor = (publicBaseUrl: string) =>
      loadConfig(localStackSettings({ graph, storageConnectionString, tablePrefix, targets, publicBaseUrl }));

    // The definitions need only the names from settings; the port is known once the listener is up.
    const namingConfig = settingsFor('http://127.0.0.1:7071');
    const definitions = buildFunctionDefinitions(provider, namingConfig);
    const bus = createInProcessBus({
      entities: declareSyncEntities({
        sourceQueueName: namingConfig.sourceQueueName,
        targetTopicName: namingConfig.targetTopicName,
        targets,
      }),
      logger: options.logger,
    });
    stops.push(() => bus.close());
    const devHost = await startDevHost({
      definitions,
      bus,
      adminKey,
      logger: options.logger,
      ...(options.devHostPort === undefined ? {} : { port: options.devHostPort }),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
    });
    stops.push(() => devHost.close());

    const config = settingsFor(devHost.url);
    const services = createAppServices(config, {
      queue: createInProcessSyncQueue(bus, {
        sourceQueueName: config.sourceQueueName,
        targetTopicName: config.targetTopicName,
      }),
      tableClients: createTableClients({ connectionString: storageConnectionString }, { tablePrefix }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.drainSettings ? { drainSettings: options.drainSettings } : {}),
      ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
      ...(options.graphRetry ? { graphRetry: options.graphRetry } : {}),
      ...(options.onProvisioningLogEntry ? { onProvisioningLogEntry: options.onProvisioningLogEntry } : {}),
      busProbe: createInProcessBusProbe(bus),
      busInspector: createInProcessBusInspector(bus, {
        sourceQueueName: config.sourceQueueName,
        targetTopicName: config.targetTopicName,
        targets,
      }),
      ...(options.quarantinePolicy ? { quarantinePolicy: options.quarantinePolicy } : {}),
      extraHealthProbes: [
        {
          name: 'graph-simulator',
          probe: () => probeUrl(`${graph.authorityHost}/common/discovery/instance`),
        },
        { name: 'service-bus (in-process)', probe: () => Promise.resolve('in-process bus running') },
      ],
    });
    built.services = services;
    await services.applyTopology(options.topology.source, 'npm start', options.logger);

    return {
      devHostUrl: devHost.url,
      adminKey,
      graph,
      storageConnectionString,
      tablePrefix,
      targets,
      bus,
      services,
      devHost,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function uniqueTargets(targets: readonly TargetSetting[]): TargetSetting[] {
  const byKey = new Map(targets.map((target) => [target.key, target]));
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

async function probeUrl(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return 'reachable';
}
