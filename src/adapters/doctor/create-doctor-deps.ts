/**
 * Wires `xtsync doctor` from the pieces a composition root already has: the Graph settings and secret lookup
 * (tenant credentials come from the topology being checked, so a file sent to the doctor is checked with its
 * own credentials), the subscription store, the Service Bus client (or the local stack's bus probe), and the
 * table clients.
 */
import type { ServiceBusClient } from '@azure/service-bus';
import type { BusEntityNames, BusEntityProbe } from '../../app/doctor-ports.js';
import type { Clock, SubscriptionStore } from '../../app/ports.js';
import type { DoctorDeps } from '../../app/run-doctor.js';
import type { GraphClientOptions } from '../graph/graph-client-factory.js';
import { createGraphTenantProbes } from '../graph/graph-tenant-probe.js';
import { createServiceBusEntityProbe } from '../service-bus/service-bus-entity-probe.js';
import type { TableClients } from '../tables/table-clients.js';
import { createTableStorageProbe } from '../tables/table-storage-probe.js';

/** The composition root's pieces the doctor uses. */
export interface DoctorDepsOptions {
  /**
   * `authorityHost` (GRAPH_AUTHORITY_HOST), `graphBaseUrl` (GRAPH_BASE_URL) and `secrets` (config's
   * `readSecretSetting`), as for the product's Graph clients; `retry` defaults to one quick retry.
   */
  readonly graph: GraphClientOptions;
  readonly subscriptions: SubscriptionStore;
  /** The process's `ServiceBusClient` (Azure), or a ready probe (the local stack's `createInProcessBusProbe`). */
  readonly bus: ServiceBusClient | BusEntityProbe;
  readonly tables: TableClients;
  /** `XTSYNC_SOURCE_QUEUE` and `XTSYNC_TARGET_TOPIC`. */
  readonly entities: BusEntityNames;
  /** `XTSYNC_PUBLIC_BASE_URL`. */
  readonly publicBaseUrl: string;
  readonly clock: Clock;
  /** The longest one check may take; default 10 s. */
  readonly checkTimeoutMs?: number;
}

/** The doctor's dependencies except the logger, which each run brings. */
export type DoctorWiring = Omit<DoctorDeps, 'logger'>;

/** Builds the doctor's dependencies. Makes no network call. */
export function createDoctorDeps(options: DoctorDepsOptions): DoctorWiring {
  return {
    tenantProbe: createGraphTenantProbes(options.graph),
    subscriptions: options.subscriptions,
    bus: 'probeEntity' in options.bus ? options.bus : createServiceBusEntityProbe(options.bus),
    tables: createTableStorageProbe(options.tables),
    entities: options.entities,
    publicBaseUrl: options.publicBaseUrl,
    clock: options.clock,
    ...(options.checkTimeoutMs === undefined ? {} : { checkTimeoutMs: options.checkTimeoutMs }),
  };
}
