import { createInMemoryState } from './in-memory-state.js';
import { runCursorStoreContract } from '../contracts/cursor-store.contract.js';
import { runDeadLetterStoreContract } from '../contracts/dead-letter-store.contract.js';
import { runGuardStoreContract } from '../contracts/guard-store.contract.js';
import { runJobStoreContract } from '../contracts/job-store.contract.js';
import { runLinkStoreContract } from '../contracts/link-store.contract.js';
import { runProvisioningLogContract } from '../contracts/provisioning-log.contract.js';
import { runSourceMirrorContract } from '../contracts/source-mirror.contract.js';
import { runStateCensusContract } from '../contracts/state-census.contract.js';
import { runSubscriptionStoreContract } from '../contracts/subscription-store.contract.js';
import { runSyncControlStoreContract } from '../contracts/sync-control-store.contract.js';
import { runSyncCounterStoreContract } from '../contracts/sync-counter-store.contract.js';
import { runTopologyStoreContract } from '../contracts/topology-store.contract.js';

// The fakes the use-case tests rely on must behave like the Table adapters: same contracts, same suites.
runCursorStoreContract('in-memory cursors', (options) =>
  Promise.resolve(createInMemoryState(options).cursors),
);
runSourceMirrorContract('in-memory source mirror', (options) =>
  Promise.resolve(createInMemoryState(options).sourceMirror),
);
runLinkStoreContract('in-memory links', (options) => Promise.resolve(createInMemoryState(options).links));
runSubscriptionStoreContract('in-memory subscriptions', (options) =>
  Promise.resolve(createInMemoryState(options).subscriptions),
);
runProvisioningLogContract('in-memory provisioning log', (options) =>
  Promise.resolve(createInMemoryState(options).provisioningLog),
);
runDeadLetterStoreContract('in-memory dead letters', (options) =>
  Promise.resolve(createInMemoryState(options).deadLetters),
);
runTopologyStoreContract('in-memory topology', (options) =>
  Promise.resolve(createInMemoryState(options).topology),
);
runJobStoreContract('in-memory jobs', () => Promise.resolve(createInMemoryState().jobs));
runSyncControlStoreContract('in-memory sync control', (options) =>
  Promise.resolve(createInMemoryState(options).syncControls),
);
runSyncCounterStoreContract('in-memory sync counters', (options) =>
  Promise.resolve(createInMemoryState(options).syncCounters),
);
runGuardStoreContract('in-memory guards', (options) => Promise.resolve(createInMemoryState(options).guards));
runStateCensusContract('in-memory census', (options) => Promise.resolve(createInMemoryState(options)));
