/**
 * {@link TopologyStore} on Table Storage: table `topology`, one partition `topology` with a row per version
 * (`v0000000001`, …) holding the text as applied, and a row `active` naming the active version.
 *
 * Saving writes the new version row and moves `active` in one transaction, conditional on the ETag of the
 * `active` row read just before (or on its absence): two concurrent saves cannot both claim version n + 1,
 * the loser re-reads and takes the next number. The text is split over several properties (64 KiB each)
 * and must fit one row (1 MiB).
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { Clock, TopologyStore, TopologyVersion } from '../../app/ports.js';
import { isSyncError, SyncError } from '../../core/sync-errors.js';
import {
  isoTimestampSchema,
  MAX_SPLIT_TEXT_CHARS,
  parseRow,
  splitText,
  withJoinedText,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { withStateErrors } from './table-errors.js';
import { getRow, listAllRows } from './table-rows.js';

/** Options for {@link createTableTopologyStore}. */
export interface TableTopologyStoreOptions {
  /** Gives `appliedAt`. */
  readonly clock?: Clock;
  /** How many times a save re-reads and retries after losing a race to another save. */
  readonly maxAttempts?: number;
}

const PARTITION = 'topology';
const ACTIVE = 'active';
const MAX_VERSION = 9_999_999_999;

/** RowKey of a version: `v` + ten digits, so versions sort in order. */
export function versionRowKey(version: number): string {
  return `v${String(version).padStart(10, '0')}`;
}

const versionRowSchema = withJoinedText(
  z.object({
    version: z.number().int().min(1),
    source: z.string(),
    appliedAt: isoTimestampSchema,
    appliedBy: z.string(),
  }),
  'source',
);
const activeRowSchema = z.object({ etag: z.string(), version: z.number().int().min(1) });

/** Creates the Table Storage {@link TopologyStore}. */
export function createTableTopologyStore(
  clients: TableClients,
  { clock = { now: () => new Date() }, maxAttempts = 10 }: TableTopologyStoreOptions = {},
): TopologyStore {
  const table = (): Promise<TableClient> => clients.get('topology');

  const readVersion = async (client: TableClient, version: number): Promise<TopologyVersion | null> => {
    const rowKey = versionRowKey(version);
    const row = await getRow(client, PARTITION, rowKey);
    return (
      row && parseRow(versionRowSchema, row, { table: client.tableName, partitionKey: PARTITION, rowKey })
    );
  };

  const readActive = async (client: TableClient): Promise<{ version: number; etag: string } | null> => {
    const row = await getRow(client, PARTITION, ACTIVE);
    return (
      row &&
      parseRow(activeRowSchema, row, { table: client.tableName, partitionKey: PARTITION, rowKey: ACTIVE })
    );
  };

  const trySave = async (client: TableClient, input: { source: string; appliedBy: string }) => {
    const active = await readActive(client);
    const saved: TopologyVersion = {
      version: (active?.version ?? 0) + 1,
      source: input.source,
      appliedAt: clock.now().toISOString(),
      appliedBy: input.appliedBy,
    };
    const versionRow: TableEntity = {
      partitionKey: PARTITION,
      rowKey: versionRowKey(saved.version),
      version: saved.version,
      ...splitText(saved.source, 'source'),
      appliedAt: saved.appliedAt,
      appliedBy: saved.appliedBy,
    };
    const activeRow: TableEntity = { partitionKey: PARTITION, rowKey: ACTIVE, version: saved.version };
    const actions: TransactionAction[] = [
      ['create', versionRow],
      active === null ? ['create', activeRow] : ['update', activeRow, 'Replace', { etag: active.etag }],
    ];
    await withStateErrors(() => client.submitTransaction(actions), {
      table: client.tableName,
      operation: `save version ${saved.version}`,
      partitionKey: PARTITION,
      conditional: true,
    });
    return saved;
  };

  return {
    async saveVersion(input) {
      if (input.source.length > MAX_SPLIT_TEXT_CHARS) {
        throw new SyncError(
          'TOPOLOGY.INVALID',
          `The topology text is ${input.source.length * 2} bytes as stored (UTF-16); Table Storage keeps at ` +
            `most ${MAX_SPLIT_TEXT_CHARS * 2} bytes per version. Split it or remove unused parts.`,
        );
      }
      const client = await table();
      for (let attempt = 1; ; attempt++) {
        try {
          return await trySave(client, input);
        } catch (error) {
          // Another save won the race for this version number: read again and take the next one.
          if (!isSyncError(error, 'STATE.CONFLICT') || attempt >= maxAttempts) throw error;
        }
      }
    },
    async getActive() {
      const client = await table();
      const active = await readActive(client);
      if (active === null) return null;
      const version = await readVersion(client, active.version);
      if (version === null) {
        throw new SyncError(
          'STATE.UNAVAILABLE',
          `Table ${client.tableName}: row 'active' names version ${active.version}, whose row is missing.`,
          { details: { table: client.tableName } },
        );
      }
      return version;
    },
    async getVersion(version) {
      if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) return null;
      return readVersion(await table(), version);
    },
    async listVersions(limit) {
      const client = await table();
      const active = await readActive(client);
      const count = Math.min(Math.trunc(limit), active?.version ?? 0);
      if (active === null || count < 1) return [];
      const from = versionRowKey(active.version - count + 1);
      const to = versionRowKey(active.version);
      const rows = await listAllRows(
        client,
        odata`PartitionKey eq ${PARTITION} and RowKey ge ${from} and RowKey le ${to}`,
      );
      return rows
        .map((row) =>
          parseRow(versionRowSchema, row, {
            table: client.tableName,
            partitionKey: PARTITION,
            rowKey: row.rowKey,
          }),
        )
        .reverse();
    },
  };
}
