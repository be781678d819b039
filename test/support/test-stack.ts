/**
 * The local stack for end-to-end tests: Azurite from the global setup (fresh table prefix), the Graph
 * simulator with the trusted test certificate, the in-process bus and the dev host on a random port, and
 * the real Graph client for each tenant's admin — as an administrator would drive real tenants.
 */
import { readFile } from 'node:fs/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import {
  createTableStateStore,
  type StateStore,
} from '../../src/adapters/tables/create-table-state-store.js';
import { createTableClients } from '../../src/adapters/tables/table-clients.js';
import {
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from '../../src/local/stack/start-local-stack.js';
import { createAdminGraphClient } from './graph-simulator.js';
import { readTestCertificate } from './test-certificate.js';
import { createTestLogger } from './test-logger.js';
import { aTablePrefix, testTablesConnectionString } from './test-tables.js';

export interface TestStack extends LocalStack {
  /** The stack's state tables (same Azurite and prefix), to inspect links, subscriptions and dead letters. */
  readonly state: StateStore;
  /** The real Graph client of a tenant's admin app (by tenant key). */
  admin(tenantKey: string): Client;
  readonly provisioning: ProvisioningLogEntry[];
  readonly logs: ReturnType<typeof createTestLogger>;
}

/** Starts the stack on `examples/<file>` (or given topology text); always `stop()` it in afterAll. */
export async function startTestStack(
  topology: { readonly example: string } | { readonly source: string },
  options: Partial<Omit<LocalStackOptions, 'topology' | 'certificate' | 'logger'>> = {},
): Promise<TestStack> {
  const source =
    'example' in topology ? await readFile(`examples/${topology.example}`, 'utf8') : topology.source;
  const logs = createTestLogger();
  const provisioning: ProvisioningLogEntry[] = [];
  const stack = await startLocalStack({
    topology: { source, fileName: 'example' in topology ? topology.example : 'topology.yaml' },
    certificate: await readTestCertificate(),
    tablesConnectionString: testTablesConnectionString(),
    tablePrefix: aTablePrefix(),
    devHostPort: 0,
    logger: logs.logger,
    graphRetry: { maxRetries: 3, delaySeconds: 0, maxRetryAfterSeconds: 2 },
    retryPolicy: { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 2_000 },
    drainSettings: {
      recheckDelaysMs: [200, 400, 800, 1_600, 3_200],
      settleAfterMs: 2_000,
      settleBucketMs: 1_000,
    },
    onProvisioningLogEntry: (entry) => provisioning.push(entry),
    // The reconcile timer would fire at :00 and :30 in the middle of unrelated tests; tests that need a
    // reconcile run it themselves (POST /api/reconcile), or pass `timers: true`.
    timers: false,
    ...options,
    simulator: {
      throttle: 'off',
      validationTimeoutMs: 5_000,
      delivery: {
        timeoutMs: 2_000,
        initialRetryDelayMs: 50,
        maxRetryDelayMs: 500,
        maxRetryDurationMs: 10_000,
      },
      ...options.simulator,
    },
  });
  const clients = new Map<string, Client>();
  return {
    ...stack,
    state: createTableStateStore(
      createTableClients(
        { connectionString: stack.storageConnectionString },
        { tablePrefix: stack.tablePrefix },
      ),
    ),
    provisioning,
    logs,
    admin: (tenantKey) => {
      let client = clients.get(tenantKey);
      if (!client) {
        client = createAdminGraphClient(stack.graph, tenantKey);
        clients.set(tenantKey, client);
      }
      return client;
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
