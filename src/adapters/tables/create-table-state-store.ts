/**
 * Builds every state store of xtsync over one set of table clients, for the composition root.
 */
import type {
  Clock,
  CursorStore,
  DeadLetterStore,
  LinkStore,
  ProvisioningLog,
  SourceMirror,
  SubscriptionStore,
  TopologyStore,
} from '../../app/ports.js';
import type { JobStore } from '../../app/control-ports.js';
import type { GuardStore, StateCensus, SyncControlStore, SyncCounterStore } from '../../app/safety-ports.js';
import type { TableClients } from './table-clients.js';
import { createTableCursorStore } from './table-cursor-store.js';
import { createTableDeadLetterStore } from './table-dead-letter-store.js';
import { createTableGuardStore } from './table-guard-store.js';
import { createTableJobStore } from './table-job-store.js';
import { createTableLinkStore } from './table-link-store.js';
import { createTableProvisioningLog } from './table-provisioning-log.js';
import { createTableSourceMirror } from './table-source-mirror.js';
import { createTableStateCensus } from './table-state-census.js';
import { createTableSyncControlStore } from './table-sync-control-store.js';
import { createTableSyncCounterStore } from './table-sync-counter-store.js';
import { createTableSubscriptionStore } from './table-subscription-store.js';
import { createTableTopologyStore } from './table-topology-store.js';

/** All state ports, as one value the composition root (and the in-memory fake) hands to use cases. */
export interface StateStore {
  readonly cursors: CursorStore;
  readonly sourceMirror: SourceMirror;
  readonly links: LinkStore;
  readonly subscriptions: SubscriptionStore;
  readonly provisioningLog: ProvisioningLog;
  readonly deadLetters: DeadLetterStore;
  readonly topology: TopologyStore;
  readonly jobs: JobStore;
  readonly syncControls: SyncControlStore;
  readonly syncCounters: SyncCounterStore;
  readonly guards: GuardStore;
  readonly census: StateCensus;
}

/** Options for {@link createTableStateStore}. */
export interface TableStateStoreOptions {
  /** Gives "now" to the provisioning log (query default), the census and the topology store (appliedAt). */
  readonly clock?: Clock;
  /** Rows per page of `SourceMirror.list` and `LinkStore.list` (at most 1000). */
  readonly pageSize?: number;
}

/** Creates every Table Storage state store over `clients`. Tables are created on first use. */
export function createTableStateStore(
  clients: TableClients,
  { clock = { now: () => new Date() }, pageSize = 200 }: TableStateStoreOptions = {},
): StateStore {
  return {
    cursors: createTableCursorStore(clients),
    sourceMirror: createTableSourceMirror(clients, { pageSize }),
    links: createTableLinkStore(clients, { pageSize }),
    subscriptions: createTableSubscriptionStore(clients),
    provisioningLog: createTableProvisioningLog(clients, { clock }),
    deadLetters: createTableDeadLetterStore(clients),
    topology: createTableTopologyStore(clients, { clock }),
    jobs: createTableJobStore(clients),
    syncControls: createTableSyncControlStore(clients),
    syncCounters: createTableSyncCounterStore(clients),
    guards: createTableGuardStore(clients),
    census: createTableStateCensus(clients, { clock }),
  };
}
