/**
 * {@link StateCensus} on Table Storage: counts with projection queries, so only keys and one property travel
 * per row. Links are counted by their `state` in the sync's partition of `links`; dead letters by RowKey in
 * the scope's partition of `deadLetters`. For the status page, whose syncs hold thousands of links at most,
 * a projection per request is cheaper and simpler than counters kept in step with every link write. Failures
 * are counted in the sync's day partitions of `provisioningLog`, filtered on `outcome` by the service, so a
 * busy sync's successes never travel.
 */
import { odata } from '@azure/data-tables';
import type { Clock } from '../../app/ports.js';
import type { LinkState } from '../../core/link.js';
import type { StateCensus } from '../../app/safety-ports.js';
import type { TableClients } from './table-clients.js';
import { encodeKey, invertedTimeKey } from './table-keys.js';
import { logDaysBetween } from './table-provisioning-log.js';
import { forEachProjectedRow } from './table-projection.js';

const linkStates: readonly LinkState[] = ['active', 'disabled', 'deleted', 'absent'];

/** Options for {@link createTableStateCensus}. */
export interface TableStateCensusOptions {
  /** Gives "now", the end of the days a failure count reads. */
  readonly clock?: Clock;
}

/** Creates the Table Storage {@link StateCensus}. */
export function createTableStateCensus(
  clients: TableClients,
  { clock = { now: () => new Date() } }: TableStateCensusOptions = {},
): StateCensus {
  return {
    async linkStates(syncId) {
      const client = await clients.get('links');
      const counts: Record<LinkState, number> = { active: 0, disabled: 0, deleted: 0, absent: 0 };
      await forEachProjectedRow(client, odata`PartitionKey eq ${encodeKey(syncId)}`, ['state'], (row) => {
        const state = linkStates.find((candidate) => candidate === row.state);
        if (state) counts[state] += 1;
      });
      return counts;
    },
    async deadLetterCount(scope) {
      const client = await clients.get('deadLetters');
      let count = 0;
      await forEachProjectedRow(client, odata`PartitionKey eq ${encodeKey(scope)}`, ['RowKey'], () => {
        count += 1;
      });
      return count;
    },
    async failuresSince(syncId, since) {
      const client = await clients.get('provisioningLog');
      // RowKeys start with the inverted time: newer entries sort first, so "since" is an upper bound.
      const to = `${invertedTimeKey(since)}\``;
      let count = 0;
      for (const day of logDaysBetween(since, clock.now())) {
        const partitionKey = encodeKey(`${syncId}:${day}`);
        const filter = odata`PartitionKey eq ${partitionKey} and RowKey lt ${to} and outcome eq ${'failure'}`;
        await forEachProjectedRow(client, filter, ['RowKey'], () => {
          count += 1;
        });
      }
      return count;
    },
  };
}
