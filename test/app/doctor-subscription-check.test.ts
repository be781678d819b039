/**
 * The live-subscription check of source tenants, through runDoctor over an in-memory world.
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { aDoctorWorld, aSubscriptionRecord, checkOf, contosoId, oneToOne } from './doctor-fixture.js';

describe('the subscription check', () => {
  it('fails when xtsync holds no subscription for the source, pointing at topology apply and the public URL', async () => {
    const world = aDoctorWorld();
    world.records.length = 0;

    const subscription = checkOf(await runDoctor(oneToOne, world.deps), 'source-subscription:contoso');

    expect(subscription.status).toBe('fail');
    expect(subscription.fix).toContain('xtsync topology apply');
    expect(subscription.fix).toContain(
      'XTSYNC_PUBLIC_BASE_URL (https://xtsync.example.com) is reachable by Graph',
    );
  });

  it('fails when the subscription expires within a day', async () => {
    const world = aDoctorWorld();
    world.records[0] = aSubscriptionRecord({ expiresAt: '2026-01-06T08:00:00.000Z' });

    const subscription = checkOf(await runDoctor(oneToOne, world.deps), 'source-subscription:contoso');

    expect(subscription).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('within a day') as unknown,
    });
  });

  it('fails when Graph no longer lists the stored subscription', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).graphSubscriptions = ['another-one'];

    const subscription = checkOf(await runDoctor(oneToOne, world.deps), 'source-subscription:contoso');

    expect(subscription).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Graph no longer lists subscription sub-1') as unknown,
    });
  });

  it('warns when the live subscription notifies another address', async () => {
    const world = aDoctorWorld();
    world.records[0] = aSubscriptionRecord({
      notificationUrl: 'https://old.example.com/api/graph-notifications',
    });

    const subscription = checkOf(await runDoctor(oneToOne, world.deps), 'source-subscription:contoso');

    expect(subscription.status).toBe('warn');
    expect(subscription.detail).toContain('not https://xtsync.example.com/api/graph-notifications');
  });

  it('skips the Graph side when Graph refuses to list subscriptions', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).graphSubscriptions = 'forbidden';

    const subscription = checkOf(await runDoctor(oneToOne, world.deps), 'source-subscription:contoso');

    expect(subscription).toMatchObject({
      status: 'skip',
      detail: expect.stringContaining('403') as unknown,
    });
  });

  it('never puts the client state in the report or the logs', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).graphSubscriptions = [];

    const report = await runDoctor(oneToOne, world.deps);

    expect(JSON.stringify(report)).not.toContain('secret-client-state');
    expect(world.logs.text()).not.toContain('secret-client-state');
    expect(world.logs.text()).toContain('source-subscription:contoso');
  });
});
