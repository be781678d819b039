/**
 * The composition root: builds the adapters from settings once per process and wires the use cases into
 * the AppServices the entry points call. Azure runs it with the real Service Bus and Table Storage; the
 * local stack passes the in-process bus and its own clock and log sink as overrides.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { AppServices, AppServicesProvider } from './app/app-services.js';
import { applyTargetChange } from './app/apply-target-change.js';
import { applyTopology } from './app/apply-topology.js';
import { checkHealth, type HealthProbe } from './app/check-health.js';
import { drainSourceChanges } from './app/drain-source-changes.js';
import type { DrainSettings } from './app/drain-settings.js';
import { handleSubscriptionLifecycle, type SubscriptionDeps } from './app/maintain-subscriptions.js';
import type { Clock, Logger, ProvisioningLog, ProvisioningLogEntry, SyncQueue } from './app/ports.js';
import { cacheSubscriptionLookups } from './app/cached-subscription-lookup.js';
import { receiveGraphNotifications } from './app/receive-graph-notifications.js';
import { defaultRetryPolicy, settleFailedMessage, type RetryPolicy } from './app/settle-failed-message.js';
import { createTopologySource } from './app/topology-source.js';
import type { ServiceBusClient } from '@azure/service-bus';
import type { BusEntityProbe } from './app/doctor-ports.js';
import { runDoctorOnSource } from './app/run-doctor-on-source.js';
import { createDoctorDeps } from './adapters/doctor/create-doctor-deps.js';
import { createServiceBusClient } from './adapters/service-bus/service-bus-client.js';
import { createServiceBusSyncQueue } from './adapters/service-bus/service-bus-sync-queue.js';
import { createTableClients, type TableClients } from './adapters/tables/table-clients.js';
import { createTableStateStore } from './adapters/tables/create-table-state-store.js';
import type { AppConfig } from './config.js';
import { anchorAttributeName } from './core/anchors.js';
import type { GraphRetryOptions } from './adapters/graph/graph-client-factory.js';
import { createTopologyGraph } from './adapters/graph/topology-graph.js';

/** What a host may replace: the local stack swaps the bus, the clock and where log lines go. */
export interface CompositionOverrides {
  readonly clock?: Clock;
  readonly queue?: SyncQueue;
  readonly tableClients?: TableClients;
  /** Called after each provisioning-log entry is stored (the local stack prints one line per entry). */
  readonly onProvisioningLogEntry?: (entry: ProvisioningLogEntry) => void;
  readonly drainSettings?: Partial<DrainSettings>;
  readonly retryPolicy?: RetryPolicy;
  readonly graphRetry?: GraphRetryOptions;
  readonly extraHealthProbes?: readonly HealthProbe[];
  /** How the doctor reaches the bus entities when `queue` replaces Service Bus (the in-process bus's probe). */
  readonly busProbe?: BusEntityProbe;
}

/** Builds the process's services. Constructing clients does no I/O; the first call does. */
export function createAppServices(config: AppConfig, overrides: CompositionOverrides = {}): AppServices {
  const clock = overrides.clock ?? { now: () => new Date() };
  let azureCredential: TokenCredential | undefined;
  // Tables and Service Bus use the app's own (system-assigned) identity when no connection string is set.
  const credential = (): TokenCredential => (azureCredential ??= new DefaultAzureCredential());

  const tableClients =
    overrides.tableClients ??
    createTableClients(
      config.tables.kind === 'connection-string'
        ? { connectionString: config.tables.connectionString }
        : { endpoint: config.tables.endpoint, credential: credential() },
      { tablePrefix: config.tablePrefix },
    );
  const state = createTableStateStore(tableClients, { clock });
  const provisioningLog = overrides.onProvisioningLogEntry
    ? withAppendListener(state.provisioningLog, overrides.onProvisioningLogEntry)
    : state.provisioningLog;
  const serviceBusClient = overrides.queue ? undefined : createServiceBusClientFrom(config, credential);
  const queue =
    overrides.queue ??
    createServiceBusSyncQueue({
      client: serviceBusClient ?? createServiceBusClientFrom(config, credential),
      sourceQueueName: config.sourceQueueName,
      targetTopicName: config.targetTopicName,
    });
  const topology = createTopologySource(state.topology, clock);
  const anchorAttribute = anchorAttributeName(config.appClientId);
  const graph = createTopologyGraph(topology, {
    graphBaseUrl: config.graphBaseUrl,
    authorityHost: config.authorityHost,
    secrets: config.readSecretSetting,
    anchorAttribute,
    ...(overrides.graphRetry ? { retry: overrides.graphRetry } : {}),
  });
  const retryPolicy = overrides.retryPolicy ?? defaultRetryPolicy;

  const subscriptionDeps = (logger: Logger): SubscriptionDeps => ({
    subscriptions: state.subscriptions,
    gateway: graph.subscriptions,
    clock,
    logger,
    publicBaseUrl: config.publicBaseUrl,
  });
  const doctor = createDoctorDeps({
    graph: {
      graphBaseUrl: config.graphBaseUrl,
      authorityHost: config.authorityHost,
      secrets: config.readSecretSetting,
    },
    subscriptions: state.subscriptions,
    bus: overrides.busProbe ?? serviceBusClient ?? unconfiguredBusProbe,
    tables: tableClients,
    entities: { sourceQueueName: config.sourceQueueName, targetTopicName: config.targetTopicName },
    publicBaseUrl: config.publicBaseUrl,
    clock,
  });
  // The webhook's lookups are cached briefly: it must answer Graph within 3 seconds.
  const subscriptionLookups = cacheSubscriptionLookups(state.subscriptions, clock);
  const settleDeps = (logger: Logger) => ({ deadLetters: state.deadLetters, clock, logger });

  return {
    receiveNotifications: (notifications, logger) =>
      receiveGraphNotifications(notifications, {
        subscriptions: subscriptionLookups,
        queue,
        clock,
        logger,
      }),

    drainSource: async (request, logger) =>
      drainSourceChanges(request, {
        topology,
        directories: await graph.directories(),
        cursors: state.cursors,
        mirror: state.sourceMirror,
        queue,
        clock,
        logger,
        anchorAttribute,
        onLifecycle: async (lifecycle, tenantId) =>
          handleSubscriptionLifecycle(lifecycle, tenantId, subscriptionDeps(logger)),
        ...(overrides.drainSettings ? { settings: overrides.drainSettings } : {}),
      }),

    applyTargetChange: async (change, logger) =>
      applyTargetChange(change, {
        links: state.links,
        directories: await graph.directories(),
        provisioningLog,
        clock,
        logger,
        anchorAttribute,
      }),

    settleDrainFailure: ({ message, messageId, error }, logger) =>
      settleFailedMessage(
        {
          error,
          attempt: message.attempt,
          scope: 'source-changes',
          messageId,
          body: message,
          reschedule: (attempt, at) => queue.scheduleDrain({ ...message, attempt }, at),
        },
        settleDeps(logger),
        retryPolicy,
      ),

    settleTargetChangeFailure: ({ message, messageId, error }, logger) =>
      settleFailedMessage(
        {
          error,
          attempt: message.attempt,
          scope: message.syncId,
          messageId,
          body: message,
          reschedule: (attempt, at) => queue.scheduleTargetChange({ ...message, attempt }, at),
        },
        settleDeps(logger),
        retryPolicy,
      ),

    deadLetterInvalidMessage: async (scope, messageId, body, reason, logger) => {
      await state.deadLetters.put({
        id: messageId,
        scope,
        body,
        reasonCode: 'MESSAGE.INVALID',
        description: reason,
        at: clock.now().toISOString(),
      });
      logger.error('Invalid message dead-lettered', { scope, messageId, reasonCode: 'MESSAGE.INVALID' });
    },

    applyTopology: async (source, appliedBy, logger) =>
      applyTopology(source, appliedBy, {
        ...subscriptionDeps(logger),
        store: state.topology,
        topology,
        queue,
      }),

    activeTopology: () => state.topology.getActive(),

    queryProvisioningLog: (query) => state.provisioningLog.query(query),

    runDoctor: (source, logger) => runDoctorOnSource(source, { ...doctor, topology, logger }),

    checkHealth: () =>
      checkHealth(
        [
          {
            name: 'table-storage',
            probe: async () => {
              const active = await state.topology.getActive();
              return active ? 'reachable' : 'reachable (no topology applied yet)';
            },
          },
          ...(overrides.extraHealthProbes ?? []),
        ],
        () => clock.now(),
      ),
  };
}

/** A provider that builds the services on first use and then reuses them (one per worker process). */
export function createAppServicesProvider(
  config: AppConfig,
  overrides: CompositionOverrides = {},
): AppServicesProvider {
  let services: AppServices | undefined;
  return () => Promise.resolve((services ??= createAppServices(config, overrides)));
}

function createServiceBusClientFrom(config: AppConfig, credential: () => TokenCredential): ServiceBusClient {
  return createServiceBusClient(
    config.serviceBus.kind === 'connection-string'
      ? { connectionString: config.serviceBus.connectionString }
      : { fullyQualifiedNamespace: config.serviceBus.fullyQualifiedNamespace, credential: credential() },
  );
}

/** Without Service Bus and without a probe for its stand-in, the doctor reports the bus as unchecked. */
const unconfiguredBusProbe: BusEntityProbe = {
  probeEntity: () =>
    Promise.resolve({
      ok: false,
      problem: 'unreachable',
      message: 'no Service Bus is configured in this process',
    }),
};

function withAppendListener(
  log: ProvisioningLog,
  listener: (entry: ProvisioningLogEntry) => void,
): ProvisioningLog {
  return {
    append: async (entry) => {
      await log.append(entry);
      listener(entry);
    },
    query: (query) => log.query(query),
  };
}
