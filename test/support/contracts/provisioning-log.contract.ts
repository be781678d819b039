import { describe, expect, it } from 'vitest';
import type { ProvisioningLog, ProvisioningLogEntry } from '../../../src/app/ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aLogEntry } from './state-samples.js';

/** The behaviour every {@link ProvisioningLog} shares; run it against each implementation. */
export function runProvisioningLogContract(name: string, factory: StoreFactory<ProvisioningLog>): void {
  describe(`${name} (ProvisioningLog contract)`, () => {
    const clock = aFixedClock('2025-03-10T00:00:00Z');
    const newLog = () => factory({ clock, pageSize: 2 });
    const e1 = aLogEntry({ id: 'e1', at: '2025-03-01T10:00:00.000Z', syncId: 'a', sourceUserId: 'u1' });
    const e2 = aLogEntry({ id: 'e2', at: '2025-03-01T11:00:00.000Z', syncId: 'a', sourceUserId: 'u2' });
    const e3 = aLogEntry({ id: 'e3', at: '2025-03-02T09:00:00.000Z', syncId: 'a', sourceUserId: 'u1' });
    const e4 = aLogEntry({ id: 'e4', at: '2025-03-02T10:00:00.000Z', syncId: 'b', sourceUserId: 'u1' });
    const e5 = aLogEntry({ id: 'e5', at: '2025-03-03T08:00:00.000Z', syncId: 'a', sourceUserId: 'u1' });
    const since = new Date('2025-03-01T00:00:00Z');
    const until = new Date('2025-03-04T00:00:00Z');
    const ids = (entries: readonly ProvisioningLogEntry[]) => entries.map((entry) => entry.id);

    const aFilledLog = async () => {
      const log = await newLog();
      // Appended out of order: the order of the answer comes from the times, not from the appends.
      for (const entry of [e3, e1, e5, e2, e4]) await log.append(entry);
      return log;
    };

    it('returns nothing when nothing was logged', async () => {
      expect(await (await newLog()).query({ syncId: 'a', since, until })).toEqual([]);
    });

    it('returns the entries of one sync newest first across days', async () => {
      const log = await aFilledLog();
      expect(ids(await log.query({ syncId: 'a', since, until }))).toEqual(['e5', 'e3', 'e2', 'e1']);
    });

    it('returns the entries of every sync newest first when no sync is given', async () => {
      const log = await aFilledLog();
      expect(ids(await log.query({ since, until }))).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    });

    it('includes entries exactly at since and until and nothing outside', async () => {
      const log = await aFilledLog();
      const window = { since: new Date(e2.at), until: new Date(e3.at) };
      expect(ids(await log.query({ syncId: 'a', ...window }))).toEqual(['e3', 'e2']);
      expect(ids(await log.query({ ...window }))).toEqual(['e3', 'e2']);
    });

    it('filters by source user', async () => {
      const log = await aFilledLog();
      expect(ids(await log.query({ syncId: 'a', sourceUserId: 'u1', since, until }))).toEqual([
        'e5',
        'e3',
        'e1',
      ]);
      expect(ids(await log.query({ sourceUserId: 'u1', since, until }))).toEqual(['e5', 'e4', 'e3', 'e1']);
    });

    it('returns at most limit entries, the newest ones', async () => {
      const log = await aFilledLog();
      expect(ids(await log.query({ syncId: 'a', since, until, limit: 2 }))).toEqual(['e5', 'e3']);
      expect(ids(await log.query({ since, until, limit: 3 }))).toEqual(['e5', 'e4', 'e3']);
    });

    it('ends the query at the current time when until is not given', async () => {
      const log = await aFilledLog();
      clock.set('2025-03-02T09:30:00Z');
      try {
        expect(ids(await log.query({ since }))).toEqual(['e3', 'e2', 'e1']);
      } finally {
        clock.set('2025-03-10T00:00:00Z');
      }
    });

    it('returns nothing when since is after until', async () => {
      const log = await aFilledLog();
      expect(await log.query({ since: until, until: since })).toEqual([]);
    });

    it('keeps one entry when the same entry is appended twice', async () => {
      const log = await newLog();
      await log.append(e1);
      await log.append(e1);
      expect(ids(await log.query({ since, until }))).toEqual(['e1']);
    });

    it('round-trips every field of a failed entry', async () => {
      const log = await newLog();
      const failed = aLogEntry({
        id: 'failed#1/?',
        action: 'create',
        outcome: 'failure',
        targetUserId: null,
        changedAttributes: [],
        graphWrites: 0,
        errorCode: 'GRAPH.FORBIDDEN',
        errorMessage: 'Insufficient privileges to complete the operation.',
      });
      await log.append(failed);
      expect(await log.query({ syncId: failed.syncId, since, until })).toEqual([failed]);
    });
  });
}
