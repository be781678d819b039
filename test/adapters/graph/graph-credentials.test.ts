import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenantCredential } from '../../../src/adapters/graph/graph-credentials.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { startGraphStub, type GraphStub } from './graph-stub-server.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const secret = 'super-secret-value-do-not-print';
const graphScope = 'https://graph.microsoft.com/.default';

/** Runs `build` and returns the CONFIG.INVALID message it throws. */
function configProblem(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (isSyncError(error, 'CONFIG.INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected CONFIG.INVALID');
}

function decodeJwtPart(jwt: string, index: number): Record<string, unknown> {
  const part = jwt.split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('createTenantCredential', () => {
  let stub: GraphStub;
  let dir: string;
  let rsaPem: string;

  beforeAll(async () => {
    stub = await startGraphStub();
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-graph-cred-'));
    // MSAL signs client assertions with RSA, so the app certificate is RSA (the TLS one is EC).
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'xtsync-test-app' }], {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    });
    rsaPem = `${pems.private}\n${pems.cert}`;
  });
  afterEach(() => {
    stub.reset();
  });
  afterAll(async () => {
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('client secret', () => {
    it('gets a token from a non-public authority without instance discovery, sending the secret only there', async () => {
      const credential = createTenantCredential(
        { type: 'client-secret', tenantId, clientId, clientSecret: secret },
        { authorityHost: stub.authorityHost },
      );
      const token = await credential.getToken(graphScope);
      expect(token?.token).toMatch(/^stub-token-/);
      expect(stub.tokenRequests).toHaveLength(1);
      const form = stub.tokenRequests[0]?.form;
      expect(stub.tokenRequests[0]?.tenant).toBe(tenantId);
      expect(form?.get('client_id')).toBe(clientId);
      expect(form?.get('client_secret')).toBe(secret);
      expect(form?.get('grant_type')).toBe('client_credentials');
    });

    it('reads the secret from the named setting', async () => {
      const credential = createTenantCredential(
        { type: 'client-secret', tenantId, clientId, secretSetting: 'XTSYNC_APP_CLIENT_SECRET' },
        { authorityHost: stub.authorityHost, secrets: { XTSYNC_APP_CLIENT_SECRET: secret } },
      );
      await credential.getToken(graphScope);
      expect(stub.tokenRequests[0]?.form.get('client_secret')).toBe(secret);
    });

    it('names the setting when it is not set', () => {
      const message = configProblem(() =>
        createTenantCredential(
          { type: 'client-secret', tenantId, clientId, secretSetting: 'XTSYNC_APP_CLIENT_SECRET' },
          { secrets: (name) => (name === 'OTHER' ? secret : undefined) },
        ),
      );
      expect(message).toContain('setting XTSYNC_APP_CLIENT_SECRET is not set or empty');
      expect(message).toContain(tenantId);
    });

    it('names the missing secret field', () => {
      expect(
        configProblem(() => createTenantCredential({ type: 'client-secret', tenantId, clientId })),
      ).toMatch(/clientSecret: missing/);
    });

    it('never puts the secret in the message when the rest of the config is wrong', () => {
      const message = configProblem(() =>
        createTenantCredential({
          type: 'client-secret',
          tenantId: 'contoso',
          clientId: 42,
          clientSecret: secret,
          extra: secret,
        }),
      );
      expect(message).toMatch(/tenantId: expected a GUID/);
      expect(message).toMatch(/clientId:/);
      expect(message).not.toContain(secret);
    });
  });

  describe('configuration errors', () => {
    it('refuses an http authority and names the setting', () => {
      const message = configProblem(() =>
        createTenantCredential(
          { type: 'client-secret', tenantId, clientId, clientSecret: secret },
          { authorityHost: 'http://localhost:8443' },
        ),
      );
      expect(message).toMatch(/authorityHost \(GRAPH_AUTHORITY_HOST\): must use https/);
    });

    it('refuses a missing clientId', () => {
      expect(
        configProblem(() =>
          createTenantCredential({ type: 'client-secret', tenantId, clientSecret: secret }),
        ),
      ).toMatch(/clientId:/);
    });

    it('refuses an unknown auth type and lists the known ones', () => {
      expect(configProblem(() => createTenantCredential({ type: 'password', tenantId, clientId }))).toMatch(
        /type: expected one of client-secret, certificate, managed-identity-federation/,
      );
    });

    it('names an unreadable certificate file and the field', () => {
      const missing = path.join(dir, 'missing.pem');
      const message = configProblem(() =>
        createTenantCredential({ type: 'certificate', tenantId, clientId, certificatePath: missing }),
      );
      expect(message).toContain(`certificatePath: cannot read certificate file '${missing}' (ENOENT)`);
    });

    it('refuses a PEM without a private key', async () => {
      const file = path.join(dir, 'cert-only.pem');
      await writeFile(file, rsaPem.slice(rsaPem.indexOf('-----BEGIN CERTIFICATE-----')));
      expect(
        configProblem(() =>
          createTenantCredential({ type: 'certificate', tenantId, clientId, certificatePath: file }),
        ),
      ).toMatch(/certificatePath: expected a PEM with both a CERTIFICATE and a PRIVATE KEY block/);
    });

    it('refuses a certificate setting that is empty, naming the setting', () => {
      expect(
        configProblem(() =>
          createTenantCredential(
            { type: 'certificate', tenantId, clientId, certificateSetting: 'CONTOSO_CERT' },
            { secrets: { CONTOSO_CERT: ' ' } },
          ),
        ),
      ).toMatch(/certificateSetting: setting CONTOSO_CERT is not set or empty/);
    });
  });

  describe('certificate', () => {
    it('signs a client assertion with the certificate from a file', async () => {
      const file = path.join(dir, 'app.pem');
      await writeFile(file, rsaPem);
      const credential = createTenantCredential(
        { type: 'certificate', tenantId, clientId, certificatePath: file },
        { authorityHost: stub.authorityHost },
      );
      await credential.getToken(graphScope);
      const form = stub.tokenRequests[0]?.form;
      expect(form?.get('client_assertion_type')).toBe(
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      );
      const assertion = form?.get('client_assertion') ?? '';
      expect(decodeJwtPart(assertion, 1)).toMatchObject({ iss: clientId, sub: clientId });
      expect(decodeJwtPart(assertion, 0)).toHaveProperty('alg');
      expect(form?.has('client_secret')).toBe(false);
    });

    it('accepts the PEM text from a setting', async () => {
      const credential = createTenantCredential(
        { type: 'certificate', tenantId, clientId, certificateSetting: 'APP_CERT' },
        { authorityHost: stub.authorityHost, secrets: { APP_CERT: rsaPem } },
      );
      await credential.getToken(graphScope);
      expect(stub.tokenRequests[0]?.form.get('client_assertion')).toMatch(/^eyJ/);
    });
  });

  describe('managed identity as federated credential', () => {
    let identityEndpoint: Server;
    const identityRequests: URL[] = [];
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

    beforeAll(async () => {
      // The App Service / Functions managed-identity endpoint, as the platform exposes it to the app.
      identityEndpoint = createServer((req, res) => {
        identityRequests.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: 'mi-assertion-token',
            expires_on: String(Math.floor(Date.now() / 1000) + 3600),
            resource: 'api://AzureADTokenExchange',
            token_type: 'Bearer',
          }),
        );
      });
      await new Promise<void>((resolve) => identityEndpoint.listen(0, '127.0.0.1', resolve));
      const { port } = identityEndpoint.address() as AddressInfo;
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${port}/msi/token`;
      process.env.IDENTITY_HEADER = 'test-identity-header';
    });
    afterAll(async () => {
      if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
      else process.env.IDENTITY_ENDPOINT = saved.endpoint;
      if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
      else process.env.IDENTITY_HEADER = saved.header;
      await new Promise<void>((resolve) =>
        identityEndpoint.close(() => {
          resolve();
        }),
      );
    });

    it('uses the managed identity token for the token-exchange audience as the client assertion', async () => {
      const managedIdentityClientId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
      const credential = createTenantCredential(
        { type: 'managed-identity-federation', tenantId, clientId, managedIdentityClientId },
        { authorityHost: stub.authorityHost },
      );
      await credential.getToken(graphScope);
      expect(identityRequests[0]?.searchParams.get('resource')).toBe('api://AzureADTokenExchange');
      expect(identityRequests[0]?.searchParams.get('client_id')).toBe(managedIdentityClientId);
      const form = stub.tokenRequests[0]?.form;
      expect(stub.tokenRequests[0]?.tenant).toBe(tenantId);
      expect(form?.get('client_id')).toBe(clientId);
      expect(form?.get('client_assertion')).toBe('mi-assertion-token');
    });
  });
});
