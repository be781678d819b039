import { describe, expect, it } from 'vitest';
import { parseBusEntities } from '../../../src/local/in-process-bus/bus-entities.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';

describe('declareSyncEntities', () => {
  it('declares the session queue and one session subscription per target, filtered on its lower-case tenant id', () => {
    const entities = parseBusEntities(
      declareSyncEntities({
        sourceQueueName: 'source-changes',
        targetTopicName: 'target-changes',
        targets: [
          { key: 'fabrikam', tenantId: '22222222-2222-4222-8222-22222222AAAA' },
          { key: 'northwind', tenantId: '33333333-3333-4333-8333-333333333333' },
        ],
      }),
    );

    expect(entities.queues).toMatchObject([{ name: 'source-changes', requiresSession: true }]);
    expect(entities.topics[0]?.subscriptions).toMatchObject([
      {
        name: 'target-fabrikam',
        requiresSession: true,
        correlationFilter: { targetTenantId: '22222222-2222-4222-8222-22222222aaaa' },
      },
      {
        name: 'target-northwind',
        correlationFilter: { targetTenantId: '33333333-3333-4333-8333-333333333333' },
      },
    ]);
  });
});
