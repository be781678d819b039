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
import { createDrainJobProgress } from './app/drain-job-progress.js';
import { provisionOnDemand } from './app/provision-on-demand.js';
import { listJobs, readJob, type JobDeps } from './app/run-job.js';
import { startFullResync } from './app/start-full-resync.js';
import type { DrainSettings } from './app/drain-settings.js';
import { handleSubscriptionLifecycle, type SubscriptionDeps } from './app/maintain-subscriptions.js';
import type { Clock, Logger, ProvisioningLog, ProvisioningLogEntry, SyncQueue } from './app/ports.js';
import { cacheSubscriptionLookups } from './app/cached-subscription-lookup.js';
import { receiveGraphNotifications } from './app/receive-graph-notifications.js';
import { defaultRetryPolicy, settleFailedMessage, type RetryPolicy } from './app/settle-failed-message.js';
import { createTopologySource } from './app/topology-source.js';
import { defaultQuarantinePolicy, type QuarantinePolicy } from './app/quarantine-rules.js';
import type { BusInspector } from './app/safety-ports.js';
import { createSafetyServices } from './app/safety-services.js';
import { runReconcileJob, startReconcileJob, type StartReconcileDeps } from './app/reconcile-job.js';
import { planTopology } from './app/plan-topology.js';
import type { ServiceBusClient } from '@azure/service-bus';
import type { BusEntityProbe } from './app/doctor-ports.js';
import { runDoctorOnSource } from './app/run-doctor-on-source.js';
import { createDoctorDeps } from './adapters/doctor/create-doctor-deps.js';
import { createDeadLetterReader } from './adapters/service-bus/dead-letter-reader.js';
import { createServiceBusClient } from './adapters/service-bus/service-bus-client.js';
import { createServiceBusInspector } from './adapters/service-bus/service-bus-inspector.js';
import { createServiceBusSyncQueue } from './adapters/service-bus/service-bus-sync-queue.js';
import { createTableClients, type TableClients } from './adapters/tables/table-clients.js';
import { createTableStateStore } from './adapters/tables/create-table-state-store.js';
import { createTableLeaseStore } from './adapters/tables/table-lease-store.js';
import type { AppConfig } from './config.js';
import { anchorAttributeName } from './core/anchors.js';
import type { GraphRetryOptions } from './adapters/graph/graph-client-factory.js';
import { createTopologyGraph, tenantAuthConfigs } from './adapters/graph/topology-graph.js';
import { createGraphDirectoryProvider } from './adapters/graph/graph-client-factory.js';

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
  /** How status and replays see the bus when `queue` replaces Service Bus (the in-process bus's inspector). */
  readonly busInspector?: BusInspector;
  /** Overrides the quarantine policy (tests use short back-offs); `minAttempts` comes from settings otherwise. */
  readonly quarantinePolicy?: Partial<QuarantinePolicy>;
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
  const safety = createSafetyServices({
    controls: state.syncControls,
    counters: state.syncCounters,
    guards: state.guards,
    census: state.census,
    cursors: state.cursors,
    subscriptions: state.subscriptions,
    provisioningLog,
    deadLetters: state.deadLetters,
    jobs: state.jobs,
    topology,
    queue,
    bus:
      overrides.busInspector ??
      (serviceBusClient
        ? createServiceBusInspector({
            reader: createDeadLetterReader({ client: serviceBusClient }),
            sourceQueueName: config.sourceQueueName,
            targetTopicName: config.targetTopicName,
            targets: config.targets,
          })
        : unconfiguredBusInspector),
    clock,
    policy: {
      ...defaultQuarantinePolicy,
      minAttempts: config.quarantineMinAttempts,
      ...overrides.quarantinePolicy,
    },
  });
  const jobDeps = (logger: Logger): JobDeps => ({ jobs: state.jobs, clock, logger });
  const leases = createTableLeaseStore(tableClients);
  const reconcileDeps = async (logger: Logger): Promise<StartReconcileDeps> => ({
    ...subscriptionDeps(logger),
    directories: await graph.directories(),
    cursors: state.cursors,
    mirror: state.sourceMirror,
    links: state.links,
    queue,
    guard: safety.removalGuard(logger),
    gate: safety.gate(logger),
    anchorAttribute,
    topology,
    leases,
    jobs: state.jobs,
  });

  return {
    receiveNotifications: (notifications, logger) =>
      receiveGraphNotifications(notifications, { subscriptions: subscriptionLookups, queue, clock, logger }),

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
        jobProgress: createDrainJobProgress(jobDeps(logger)),
      }),

    applyTargetChange: async (change, logger) =>
      safety.applyChange(change, {
        links: state.links,
        directories: await graph.directories(),
        provisioningLog,
        clock,
        logger,
        anchorAttribute,
      }),

    settleDrainFailure: async ({ message, messageId, error }, logger) => {
      const settlement = await settleFailedMessage(
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
      );
      // A full resync's drain: its job notes the retry, or fails with the error once the drain is given up.
      if (message.jobId !== undefined)
        await createDrainJobProgress(jobDeps(logger)).recordFailure(message.jobId, settlement, error);
      return settlement;
    },

    settleTargetChangeFailure: async ({ message, messageId, error }, logger) => {
      const settlement = await settleFailedMessage(
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
      );
      await safety.noteSettlement(message, settlement, error, logger);
      return settlement;
    },

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
        deployedTargets: config.targets,
      }),

    activeTopology: () => state.topology.getActive(),

    queryProvisioningLog: (query) => state.provisioningLog.query(query),

    runDoctor: (source, logger) => runDoctorOnSource(source, { ...doctor, topology, logger }),

    provisionOnDemand: async (request, logger) => {
      const directories = await graph.directories();
      return provisionOnDemand(request, {
        topology,
        directories,
        mirror: state.sourceMirror,
        cursors: state.cursors,
        // The apply step with the deletion guard, but not the sync gate: like CTS provision on demand, an
        // operator may provision a user of a paused or quarantined sync (to test a fix) on purpose.
        applyChange: (change, trace) =>
          applyTargetChange(
            change,
            {
              links: state.links,
              directories,
              provisioningLog,
              clock,
              logger,
              anchorAttribute,
              removalGuard: safety.removalGuard(logger),
            },
            trace,
          ),
        clock,
        logger,
        anchorAttribute,
      });
    },

    startFullResync: (target, requestedBy, logger) =>
      startFullResync(target, requestedBy, { ...jobDeps(logger), topology, queue }),

    readJob: (id, logger) => readJob(id, jobDeps(logger)),

    listJobs: (options, logger) => listJobs(options, jobDeps(logger)),

    reconcile: async (requestedBy, logger) => runReconcileJob(requestedBy, await reconcileDeps(logger)),
    startReconcile: async (request, requestedBy, logger) =>
      startReconcileJob(request, requestedBy, await reconcileDeps(logger)),
    planTopology: (source, logger) =>
      planTopology(source, {
        topology,
        cursors: state.cursors,
        mirror: state.sourceMirror,
        links: state.links,
        // The file's tenants may not be in the active topology yet: sign in to them as the file says.
        directoriesFor: (planned) =>
          createGraphDirectoryProvider({
            graphBaseUrl: config.graphBaseUrl,
            authorityHost: config.authorityHost,
            secrets: config.readSecretSetting,
            anchorAttribute,
            ...(overrides.graphRetry ? { retry: overrides.graphRetry } : {}),
            tenants: tenantAuthConfigs(planned),
          }),
        anchorAttribute,
        logger,
      }),

    syncStatus: () => safety.status(),
    pauseSync: (syncId, request, logger) => safety.pause(syncId, request, logger),
    resumeSync: (syncId, by, logger) => safety.resume(syncId, by, logger),
    listGuards: (filter) => safety.listGuards(filter),
    decideGuard: (guardId, decision, by, logger) => safety.decideGuard(guardId, decision, by, logger),
    replayDeadLetters: (target, logger) => safety.replayDeadLetters(target, logger),
    discardDeadLetters: (target, logger) => safety.discardDeadLetters(target, logger),

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

/** Without Service Bus and without an inspector for its stand-in, the bus shows no dead letters or backlog. */
const unconfiguredBusInspector: BusInspector = {
  deadLetterCounts: () => Promise.resolve([]),
  targetBacklog: () => Promise.resolve(null),
  resubmitDeadLetters: () => Promise.resolve(0),
};

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
