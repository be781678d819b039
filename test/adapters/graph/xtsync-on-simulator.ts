/**
 * The `xtsync` app on a test Graph simulator, for the adapters' end-to-end suites: the default seed plus an
 * RSA certificate registered on the app, and woodgrove as a tenant where the app may only read.
 */
import selfsigned from 'selfsigned';
import {
  createGraphDirectoryProvider,
  type GraphDirectoryProvider,
  type GraphRetryOptions,
} from '../../../src/adapters/graph/graph-client-factory.js';
import { anchorAttributeName } from '../../../src/core/anchors.js';
import { isSyncError, type SyncError } from '../../../src/core/sync-errors.js';
import { loadDefaultSeed } from '../../../src/local/graph-simulator/default-seed.js';
import { startTestGraphSimulator, type GraphSimulator } from '../../support/graph-simulator.js';

export const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const contoso = '11111111-1111-4111-8111-111111111111';
export const fabrikam = '22222222-2222-4222-8222-222222222222';
export const woodgrove = '44444444-4444-4444-8444-444444444444';
export const anchorAttribute = anchorAttributeName(clientId);

/** A simulator running the seed variant, with what the adapters need to sign in as `xtsync`. */
export interface XtsyncSimulator {
  readonly sim: GraphSimulator;
  /** The app's generated client secret. */
  readonly secret: string;
  /** PEM (private key + certificate) of a certificate registered on the app. */
  readonly certificatePem: string;
  /** A client-secret auth config for a tenant (optionally with another secret). */
  secretAuth(tenantId: string, clientSecret?: string): Record<string, string>;
  /** A fresh provider (own credentials and token caches) for the given auth configs. */
  provider(tenants: Record<string, unknown>, retry?: GraphRetryOptions): GraphDirectoryProvider;
}

/** Starts the simulator for a test file; close `sim` in `afterAll`. */
export async function startXtsyncSimulator(): Promise<XtsyncSimulator> {
  const seed = await loadDefaultSeed();
  // MSAL signs client assertions with RSA keys; the simulator checks them against the app's certificates.
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'xtsync' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  seed.applications.find((a) => a.key === 'xtsync')?.certificates.push(pems.cert);
  const woodgroveGrant = seed.tenants
    .find((t) => t.key === 'woodgrove')
    ?.servicePrincipals.find((s) => s.app === 'xtsync');
  if (woodgroveGrant !== undefined) woodgroveGrant.roles = ['User.Read.All'];
  const sim = await startTestGraphSimulator({ seed });
  const secret = sim.applications.find((a) => a.key === 'xtsync')?.secrets[0] ?? '';
  return {
    sim,
    secret,
    certificatePem: `${pems.private}\n${pems.cert}`,
    secretAuth: (tenantId, clientSecret = secret) => ({
      type: 'client-secret',
      tenantId,
      clientId,
      clientSecret,
    }),
    provider: (tenants, retry = { maxRetries: 2, delaySeconds: 0 }) =>
      createGraphDirectoryProvider({
        tenants,
        graphBaseUrl: sim.baseUrl,
        authorityHost: sim.authorityHost,
        anchorAttribute,
        retry,
      }),
  };
}

/** The SyncError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSyncError(error)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}
