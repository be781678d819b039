import { runLeaseStoreContract } from '../contracts/lease-store.contract.js';
import { createInMemoryLeaseStore } from './in-memory-lease-store.js';

runLeaseStoreContract('in-memory leases', () => Promise.resolve(createInMemoryLeaseStore()));
