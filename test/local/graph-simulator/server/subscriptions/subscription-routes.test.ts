import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { startNotificationReceiver, type NotificationReceiver } from '../notification-receiver.js';
import { getAdminToken, startTestGraphSimulator } from '../../../../support/graph-simulator.js';

describe('subscription routes', () => {
  let sim: GraphSimulator;
  let receiver: NotificationReceiver;
  let token: string;

  beforeAll(async () => {
    [sim, receiver] = await Promise.all([
      startTestGraphSimulator({ validationTimeoutMs: 300 }),
      startNotificationReceiver(),
    ]);
    token = await getAdminToken(sim, 'contoso');
  });
  afterEach(() => {
    receiver.handshake = 'echo';
  });
  afterAll(async () => {
    await Promise.all([sim.close(), receiver.close()]);
  });

  const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    bearer = token,
  ): Promise<{
    status: number;
    body: Record<string, unknown> & { error?: { code: string; message: string } };
  }> => {
    const response = await fetch(`${sim.baseUrl}/v1.0${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, never>) };
  };
  const create = (overrides: Record<string, unknown> = {}, bearer = token): ReturnType<typeof request> =>
    request(
      'POST',
      '/subscriptions',
      {
        changeType: 'updated,deleted',
        notificationUrl: `${receiver.baseUrl}/api/notify?code=function-key`,
        resource: '/users',
        expirationDateTime: inMinutes(60),
        clientState: 'secret-client-state',
        ...overrides,
      },
      bearer,
    );

  it('validates the endpoint, keeping its query, then answers 201 with the subscription resource', async () => {
    const before = receiver.validations.length;
    const { status, body } = await create({ lifecycleNotificationUrl: `${receiver.baseUrl}/api/lifecycle` });
    expect(status).toBe(201);
    const validations = receiver.validations.slice(before);
    expect(validations.map((v) => v.path)).toEqual(['/api/notify', '/api/lifecycle']);
    expect(validations[0]?.rawQuery).toMatch(/^\?code=function-key&validationToken=[^&]*%[0-9A-F]{2}/);
    expect(Object.keys(body).sort()).toEqual(
      [
        '@odata.context',
        'id',
        'resource',
        'applicationId',
        'changeType',
        'clientState',
        'notificationUrl',
        'notificationQueryOptions',
        'lifecycleNotificationUrl',
        'expirationDateTime',
        'creatorId',
        'includeResourceData',
        'latestSupportedTlsVersion',
        'encryptionCertificate',
        'encryptionCertificateId',
        'notificationUrlAppId',
        'notificationContentType',
      ].sort(),
    );
    expect(body).toMatchObject({
      '@odata.context': `${sim.baseUrl}/v1.0/$metadata#subscriptions/$entity`,
      resource: '/users',
      changeType: 'updated,deleted',
      clientState: 'secret-client-state',
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
    });
  });

  it('answers ValidationError when the endpoint echoes the still-encoded token', async () => {
    receiver.handshake = 'echo-encoded';
    const { status, body } = await create();
    expect(status).toBe(400);
    expect(body.error?.code).toBe('ValidationError');
  });

  it('answers ValidationError when the echo is not text/plain', async () => {
    receiver.handshake = 'json';
    const { status, body } = await create();
    expect(status).toBe(400);
    expect(body.error?.code).toBe('ValidationError');
  });

  it('answers ValidationError when the endpoint does not answer 200', async () => {
    receiver.handshake = 'status-500';
    expect((await create()).body.error?.code).toBe('ValidationError');
  });

  it('answers InvalidRequest when the endpoint does not answer in time', async () => {
    receiver.handshake = 'hang';
    const { status, body } = await create();
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'InvalidRequest',
      message: 'Subscription validation request timed out.',
    });
  });

  it('limits the lifetime to 41,760 minutes and refuses the past', async () => {
    const tooLong = await create({ expirationDateTime: inMinutes(41_761) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toBe(
      'Subscription expiration can only be 41760 minutes in the future.',
    );
    expect((await create({ expirationDateTime: inMinutes(41_759) })).status).toBe(201);
    expect((await create({ expirationDateTime: inMinutes(-1) })).status).toBe(400);
  });

  it('refuses a clientState over 255 characters, unknown change types, other resources and plain http off loopback', async () => {
    expect((await create({ clientState: 'x'.repeat(256) })).status).toBe(400);
    expect((await create({ changeType: 'updated,moved' })).status).toBe(400);
    expect((await create({ resource: '/groups' })).status).toBe(400);
    expect((await create({ notificationUrl: 'http://example.com/notify' })).status).toBe(400);
  });

  it('lists, reads, renews, reauthorizes and deletes only the caller’s subscriptions', async () => {
    const { body: created } = await create({ resource: 'users/10000000-0000-4000-8000-000000000001' });
    const id = String(created.id);
    const list = await request('GET', '/subscriptions');
    expect((list.body.value as { id: string }[]).map((s) => s.id)).toContain(id);
    expect((await request('GET', `/subscriptions/${id}`)).body.id).toBe(id);

    const renewed = await request('PATCH', `/subscriptions/${id}`, { expirationDateTime: inMinutes(120) });
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(renewed.body.expirationDateTime))).toBeGreaterThan(Date.now() + 110 * 60_000);
    expect((await request('POST', `/subscriptions/${id}/reauthorize`)).status).toBe(204);

    const otherApp = await sim.control.issueAccessToken({
      tenant: 'contoso',
      clientId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    });
    expect((await request('GET', `/subscriptions/${id}`, undefined, otherApp)).status).toBe(404);

    expect((await request('DELETE', `/subscriptions/${id}`)).status).toBe(204);
    expect((await request('GET', `/subscriptions/${id}`)).status).toBe(404);
  });

  it('validates a new notificationUrl given in a PATCH', async () => {
    const { body: created } = await create();
    receiver.handshake = 'json';
    const patched = await request('PATCH', `/subscriptions/${String(created.id)}`, {
      notificationUrl: `${receiver.baseUrl}/api/other`,
    });
    expect(patched.body.error?.code).toBe('ValidationError');
  });

  it('forgets a subscription once the simulator clock passes its expiry', async () => {
    const { body: created } = await create({ expirationDateTime: inMinutes(10) });
    sim.control.advanceClock(11 * 60_000);
    expect((await request('GET', `/subscriptions/${String(created.id)}`)).status).toBe(404);
  });

  it('refuses the 101st subscription of an app in a tenant with 403', async () => {
    const fabrikam = await getAdminToken(sim, 'fabrikam');
    const results = [];
    for (let i = 0; i < 100; i += 1) results.push((await create({}, fabrikam)).status);
    expect(results.every((status) => status === 201)).toBe(true);
    const refused = await create({}, fabrikam);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/limit of 100/);
  });
});
