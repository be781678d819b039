import { createInProcessBus } from '../../../src/local/in-process-bus/in-process-bus.js';
import { createInProcessSyncQueue } from '../../../src/local/in-process-bus/in-process-sync-queue.js';
import {
  contractNames,
  runSyncQueueContract,
  syncQueueContractEntities,
  type ReceivedSyncMessage,
  type SyncQueueHarness,
} from '../../support/contracts/sync-queue.contract.js';

runSyncQueueContract('in-process bus', () => {
  const bus = createInProcessBus({ entities: syncQueueContractEntities });
  const inboxes = new Map<string, ReceivedSyncMessage[]>();

  // Subscribes on first use; the handler completes every message and keeps it for the test.
  function inbox(entityPath: string): ReceivedSyncMessage[] {
    let messages = inboxes.get(entityPath);
    if (messages === undefined) {
      const created: ReceivedSyncMessage[] = [];
      bus.subscribe(entityPath, (body, metadata) => {
        created.push({ body, ...metadata, receivedAt: Date.now() });
      });
      inboxes.set(entityPath, created);
      messages = created;
    }
    return messages;
  }

  const harness: SyncQueueHarness = {
    queue: createInProcessSyncQueue(bus, contractNames),
    async receive(entityPath, { count, timeoutMs }) {
      const messages = inbox(entityPath);
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return messages.splice(0, count);
    },
    close: () => bus.close(),
  };
  return Promise.resolve(harness);
});
