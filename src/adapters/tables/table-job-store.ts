/**
 * {@link JobStore} on Table Storage: table `jobs`, one partition `jobs` holding two rows per job — the record
 * (`job_<id>`) and an index row (`idx_<inverted creation time>_<id>`) that lists jobs newest first. Both
 * rows are written in one transaction, so a job is never stored without its index entry or twice.
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { JobRecord, JobStore } from '../../app/control-ports.js';
import type { Stored } from '../../app/ports.js';
import { SyncError } from '../../core/sync-errors.js';
import {
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  toJsonProperty,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { withStateErrors } from './table-errors.js';
import { encodeKey, invertedTimeKey } from './table-keys.js';
import { getRow, listRowPage, saveRow, type Row } from './table-rows.js';

const PARTITION = 'jobs';
const INDEX_PREFIX = 'idx_';
// The first key after every `idx_…` key: `_` + 1 is the backtick.
const INDEX_END = 'idx`';

/** RowKey of a job's record. */
export function jobRowKey(id: string): string {
  return `job_${encodeKey(id)}`;
}

const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

const jobRowSchema = z.object({
  etag: z.string(),
  jobId: z.string(),
  kind: z.enum(['resync', 'reconcile']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  scopeSyncId: z.string().optional(),
  scopeSourceTenantId: z.string().optional(),
  requestedBy: z.string(),
  createdAt: isoTimestampSchema,
  startedAt: orNull(isoTimestampSchema),
  finishedAt: orNull(isoTimestampSchema),
  updatedAt: isoTimestampSchema,
  progressPhase: z.string(),
  progressDone: z.number().int().min(0),
  progressTotal: orNull(z.number().int().min(0)),
  result: orNull(jsonTextSchema(z.record(z.string(), z.unknown()))),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
});

const indexRowSchema = z.object({ jobId: z.string() });

/** Maps a job to its record row; the result must fit one property (64 KiB of JSON). */
export function toJobEntity(job: JobRecord, table: string): TableEntity {
  const location = { table, partitionKey: PARTITION, rowKey: jobRowKey(job.id) };
  return {
    partitionKey: PARTITION,
    rowKey: location.rowKey,
    jobId: job.id,
    kind: job.kind,
    status: job.status,
    ...(job.scope.syncId === undefined ? {} : { scopeSyncId: job.scope.syncId }),
    ...(job.scope.sourceTenantId === undefined ? {} : { scopeSourceTenantId: job.scope.sourceTenantId }),
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    ...(job.startedAt === null ? {} : { startedAt: job.startedAt }),
    ...(job.finishedAt === null ? {} : { finishedAt: job.finishedAt }),
    updatedAt: job.updatedAt,
    progressPhase: job.progress.phase,
    progressDone: job.progress.done,
    ...(job.progress.total === null ? {} : { progressTotal: job.progress.total }),
    ...(job.result === null ? {} : { result: toJsonProperty(job.result, 'result', location) }),
    ...(job.error === null ? {} : { errorCode: job.error.code, errorMessage: job.error.message }),
  };
}

/** Maps a record row back to a stored job; a corrupted row is a SyncError naming table and keys. */
export function fromJobRow(row: Row, location: RowLocation): Stored<JobRecord> {
  const parsed = parseRow(jobRowSchema, row, location);
  const scope = {
    ...(parsed.scopeSyncId === undefined ? {} : { syncId: parsed.scopeSyncId }),
    ...(parsed.scopeSourceTenantId === undefined ? {} : { sourceTenantId: parsed.scopeSourceTenantId }),
  };
  const value: JobRecord = {
    id: parsed.jobId,
    kind: parsed.kind,
    status: parsed.status,
    scope,
    requestedBy: parsed.requestedBy,
    createdAt: parsed.createdAt,
    startedAt: parsed.startedAt,
    finishedAt: parsed.finishedAt,
    updatedAt: parsed.updatedAt,
    progress: { phase: parsed.progressPhase, done: parsed.progressDone, total: parsed.progressTotal },
    result: parsed.result,
    error:
      parsed.errorCode === undefined ? null : { code: parsed.errorCode, message: parsed.errorMessage ?? '' },
  };
  return { value, etag: parsed.etag };
}

/** Creates the Table Storage {@link JobStore}. */
export function createTableJobStore(clients: TableClients): JobStore {
  const table = (): Promise<TableClient> => clients.get('jobs');

  const get = async (id: string): Promise<Stored<JobRecord> | null> => {
    const client = await table();
    const rowKey = jobRowKey(id);
    const row = await getRow(client, PARTITION, rowKey);
    return row && fromJobRow(row, { table: client.tableName, partitionKey: PARTITION, rowKey });
  };

  return {
    async create(job) {
      const client = await table();
      const record = toJobEntity(job, client.tableName);
      const index: TableEntity = {
        partitionKey: PARTITION,
        rowKey: `${INDEX_PREFIX}${invertedTimeKey(new Date(job.createdAt))}_${encodeKey(job.id)}`,
        jobId: job.id,
        kind: job.kind,
      };
      const actions: TransactionAction[] = [
        ['create', record],
        ['create', index],
      ];
      const response = await withStateErrors(() => client.submitTransaction(actions), {
        table: client.tableName,
        operation: `create job ${job.id}`,
        partitionKey: PARTITION,
        conditional: true,
      });
      const etag = response.getResponseForEntity(jobRowKey(job.id))?.etag ?? (await get(job.id))?.etag;
      if (etag === undefined) {
        throw new SyncError('STATE.UNAVAILABLE', `Table ${client.tableName}: job ${job.id} was not stored.`, {
          details: { table: client.tableName },
        });
      }
      return etag;
    },
    get,
    async save(job, etag) {
      const client = await table();
      return saveRow(client, toJobEntity(job, client.tableName), etag);
    },
    async list({ kind, limit }) {
      const client = await table();
      const wanted = Math.max(0, Math.trunc(limit));
      const filter =
        kind === undefined
          ? odata`PartitionKey eq ${PARTITION} and RowKey ge ${INDEX_PREFIX} and RowKey lt ${INDEX_END}`
          : odata`PartitionKey eq ${PARTITION} and RowKey ge ${INDEX_PREFIX} and RowKey lt ${INDEX_END} and kind eq ${kind}`;
      const ids: string[] = [];
      let token: string | undefined;
      while (ids.length < wanted) {
        const page = await listRowPage(client, filter, Math.min(wanted - ids.length, 1000), token);
        for (const row of page.rows) {
          const location = { table: client.tableName, partitionKey: PARTITION, rowKey: row.rowKey };
          ids.push(parseRow(indexRowSchema, row, location).jobId);
        }
        token = page.continuationToken;
        if (token === undefined) break;
      }
      // An index row is written with its record, so a missing record means it was deleted by hand.
      const jobs = await Promise.all(ids.slice(0, wanted).map((id) => get(id)));
      return jobs.filter((job) => job !== null).map((job) => job.value);
    },
  };
}
