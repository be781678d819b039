/**
 * Credentials, token caching, throttling and permission errors of the Graph adapters against the local
 * Graph simulator, through the real Graph client and `@azure/identity` credentials.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphDirectoryProvider } from '../../../src/adapters/graph/graph-client-factory.js';
import {
  clientId,
  contoso,
  fabrikam,
  failure,
  startXtsyncSimulator,
  woodgrove,
  type XtsyncSimulator,
} from './xtsync-on-simulator.js';

const adele = '10000000-0000-4000-8000-000000000001';

describe('createGraphDirectoryProvider on the simulator', () => {
  let xtsync: XtsyncSimulator;
  let graph: GraphDirectoryProvider;

  beforeAll(async () => {
    xtsync = await startXtsyncSimulator();
    graph = xtsync.provider({
      [fabrikam]: xtsync.secretAuth(fabrikam),
      [woodgrove]: xtsync.secretAuth(woodgrove),
    });
  });
  afterAll(async () => {
    await xtsync.sim.close();
  });
  beforeEach(() => {
    xtsync.sim.control.clearFaults();
  });

  it('waits out a 429 with the Retry-After Graph gave and then succeeds', async () => {
    xtsync.sim.control.addFault({
      tenantId: 'fabrikam',
      method: 'GET',
      pathPrefix: '/users/',
      status: 429,
      count: 1,
      retryAfterSeconds: 0.3,
    });
    const started = Date.now();
    const user = await graph.forTenant(fabrikam).getUser('does-not-matter', ['displayName']);
    expect(user).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(xtsync.sim.control.faults()).toEqual([]);
  });

  it('hands a long Retry-After back as a retryable GRAPH.THROTTLED instead of sleeping', async () => {
    xtsync.sim.control.addFault({
      tenantId: 'fabrikam',
      pathPrefix: '/users',
      status: 429,
      count: 1,
      retryAfterSeconds: 120,
    });
    const error = await failure(graph.forTenant(fabrikam).getUser(adele, []));
    expect(error).toMatchObject({ code: 'GRAPH.THROTTLED', retryable: true, retryAfterMs: 120_000 });
  });

  it('reports GRAPH.FORBIDDEN naming User.Invite.All when the app may not invite', async () => {
    const error = await failure(
      graph.forTenant(woodgrove).inviteExternalMember({
        email: 'x@contoso.com',
        displayName: 'X',
        redirectUrl: 'https://myapps.microsoft.com',
      }),
    );
    expect(error.code).toBe('GRAPH.FORBIDDEN');
    expect(error.message).toContain('User.Invite.All');
    expect(error.details).toMatchObject({
      status: 403,
      graphCode: 'Authorization_RequestDenied',
      tenantId: woodgrove,
    });
  });

  it('reports a wrong client secret as AUTH.CREDENTIAL without the secret', async () => {
    const wrong = 'wrong-secret-value-0123456789';
    const error = await failure(
      xtsync
        .provider({ [fabrikam]: xtsync.secretAuth(fabrikam, wrong) })
        .forTenant(fabrikam)
        .getUser(adele, []),
    );
    expect(error.code).toBe('AUTH.CREDENTIAL');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error.details)).not.toContain(wrong);
  });

  it('fetches one token per tenant however many calls it makes', async () => {
    const fresh = xtsync.provider({ [fabrikam]: xtsync.secretAuth(fabrikam) });
    xtsync.sim.stats.reset();
    const directory = fresh.forTenant(fabrikam);
    for (let i = 0; i < 6; i += 1) {
      await directory.getUser(adele, ['displayName']);
      await directory.listExternalUsers(['displayName']);
    }
    const stats = xtsync.sim.stats.snapshot().tenants.fabrikam;
    expect(stats?.requests.GET).toBe(12);
    expect(stats?.tokenRequests[clientId]).toBe(1);
  });

  it('authenticates with a certificate registered on the app', async () => {
    const directory = xtsync
      .provider({
        [contoso]: {
          type: 'certificate',
          tenantId: contoso,
          clientId,
          certificatePem: xtsync.certificatePem,
        },
      })
      .forTenant(contoso);
    expect((await directory.getUser(adele, ['mail']))?.attributes.mail).toBe('adele.vance@contoso.com');
  });
});
