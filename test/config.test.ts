import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { SyncError } from '../src/core/sync-errors.js';

const minimal = {
  TablesConnection: 'UseDevelopmentStorage=true',
  ServiceBusConnection:
    'Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=s;UseDevelopmentEmulator=true',
  XTSYNC_PUBLIC_BASE_URL: 'https://xtsync.example.net/',
  XTSYNC_APP_CLIENT_ID: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
};

function configError(env: Record<string, string | undefined>): SyncError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('applies defaults for every optional setting', () => {
    const config = loadConfig(minimal);
    expect(config.sourceQueueName).toBe('source-changes');
    expect(config.targetTopicName).toBe('target-changes');
    expect(config.graphBaseUrl).toBe('https://graph.microsoft.com');
    expect(config.authorityHost).toBe('https://login.microsoftonline.com');
    expect(config.reconcileSchedule).toBe('0 */30 * * * *');
    expect(config.publicBaseUrl).toBe('https://xtsync.example.net');
    expect(config.appClientId).toBe('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    expect(config.targets).toEqual([]);
    expect(config.appCredential).toBeNull();
  });

  it('parses the per-target list into keys and lower-case tenant ids', () => {
    const config = loadConfig({
      ...minimal,
      XTSYNC_TARGETS:
        'fabrikam=22222222-2222-4222-8222-222222222222, northwind=33333333-3333-4333-8333-33333333333A',
    });
    expect(config.targets).toEqual([
      { key: 'fabrikam', tenantId: '22222222-2222-4222-8222-222222222222' },
      { key: 'northwind', tenantId: '33333333-3333-4333-8333-33333333333a' },
    ]);
  });

  it('prefers identity-based connections when no connection string is set', () => {
    const config = loadConfig({
      XTSYNC_PUBLIC_BASE_URL: 'https://xtsync.example.net',
      XTSYNC_APP_CLIENT_ID: minimal.XTSYNC_APP_CLIENT_ID,
      TablesConnection__endpoint: 'https://st.table.core.windows.net',
      ServiceBusConnection__fullyQualifiedNamespace: 'sb-x.servicebus.windows.net',
      XTSYNC_MANAGED_IDENTITY_CLIENT_ID: '99999999-9999-4999-8999-999999999999',
    });
    expect(config.tables).toEqual({ kind: 'endpoint', endpoint: 'https://st.table.core.windows.net' });
    expect(config.serviceBus).toEqual({
      kind: 'namespace',
      fullyQualifiedNamespace: 'sb-x.servicebus.windows.net',
    });
    expect(config.appCredential).toEqual({
      kind: 'managed-identity-federation',
      managedIdentityClientId: '99999999-9999-4999-8999-999999999999',
    });
  });

  it('lists every missing or invalid setting in one error', () => {
    const error = configError({
      XTSYNC_TARGETS: 'fabrikam=not-a-guid',
      XTSYNC_PUBLIC_BASE_URL: 'http://example.com',
    });
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.message).toContain('XTSYNC_APP_CLIENT_ID');
    expect(error.message).toContain('XTSYNC_PUBLIC_BASE_URL');
    expect(error.message).toContain("entry 'fabrikam=not-a-guid'");
  });

  it('names the missing connection settings', () => {
    const error = configError({
      XTSYNC_PUBLIC_BASE_URL: minimal.XTSYNC_PUBLIC_BASE_URL,
      XTSYNC_APP_CLIENT_ID: minimal.XTSYNC_APP_CLIENT_ID,
    });
    expect(error.message).toContain('TablesConnection or TablesConnection__endpoint');
    expect(error.message).toContain('ServiceBusConnection or ServiceBusConnection__fullyQualifiedNamespace');
  });

  it('never echoes a secret value in its errors', () => {
    const error = configError({
      ...minimal,
      XTSYNC_APP_CLIENT_SECRET: 'super-secret-value',
      XTSYNC_APP_CLIENT_ID: 'x',
    });
    expect(error.message).not.toContain('super-secret-value');
  });

  it('reads named secret settings for topology credentials', () => {
    const config = loadConfig({ ...minimal, CONTOSO_SECRET: 's3cret' });
    expect(config.readSecretSetting('CONTOSO_SECRET')).toBe('s3cret');
    expect(config.readSecretSetting('MISSING')).toBeUndefined();
  });
});
