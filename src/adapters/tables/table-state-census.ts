/**
 * {@link StateCensus} on Table Storage: counts with projection queries, so only keys and one property travel
 * per row. Links are counted by their `state` in the sync's partition of `links`; dead letters by RowKey in
 * the scope's partition of `deadLetters`. For the status page, whose syncs hold thousands of links at most,
 * a projection per request is cheaper and simpler than counters kept in step with every link write.
 */
import { odata } from '@azure/data-tables';
import type { LinkState } from '../../core/link.js';
import type { StateCensus } from '../../app/safety-ports.js';
import type { TableClients } from './table-clients.js';
import { encodeKey } from './table-keys.js';
import { forEachProjectedRow } from './table-projection.js';

const linkStates: readonly LinkState[] = ['active', 'disabled', 'deleted', 'absent'];

/** Creates the Table Storage {@link StateCensus}. */
export function createTableStateCensus(clients: TableClients): StateCensus {
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
  };
}
