import type { LeaseRecord, LeaseStore } from '../../../src/app/reconcile-ports.js';
import { VersionedRows } from './versioned-rows.js';

/** A {@link LeaseStore} in memory, with the Table adapter's ETag rules (it passes the same contract suite). */
export function createInMemoryLeaseStore(): LeaseStore {
  const rows = new VersionedRows<LeaseRecord>('leases');
  return {
    get: (name) => Promise.resolve(rows.get('lease', name)),
    save: (lease, etag) => {
      try {
        return Promise.resolve(rows.save('lease', lease.name, lease, etag));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
