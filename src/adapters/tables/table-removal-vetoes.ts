/**
 * The operators' vetoes of the {@link GuardStore} on Table Storage: table `guards`, PartitionKey
 * `veto:<syncId>` (guard partitions are GUIDs, so the two never meet), RowKey = source user id. One row per
 * sync and user, so the drain's check of one removal is a point read and a reconcile run reads its sync's
 * vetoes with one partition query.
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { RemovalVeto } from '../../app/control-ports.js';
import type { GuardStore } from '../../app/safety-ports.js';
import { isoTimestampSchema, parseRow, type RowLocation } from './table-entities.js';
import { withStateErrors } from './table-errors.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { deleteRow, getRow, listAllRows, type Row } from './table-rows.js';

const batchSize = 100;

const vetoRowSchema = z.object({
  rowKey: z.string(),
  sourceVersion: z.number().int().min(0),
  guardId: z.string().min(1),
  decidedAt: isoTimestampSchema,
  decidedBy: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
});

/** PartitionKey of a sync's vetoes. */
export function vetoPartition(syncId: string): string {
  return encodeKey(`veto:${syncId}`);
}

/** Maps a veto to its row. */
export function toVetoEntity(veto: RemovalVeto): TableEntity {
  return {
    partitionKey: vetoPartition(veto.syncId),
    rowKey: encodeKey(veto.sourceUserId),
    sourceVersion: veto.sourceVersion,
    guardId: veto.guardId,
    decidedAt: veto.decidedAt,
    ...(veto.decidedBy === null ? {} : { decidedBy: veto.decidedBy }),
  };
}

/** Maps a row back to a veto of `syncId`; a corrupted row is a SyncError naming table and keys. */
export function fromVetoRow(syncId: string, row: Row, location: RowLocation): RemovalVeto {
  const { rowKey, ...rest } = parseRow(vetoRowSchema, row, location);
  return { syncId, sourceUserId: decodeKey(rowKey), ...rest };
}

/** The veto methods of the Table {@link GuardStore}, over the `guards` table. */
export function createTableVetoRows(
  table: () => Promise<TableClient>,
): Pick<GuardStore, 'saveVetoes' | 'getVeto' | 'listVetoes' | 'removeVeto'> {
  return {
    async saveVetoes(vetoes) {
      const client = await table();
      const byPartition = new Map<string, Map<string, TableEntity>>();
      for (const veto of vetoes) {
        const entity = toVetoEntity(veto);
        const rows = byPartition.get(entity.partitionKey) ?? new Map<string, TableEntity>();
        rows.set(entity.rowKey, entity);
        byPartition.set(entity.partitionKey, rows);
      }
      for (const [partitionKey, rows] of byPartition) {
        const actions = [...rows.values()].map((entity): TransactionAction => ['upsert', entity, 'Replace']);
        for (let start = 0; start < actions.length; start += batchSize) {
          const batch = actions.slice(start, start + batchSize);
          await withStateErrors(() => client.submitTransaction(batch), {
            table: client.tableName,
            operation: `write ${batch.length} removal vetoes`,
            partitionKey,
          });
        }
      }
    },
    async getVeto(syncId, sourceUserId) {
      const client = await table();
      const location = {
        table: client.tableName,
        partitionKey: vetoPartition(syncId),
        rowKey: encodeKey(sourceUserId),
      };
      const row = await getRow(client, location.partitionKey, location.rowKey);
      return row && fromVetoRow(syncId, row, location);
    },
    async listVetoes(syncId) {
      const client = await table();
      const partitionKey = vetoPartition(syncId);
      const rows = await listAllRows(client, odata`PartitionKey eq ${partitionKey}`);
      return rows.map((row) =>
        fromVetoRow(syncId, row, { table: client.tableName, partitionKey, rowKey: row.rowKey }),
      );
    },
    async removeVeto(syncId, sourceUserId) {
      await deleteRow(await table(), vetoPartition(syncId), encodeKey(sourceUserId));
    },
  };
}
