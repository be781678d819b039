/**
 * Manual resync on the local stack, through the admin API as an operator calls it: provision on demand
 * (one user, several, one out of scope) with its step-by-step report, and a full resync that repairs target
 * users removed or edited by hand and ends as a succeeded job with counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import type { OnDemandReport } from '../../src/app/on-demand-report.js';
import {
  createMember,
  linkedUsers,
  settle,
  waitForTargetUser,
  writesIn,
  type SourceUser,
} from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

const syncId = 'contoso-to-fabrikam';

describe('manual resync (one-to-one)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    key: string | null = stack.adminKey,
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${stack.devHostUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-functions-key': key }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  async function onDemand(...users: SourceUser[]): Promise<OnDemandReport[]> {
    const { status, json } = await call('POST', '/api/resync', {
      syncId,
      sourceUserIds: users.map((user) => user.id),
    });
    expect(status).toBe(200);
    return (json as { reports: OnDemandReport[] }).reports;
  }

  /** Creates members whose notifications the simulator drops: only an on-demand run can provision them. */
  async function unnotifiedMembers(count: number, department = 'Sales'): Promise<SourceUser[]> {
    stack.graph.control.setKnobs({ dropRate: 1 });
    try {
      const users: SourceUser[] = [];
      for (let i = 0; i < count; i += 1) users.push(await createMember(stack, 'contoso', { department }));
      await settle(stack);
      return users;
    } finally {
      stack.graph.control.setKnobs({ dropRate: 0 });
    }
  }

  it('provisions a user no notification reached, reports each step, and the next drain does not redo it', async () => {
    const [user] = await unnotifiedMembers(1);
    if (!user) throw new Error('no user');
    expect(await linkedUsers(stack, 'fabrikam', user)).toEqual([]);
    const before = writesIn(stack, 'fabrikam');

    const [report] = await onDemand(user);

    expect(report).toMatchObject({
      outcome: 'success',
      steps: {
        sourceRead: { status: 'success', found: true, attributes: { department: 'Sales', mail: user.mail } },
        scope: { decision: 'upsert', decidedBy: 'scope-filters', filters: { inScope: true, filter: 1 } },
        match: { by: 'none' },
        action: { action: 'create', graphWrites: 2 },
        graphResult: { status: 'success', graphWrites: 2 },
      },
    });
    const [target] = await linkedUsers(stack, 'fabrikam', user);
    expect(target).toMatchObject({ id: report?.steps.graphResult?.targetUserId, department: 'Sales' });
    expect(writesIn(stack, 'fabrikam') - before).toBe(2);
    expect(stack.provisioning.filter((e) => e.sourceUserId === user.id).map((e) => e.action)).toEqual([
      'create',
    ]);

    // A later notification makes the drain read this user too: the mirror already has it, nothing is redone.
    const next = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', next);
    await settle(stack);
    expect(writesIn(stack, 'fabrikam') - before).toBe(4);
    expect(await linkedUsers(stack, 'fabrikam', user)).toHaveLength(1);
  }, 30_000);

  it('reports the filter clause that keeps a user out of scope, and writes nothing', async () => {
    const [user] = await unnotifiedMembers(1, 'Marketing');
    if (!user) throw new Error('no user');
    const before = writesIn(stack, 'fabrikam');

    const [report] = await onDemand(user);

    expect(report).toMatchObject({
      outcome: 'skipped',
      steps: {
        scope: {
          decision: 'remove',
          removalReason: 'out-of-scope',
          filters: { inScope: false, filter: 1, clause: 1 },
          summary: "Out of scope: filter 1 clause 1: department 'Marketing' does not equal 'Sales'.",
        },
        action: { action: 'none', status: 'skipped' },
      },
    });
    expect(writesIn(stack, 'fabrikam')).toBe(before);
    expect(await linkedUsers(stack, 'fabrikam', user)).toEqual([]);
  }, 30_000);

  it('provisions several users in one call and reports a user that does not exist', async () => {
    const users = await unnotifiedMembers(3);
    const ghost: SourceUser = { ...(users[0] as SourceUser), id: randomUUID() };

    const reports = await onDemand(...users, ghost);

    expect(reports.map((report) => [report.sourceUserId, report.steps.action?.action])).toEqual([
      ...users.map((user) => [user.id, 'create']),
      [ghost.id, 'none'],
    ]);
    expect(reports[3]?.steps.sourceRead).toMatchObject({ found: false });
    for (const user of users) expect(await linkedUsers(stack, 'fabrikam', user)).toHaveLength(1);
  }, 30_000);

  it('refuses calls without the key, bad bodies naming the field, and unknown syncs', async () => {
    const user = { syncId, sourceUserId: randomUUID() };
    expect((await call('POST', '/api/resync', user, null)).status).toBe(401);
    expect((await call('POST', '/api/resync', user, 'wrong-key')).status).toBe(401);
    expect((await call('GET', '/api/jobs/anything', undefined, null)).status).toBe(401);

    const bad = await call('POST', '/api/resync', { syncId, sourceUserId: 'adele' });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(bad.json)).toContain("'sourceUserId'");
    const tooMany = await call('POST', '/api/resync', {
      syncId,
      sourceUserIds: Array.from({ length: 51 }, () => randomUUID()),
    });
    expect(tooMany.status).toBe(400);

    expect((await call('POST', '/api/resync', { ...user, syncId: 'no-such-sync' })).status).toBe(404);
    expect((await call('POST', '/api/resync', { syncId: 'no-such-sync' })).status).toBe(404);
    expect((await call('GET', `/api/jobs/${randomUUID()}`)).status).toBe(404);
  });

  it('re-creates a target user removed by hand and reverts one edited by hand with a full resync job', async () => {
    const edited = await createMember(stack, 'contoso', { department: 'Sales' });
    const removed = await createMember(stack, 'contoso', { department: 'Sales' });
    const editedTarget = await waitForTargetUser(stack, 'fabrikam', edited);
    const removedTarget = await waitForTargetUser(stack, 'fabrikam', removed);
    await settle(stack);
    const fabrikam = stack.admin('fabrikam');
    await fabrikam.api(`/users/${String(editedTarget.id)}`).patch({ department: 'Edited by hand' });
    await fabrikam.api(`/users/${String(removedTarget.id)}`).delete();
    await fabrikam.api(`/directory/deletedItems/${String(removedTarget.id)}`).delete();

    const started = await call('POST', '/api/resync', { syncId });
    expect(started.status).toBe(202);
    const { jobId } = started.json as { jobId: string };
    const job = await eventually(async () => {
      const { json } = await call('GET', `/api/jobs/${jobId}`);
      const record = json as JobRecord;
      return record.status === 'succeeded' || record.status === 'failed' ? record : undefined;
    }, 'the resync job to end');

    expect(job).toMatchObject({ kind: 'resync', status: 'succeeded', scope: { syncId }, error: null });
    expect(job.result).toMatchObject({ roundComplete: true, drains: 1 });
    expect(Number(job.result?.usersSeen)).toBeGreaterThanOrEqual(2);
    expect(Number(job.result?.messagesPublished)).toBeGreaterThanOrEqual(2);

    const recreated = await waitForTargetUser(stack, 'fabrikam', removed, undefined, 'the re-created user');
    expect(recreated.id).not.toBe(removedTarget.id);
    await waitForTargetUser(stack, 'fabrikam', edited, (u) => u.department === 'Sales', 'the reverted user');
    // Once it ended, a new resync (here of every sync from the source tenant) may start.
    const again = await call('POST', '/api/resync', { sourceTenantId: edited.tenantId });
    expect(again.status).toBe(202);
  }, 30_000);
});
