/**
 * Assembles a running simulator around a directory engine: HTTPS listener, fake authority, Graph pipeline
 * and routes, throttling, faults, subscriptions with delivery, control API and stats.
 */
import type { Logger } from '../../../app/ports.js';
import { generateLocalCertificate, type LocalCertificate } from '../../tls/local-certificate.js';
import type { SimulatedDirectories, SimulatorClock } from '../directory/contract.js';
import type { SimulatorSeed } from '../seed.js';
import { createAppRegistry, type TenantAdminClient } from './authority/app-registry.js';
import { createFakeAuthority } from './authority/fake-authority.js';
import { createTokenSigner } from './authority/token-signer.js';
import { createConsoleLogger } from './console-logger.js';
import { handleControlRequest } from './control/control-routes.js';
import { createSimulatorControl, type SimulatorControl } from './control/simulator-control.js';
import { createFaultInjector } from './fault-injector.js';
import { createGraphPipeline } from './graph-pipeline.js';
import { createGraphRoutes } from './graph-routes.js';
import { startHttpsListener, type ListenerHandlers } from './https-listener.js';
import { defaultServerKnobs, type ServerKnobs } from './simulator-knobs.js';
import { createSimulatorStats, type SimulatorStatsSnapshot } from './simulator-stats.js';
import { createChangeNotifier } from './subscriptions/change-notifier.js';
import {
  createNotificationDispatcher,
  realDeliveryTimings,
  type DeliveryTimings,
} from './subscriptions/notification-dispatcher.js';
import { createSubscriptionStore } from './subscriptions/subscription-store.js';
import { createThrottler, type ThrottleSetting } from './throttling/throttler.js';

/** A seed application as the simulator runs it, with its (possibly generated) secrets. */
export interface SimulatorApplication {
  readonly key: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly homeTenantId: string;
  readonly secrets: readonly string[];
}

/** A running Graph simulator. */
export interface GraphSimulator {
  /** `https://<publicHost>:<port>`: Graph is under `/v1.0`. */
  readonly baseUrl: string;
  /** The fake Entra authority (same origin), for `authorityHost`. */
  readonly authorityHost: string;
  /** The TLS certificate clients must trust (`NODE_EXTRA_CA_CERTS`). */
  readonly certificatePem: string;
  /** One admin client per tenant, with every user, invitation and policy role in that tenant only. */
  readonly tenants: readonly TenantAdminClient[];
  /** The seed's applications with their secrets. */
  readonly applications: readonly SimulatorApplication[];
  /** The directory engine (direct, in-process access to tenants and users). */
  readonly directories: SimulatedDirectories;
  readonly control: SimulatorControl;
  readonly stats: { snapshot(): SimulatorStatsSnapshot; reset(): void };
  /** Stops delivery timers and closes sockets; idempotent. */
  close(): Promise<void>;
}

/** Options shared by {@link startSimulatorServer} and the public `startGraphSimulator`. */
export interface SimulatorServerCommonOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Host name used in every absolute URL; default `localhost` (what the certificate names). */
  readonly publicHost?: string;
  /** TLS certificate; a fresh one is generated when absent. */
  readonly certificate?: LocalCertificate;
  /** Default `'real'`. */
  readonly throttle?: ThrottleSetting;
  /** Seedable randomness for faults, drops, duplicates, shuffles and latency; default Math.random. */
  readonly random?: () => number;
  /** Time allowed for each subscription validation handshake; default 10 s as in Graph. */
  readonly validationTimeoutMs?: number;
  /** Notification delivery timings; default Graph's (3 s timeout, retries for 4 h). */
  readonly delivery?: Partial<DeliveryTimings>;
  readonly logger?: Logger;
}

/** Options of {@link startSimulatorServer}: the common ones plus an engine already built. */
export interface SimulatorServerOptions extends SimulatorServerCommonOptions {
  readonly seed: SimulatorSeed;
  readonly directories: SimulatedDirectories;
  readonly clock: SimulatorClock;
  /** Moves the engine clock forward (the control API's `advanceClock`). */
  readonly advanceClock: (ms: number) => void;
  readonly serverKnobs?: Partial<ServerKnobs>;
}

/** Starts the HTTPS server around `options.directories`. */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<GraphSimulator> {
  const { seed, directories, clock } = options;
  const logger = options.logger ?? createConsoleLogger();
  const random = options.random ?? Math.random;
  const certificate = options.certificate ?? (await generateLocalCertificate());
  const registry = createAppRegistry(seed);
  const signer = await createTokenSigner();
  const stats = createSimulatorStats(seed.tenants);
  const serverKnobs: ServerKnobs = { ...defaultServerKnobs, ...options.serverKnobs };
  const faults = createFaultInjector(random);
  const store = createSubscriptionStore(clock);
  const dispatcher = createNotificationDispatcher(
    { ...realDeliveryTimings, ...options.delivery },
    stats.notifications,
    logger,
  );
  const unsubscribe = directories.onChange(
    createChangeNotifier({ store, dispatcher, knobs: serverKnobs, stats: stats.notifications, random }),
  );
  const control = createSimulatorControl({
    directories,
    serverKnobs,
    faults,
    stats,
    store,
    dispatcher,
    signer,
    findApp: (clientId) => registry.find(clientId),
    advanceClock: options.advanceClock,
  });

  // The handlers need the base URL, known only once the port is bound; no request can arrive before that.
  const bound: { handlers?: ListenerHandlers } = {};
  const listener = await startHttpsListener(
    certificate,
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    () => {
      if (bound.handlers === undefined)
        throw new Error('Graph simulator received a request before it was ready.');
      return bound.handlers;
    },
    logger,
  ).catch((error: unknown) => {
    // A taken port must not leave a change listener or a dispatcher behind.
    unsubscribe();
    dispatcher.close();
    throw error;
  });
  const baseUrl = `https://${options.publicHost ?? 'localhost'}:${listener.port}`;
  const pipeline = createGraphPipeline({
    baseUrl,
    routes: createGraphRoutes({
      seed,
      store,
      clock,
      random,
      validationTimeoutMs: options.validationTimeoutMs ?? 10_000,
    }),
    directories,
    signer,
    throttler: createThrottler(options.throttle ?? 'real'),
    faults,
    stats,
    logger,
  });
  const authority = createFakeAuthority({
    baseUrl,
    seed,
    registry,
    signer,
    onTokenRequest: (tenantId, clientId) => {
      stats.countTokenRequest(tenantId, clientId);
    },
  });
  bound.handlers = {
    graph: pipeline,
    authority,
    control: (method, segments, body) => handleControlRequest(control, method, segments, body),
    latencyMs: () =>
      serverKnobs.latencyMinMs + random() * Math.max(0, serverKnobs.latencyMaxMs - serverKnobs.latencyMinMs),
  };

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    authorityHost: baseUrl,
    certificatePem: certificate.certPem,
    tenants: registry.adminClients,
    applications: registry.applications
      .filter((app) => seed.applications.some((seeded) => seeded.key === app.key))
      .map(({ key, clientId, displayName, homeTenantId, secrets }) => ({
        key,
        clientId,
        displayName,
        homeTenantId,
        secrets,
      })),
    directories,
    control,
    stats: {
      snapshot: () => stats.snapshot(),
      reset: () => {
        stats.reset();
      },
    },
    close: () => {
      closing ??= (async () => {
        unsubscribe();
        dispatcher.close();
        store.clear();
        await listener.close();
      })();
      return closing;
    },
  };
}
