import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { createLocalJWKSet, jwtVerify } from 'jose';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorSeed } from '../../../../../src/local/graph-simulator/seed.js';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { startTestGraphSimulator } from '../../../../support/graph-simulator.js';

const graphScope = 'https://graph.microsoft.com/.default';
const contosoId = '11111111-1111-4111-8111-111111111111';
const fabrikamId = '22222222-2222-4222-8222-222222222222';

async function makeRsaCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'xtsync-test-app' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { cert: pems.cert, key: pems.private };
}

describe('fake Entra authority', () => {
  let sim: GraphSimulator;
  let registered: { cert: string; key: string };
  let unregistered: { cert: string; key: string };

  beforeAll(async () => {
    [registered, unregistered] = await Promise.all([makeRsaCertificate(), makeRsaCertificate()]);
    const seed = await loadSimulatorSeed(
      new URL('../../../../../src/local/graph-simulator/default-seed.yaml', import.meta.url).pathname,
    );
    seed.applications.push({
      key: 'cert-app',
      clientId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      displayName: 'Certificate app',
      homeTenant: 'contoso',
      secrets: [],
      certificates: [registered.cert],
      extensionProperties: [],
    });
    seed.tenants[0]?.servicePrincipals.push({ app: 'cert-app', roles: ['User.Read.All'] });
    sim = await startTestGraphSimulator({ seed });
  });
  afterAll(async () => {
    await sim.close();
  });

  const xtsync = (): { clientId: string; secret: string } => {
    const app = sim.applications.find((a) => a.key === 'xtsync');
    return { clientId: app?.clientId ?? '', secret: app?.secrets[0] ?? '' };
  };

  async function requestToken(
    tenant: string,
    form: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${sim.authorityHost}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('publishes OpenID metadata per tenant, by id or by domain, on its own origin', async () => {
    for (const tenant of [contosoId, 'contoso.onmicrosoft.com', 'contoso.com']) {
      const response = await fetch(`${sim.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`);
      const body = (await response.json()) as Record<string, string>;
      expect(response.status).toBe(200);
      expect(body).toMatchObject({
        issuer: `${sim.authorityHost}/${contosoId}/v2.0`,
        authorization_endpoint: `${sim.authorityHost}/${contosoId}/oauth2/v2.0/authorize`,
        token_endpoint: `${sim.authorityHost}/${contosoId}/oauth2/v2.0/token`,
        jwks_uri: `${sim.authorityHost}/${contosoId}/discovery/v2.0/keys`,
      });
    }
  });

  it('answers an unknown tenant with invalid_tenant', async () => {
    const response = await fetch(
      `${sim.authorityHost}/nowhere.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('answers instance discovery harmlessly', async () => {
    const response = await fetch(`${sim.authorityHost}/common/discovery/instance?api-version=1.1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('tenant_discovery_endpoint');
  });

  it('issues app tokens for Graph signed with the published key and carrying the tenant roles', async () => {
    const { clientId, secret } = xtsync();
    const { status, body } = await requestToken(fabrikamId, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: graphScope,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const jwks = (await (
      await fetch(`${sim.authorityHost}/${fabrikamId}/discovery/v2.0/keys`)
    ).json()) as Parameters<typeof createLocalJWKSet>[0];
    const { payload } = await jwtVerify(String(body.access_token), createLocalJWKSet(jwks));
    expect(payload).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${fabrikamId}/`,
      tid: fabrikamId,
      appid: clientId,
      azp: clientId,
    });
    expect(payload.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.roles).toEqual([
      'User.Read.All',
      'User.Invite.All',
      'User.ReadWrite.All',
      'Policy.Read.All',
    ]);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('rejects a scope other than Graph /.default with AADSTS1002012', async () => {
    const { clientId, secret } = xtsync();
    const { status, body } = await requestToken(contosoId, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    expect(body).toHaveProperty('timestamp');
    expect(body).toHaveProperty('trace_id');
    expect(body).toHaveProperty('correlation_id');
    expect(String(body.error_description)).toMatch(/^AADSTS1002012: /);
  });

  it('rejects an app without a service principal in the tenant with AADSTS700016', async () => {
    const contosoAdmin = sim.tenants.find((t) => t.key === 'contoso');
    const { status, body } = await requestToken(fabrikamId, {
      grant_type: 'client_credentials',
      client_id: contosoAdmin?.clientId ?? '',
      client_secret: contosoAdmin?.clientSecret ?? '',
      scope: graphScope,
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('rejects a wrong secret with 401 invalid_client AADSTS7000215 and does not echo the secret', async () => {
    const { clientId } = xtsync();
    const { status, body } = await requestToken(contosoId, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: 'not-the-secret-at-all-123',
      scope: graphScope,
    });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(JSON.stringify(body)).not.toContain('not-the-secret-at-all-123');
  });

  it('works with ClientSecretCredential and counts one token request while its cache is fresh', async () => {
    const { clientId, secret } = xtsync();
    const credential = new ClientSecretCredential(contosoId, clientId, secret, {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
    });
    const before = sim.stats.snapshot().tenants.contoso?.tokenRequests[clientId] ?? 0;
    const first = await credential.getToken(graphScope);
    const second = await credential.getToken(graphScope);
    expect(second.token).toBe(first.token);
    expect(sim.stats.snapshot().tenants.contoso?.tokenRequests[clientId]).toBe(before + 1);
  });

  it('works with ClientCertificateCredential for a certificate registered on the app', async () => {
    const credential = new ClientCertificateCredential(
      contosoId,
      'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      { certificate: `${registered.key}\n${registered.cert}` },
      { authorityHost: sim.authorityHost, disableInstanceDiscovery: true },
    );
    const token = await credential.getToken(graphScope);
    const response = await fetch(`${sim.baseUrl}/v1.0/users?$top=1`, {
      headers: { Authorization: `Bearer ${token.token}` },
    });
    expect(response.status).toBe(200);
  });

  it('refuses a client assertion signed by a certificate the app does not have', async () => {
    const credential = new ClientCertificateCredential(
      contosoId,
      'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      { certificate: `${unregistered.key}\n${unregistered.cert}` },
      { authorityHost: sim.authorityHost, disableInstanceDiscovery: true },
    );
    await expect(credential.getToken(graphScope)).rejects.toThrow(/AADSTS700027/);
  });
});
