/**
 * {@link ProvisioningLog} on Table Storage: table `provisioningLog`, PartitionKey `<syncId>:<yyyymmdd>` (UTC
 * day of the entry), RowKey = inverted time + `_` + entry id, so each partition reads newest first.
 *
 * A query without a sync id needs to know which syncs logged on a day. Rather than scanning the table, the
 * log keeps a small index, table `provisioningLogDays` (PartitionKey = day, RowKey = sync id), written once
 * per sync and day by each process before its first entry of that day. Such a query then costs one index
 * read per day plus one partition query per sync that logged that day.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { Clock, ProvisioningLog, ProvisioningLogEntry, ProvisioningLogQuery } from '../../app/ports.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey, invertedTimeKey } from './table-keys.js';
import { fromLogRow, logDay, toLogEntity } from './table-provisioning-log-entity.js';
import { listRowPage, upsertRow, type Row } from './table-rows.js';

/** Options for {@link createTableProvisioningLog}. */
export interface TableProvisioningLogOptions {
  /** Gives "now", the default end of a query. */
  readonly clock?: Clock;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DAY_MS = 86_400_000;

/** The UTC days from `until` back to `since`, newest first. */
export function logDaysBetween(since: Date, until: Date): string[] {
  const days: string[] = [];
  const first = Math.floor(since.getTime() / DAY_MS);
  for (let day = Math.floor(until.getTime() / DAY_MS); day >= first; day--) {
    days.push(logDay(new Date(day * DAY_MS)));
  }
  return days;
}

/** Creates the Table Storage {@link ProvisioningLog}. `limit` defaults to 100 and is capped at 1000. */
export function createTableProvisioningLog(
  clients: TableClients,
  { clock = { now: () => new Date() } }: TableProvisioningLogOptions = {},
): ProvisioningLog {
  const indexed = new Set<string>();

  const indexDay = async (syncId: string, day: string): Promise<void> => {
    const key = `${day}/${syncId}`;
    if (indexed.has(key)) return;
    await upsertRow(await clients.get('provisioningLogDays'), {
      partitionKey: day,
      rowKey: encodeKey(syncId),
    });
    indexed.add(key);
  };

  const syncsOn = async (day: string): Promise<string[]> => {
    const client = await clients.get('provisioningLogDays');
    const syncIds: string[] = [];
    let token: string | undefined;
    do {
      const page = await listRowPage(client, odata`PartitionKey eq ${day}`, 1000, token);
      syncIds.push(...page.rows.map((row) => decodeKey(row.rowKey)));
      token = page.continuationToken;
    } while (token !== undefined);
    return syncIds;
  };

  // Up to `limit` rows of one partition within the time window, newest first.
  const readPartition = async (
    client: TableClient,
    partitionKey: string,
    window: { readonly since: Date; readonly until: Date; readonly sourceUserId?: string },
    limit: number,
  ): Promise<Row[]> => {
    // '`' sorts right after '_', so every RowKey starting with the inverted `since` is included.
    const from = invertedTimeKey(window.until);
    const to = `${invertedTimeKey(window.since)}\``;
    const filter =
      window.sourceUserId === undefined
        ? odata`PartitionKey eq ${partitionKey} and RowKey ge ${from} and RowKey lt ${to}`
        : odata`PartitionKey eq ${partitionKey} and RowKey ge ${from} and RowKey lt ${to} and sourceUserId eq ${window.sourceUserId}`;
    const rows: Row[] = [];
    let token: string | undefined;
    do {
      const page = await listRowPage(client, filter, Math.min(limit - rows.length, MAX_LIMIT), token);
      rows.push(...page.rows);
      token = page.continuationToken;
    } while (token !== undefined && rows.length < limit);
    return rows.slice(0, limit);
  };

  return {
    async append(entry) {
      const client = await clients.get('provisioningLog');
      const entity = toLogEntity(entry, client.tableName);
      // Index first: an entry must never exist without the index row that lets queries find it.
      await indexDay(entry.syncId, logDay(new Date(entry.at)));
      // Upsert: appending the same entry again (a retried apply) leaves one row.
      await upsertRow(client, entity);
    },

    async query(query: ProvisioningLogQuery): Promise<readonly ProvisioningLogEntry[]> {
      const until = query.until ?? clock.now();
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      if (query.since.getTime() > until.getTime()) return [];
      const client = await clients.get('provisioningLog');
      const window = { since: query.since, until, sourceUserId: query.sourceUserId };
      const entries: ProvisioningLogEntry[] = [];
      for (const day of logDaysBetween(query.since, until)) {
        const syncIds = query.syncId === undefined ? await syncsOn(day) : [query.syncId];
        const remaining = limit - entries.length;
        const perSync = await Promise.all(
          syncIds.map((syncId) => readPartition(client, encodeKey(`${syncId}:${day}`), window, remaining)),
        );
        // RowKeys start with the inverted time, so ascending RowKey is newest first across syncs too.
        const rows = perSync.flat().sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
        for (const row of rows.slice(0, remaining)) {
          entries.push(
            fromLogRow(row, { table: client.tableName, partitionKey: row.partitionKey, rowKey: row.rowKey }),
          );
        }
        if (entries.length >= limit) break;
      }
      return entries;
    },
  };
}
