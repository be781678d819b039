import type { TokenCredential } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { createServiceBusClient } from '../../../src/adapters/service-bus/service-bus-client.js';
import { isSyncError, type SyncError } from '../../../src/core/sync-errors.js';

const credential: TokenCredential = {
  getToken: () => Promise.resolve({ token: 'unused', expiresOnTimestamp: Date.now() + 60_000 }),
};
const connectionString =
  'Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=local;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true';

function failureOf(build: () => unknown): SyncError {
  try {
    build();
  } catch (error) {
    if (isSyncError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('createServiceBusClient', () => {
  it('builds a client for the namespace of a connection string', async () => {
    const client = createServiceBusClient({ connectionString });

    expect(client.fullyQualifiedNamespace).toBe('127.0.0.1');
    await client.close();
  });

  it('builds an identity-based client for a fully-qualified namespace', async () => {
    const client = createServiceBusClient({
      fullyQualifiedNamespace: 'sb-xtsync.servicebus.windows.net',
      credential,
    });

    expect(client.fullyQualifiedNamespace).toBe('sb-xtsync.servicebus.windows.net');
    await client.close();
  });

  it('names both settings when neither is given', () => {
    const failure = failureOf(() => createServiceBusClient({}));

    expect(failure.code).toBe('CONFIG.INVALID');
    expect(failure.message).toContain('ServiceBusConnection');
    expect(failure.message).toContain('ServiceBusConnection__fullyQualifiedNamespace');
  });

  it('refuses a namespace without a credential to sign in with', () => {
    const failure = failureOf(() =>
      createServiceBusClient({ fullyQualifiedNamespace: 'sb-x.servicebus.windows.net' }),
    );

    expect(failure.message).toMatch(/ServiceBusConnection__fullyQualifiedNamespace .*no credential/);
  });

  it('refuses a namespace given as a URL', () => {
    const failure = failureOf(() =>
      createServiceBusClient({ fullyQualifiedNamespace: 'sb://sb-x.servicebus.windows.net/', credential }),
    );

    expect(failure.message).toContain('ServiceBusConnection__fullyQualifiedNamespace');
  });

  it('refuses two ways at once rather than guessing', () => {
    const failure = failureOf(() =>
      createServiceBusClient({
        connectionString,
        fullyQualifiedNamespace: 'sb-x.servicebus.windows.net',
        credential,
      }),
    );

    expect(failure.message).toContain('not both');
  });

  it('never repeats a malformed connection string, which may hold a key', () => {
    const failure = failureOf(() =>
      createServiceBusClient({ connectionString: 'SharedAccessKey=top-secret-key' }),
    );

    expect(failure.message).toContain('ServiceBusConnection');
    expect(failure.message).not.toContain('top-secret-key');
  });
});
