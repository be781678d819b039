import { describe, expect, it } from 'vitest';
import {
  matchesCorrelationFilter,
  parseBusEntities,
} from '../../../src/local/in-process-bus/bus-entities.js';

describe('parseBusEntities', () => {
  it("fills in Service Bus's defaults", () => {
    const entities = parseBusEntities({
      queues: [{ name: 'q' }],
      topics: [{ name: 't', subscriptions: [{ name: 's' }] }],
    });

    expect(entities.queues[0]).toEqual({
      name: 'q',
      requiresSession: false,
      maxDeliveryCount: 10,
      duplicateDetectionWindowMs: 600_000,
    });
    expect(entities.topics[0]?.subscriptions[0]).toEqual({
      name: 's',
      requiresSession: false,
      correlationFilter: {},
      maxDeliveryCount: 10,
    });
  });

  it('names an entity declared twice, whatever its case', () => {
    expect(() =>
      parseBusEntities({ queues: [{ name: 'Work' }], topics: [{ name: 'work', subscriptions: [] }] }),
    ).toThrow(/entity "work" is declared twice/);
  });

  it('says where a declaration is wrong', () => {
    expect(() => parseBusEntities({ queues: [{ name: 'q', maxDeliveryCount: 0 }] })).toThrow(
      /queues\.0\.maxDeliveryCount/,
    );
  });
});

describe('matchesCorrelationFilter', () => {
  it('matches when every filter property equals the application property', () => {
    expect(matchesCorrelationFilter({ targetTenantId: 'a' }, { targetTenantId: 'a', syncId: 's' })).toBe(
      true,
    );
    expect(matchesCorrelationFilter({ targetTenantId: 'a' }, { targetTenantId: 'b' })).toBe(false);
    expect(matchesCorrelationFilter({ targetTenantId: 'a' }, {})).toBe(false);
    expect(matchesCorrelationFilter({}, undefined)).toBe(true);
  });
});
