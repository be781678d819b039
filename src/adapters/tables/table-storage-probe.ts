/**
 * {@link TableStorageProbe} on Azure Table Storage, for `xtsync doctor`: reads one page of at most one row
 * of the topology table (created on first use, as every state table is), which proves the account answers
 * and the identity may read and create tables.
 */
import { odata } from '@azure/data-tables';
import type { ProbeResult, TableStorageProbe } from '../../app/doctor-ports.js';
import { isSyncError } from '../../core/sync-errors.js';
import type { TableClients } from './table-clients.js';
import { toStateError } from './table-errors.js';

/** Options for {@link createTableStorageProbe}. */
export interface TableStorageProbeOptions {
  /** How long the read may take, retries included. Default 10 s. */
  readonly timeoutMs?: number;
}

/** Builds the probe on the process's table clients. */
export function createTableStorageProbe(
  tables: TableClients,
  { timeoutMs = 10_000 }: TableStorageProbeOptions = {},
): TableStorageProbe {
  return {
    async probeTables(): Promise<ProbeResult> {
      const table = tables.tableName('topology');
      const abortSignal = AbortSignal.timeout(timeoutMs);
      try {
        const client = await tables.get('topology');
        const pages = client
          .listEntities({
            queryOptions: { filter: odata`PartitionKey eq ${'topology'}`, select: ['RowKey'] },
            abortSignal,
          })
          .byPage({ maxPageSize: 1 });
        await pages.next();
        return { ok: true, detail: `Read table ${table}.` };
      } catch (error) {
        if (abortSignal.aborted) {
          return {
            ok: false,
            problem: 'unreachable',
            message: `Table Storage did not answer for ${table} within ${timeoutMs / 1000} s.`,
          };
        }
        return toProbeFailure(toStateError(error, { table, operation: 'query' }), table);
      }
    },
  };
}

function toProbeFailure(error: unknown, table: string): ProbeResult {
  if (!isSyncError(error)) {
    const name = error instanceof Error ? error.name : 'unknown error';
    return { ok: false, problem: 'unreachable', message: `Could not read table ${table} (${name}).` };
  }
  const status = error.details.status;
  const problem = status === 403 || status === 401 ? 'forbidden' : status === 404 ? 'missing' : 'unreachable';
  return { ok: false, problem, message: error.message };
}
