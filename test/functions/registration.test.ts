/**
 * What the Azure Functions host receives from src/functions/index.ts: the worker normally provides
 * `@azure/functions-core`; here a stand-in records every `registerFunction(metadata, handler)` so the
 * bindings (names, routes, auth levels, queues, topics, subscriptions, sessions) are checked without the host.
 * This leans on the library's internal contract (azure-platform.md §1.5), so it is this one test.
 */
import Module from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

interface Binding {
  readonly type: string;
  readonly direction: string;
  readonly [key: string]: unknown;
}
interface Registered {
  readonly name: string;
  readonly bindings: Record<string, Binding>;
}

const registered: Registered[] = [];
const fakeCorePath = '/virtual/@azure/functions-core.js';

function installFakeCore(): void {
  const moduleWithPrivates = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = moduleWithPrivates._resolveFilename;
  moduleWithPrivates._resolveFilename = (request, ...rest) =>
    request === '@azure/functions-core' ? fakeCorePath : resolve(request, ...rest);
  const fake = new Module(fakeCorePath);
  fake.filename = fakeCorePath;
  fake.loaded = true;
  fake.exports = {
    setProgrammingModel: () => undefined,
    registerHook: () => ({ dispose: () => undefined }),
    registerFunction: (metadata: Registered) => {
      registered.push(metadata);
      return { dispose: () => undefined };
    },
  };
  moduleWithPrivates._cache[fakeCorePath] = fake;
}

describe('function registration for the Azure Functions host', () => {
  beforeAll(async () => {
    installFakeCore();
    Object.assign(process.env, {
      TablesConnection__endpoint: 'https://stxtsync.table.core.windows.net',
      ServiceBusConnection__fullyQualifiedNamespace: 'sb-xtsync.servicebus.windows.net',
      XTSYNC_TARGETS:
        'fabrikam=22222222-2222-4222-8222-222222222222,northwind=33333333-3333-4333-8333-333333333333',
      XTSYNC_PUBLIC_BASE_URL: 'https://func-xtsync.azurewebsites.net',
      XTSYNC_APP_CLIENT_ID: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      XTSYNC_MANAGED_IDENTITY_CLIENT_ID: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    });
    await import('../../src/functions/index.js');
  });

  const trigger = (name: string): Binding => {
    const found = registered.find((r) => r.name === name);
    if (!found)
      throw new Error(`function ${name} was not registered; got ${registered.map((r) => r.name).join(', ')}`);
    const binding = Object.values(found.bindings).find(
      (b) => b.direction === 'in' && b.type.endsWith('Trigger'),
    );
    if (!binding) throw new Error(`function ${name} has no trigger`);
    return binding;
  };

  it('registers the webhook endpoints anonymously (the client state authenticates Graph)', () => {
    expect(trigger('graph-notifications')).toMatchObject({
      type: 'httpTrigger',
      route: 'graph-notifications',
      authLevel: 'anonymous',
      methods: ['POST'],
    });
    expect(trigger('graph-lifecycle')).toMatchObject({
      type: 'httpTrigger',
      route: 'graph-lifecycle',
      authLevel: 'anonymous',
      methods: ['POST'],
    });
  });

  it('protects the admin endpoints with a function key', () => {
    expect(trigger('provisioning-logs')).toMatchObject({
      type: 'httpTrigger',
      route: 'provisioning-logs',
      authLevel: 'function',
      methods: ['GET'],
    });
    expect(trigger('topology')).toMatchObject({
      type: 'httpTrigger',
      route: 'topology',
      authLevel: 'function',
      methods: ['GET', 'POST'],
    });
    expect(trigger('health')).toMatchObject({ type: 'httpTrigger', route: 'health', authLevel: 'anonymous' });
    expect(trigger('resync')).toMatchObject({
      type: 'httpTrigger',
      route: 'resync',
      authLevel: 'function',
      methods: ['POST'],
    });
    expect(trigger('jobs')).toMatchObject({
      type: 'httpTrigger',
      route: 'jobs/{id?}',
      authLevel: 'function',
      methods: ['GET'],
    });
  });

  it('protects the safety-rail endpoints with a function key', () => {
    const routes = [
      ['status', 'status', ['GET']],
      ['sync-control', 'syncs/{id}/{action}', ['POST']],
      ['guards', 'guards', ['GET']],
      ['guard-decision', 'guards/{id}/{decision}', ['POST']],
      ['dead-letters-replay', 'dead-letters/replay', ['POST']],
      ['dead-letters-discard', 'dead-letters/discard', ['POST']],
    ] as const;
    for (const [name, route, methods] of routes) {
      expect(trigger(name)).toMatchObject({ type: 'httpTrigger', route, authLevel: 'function', methods });
    }
  });

  it('reconciles on the schedule from settings and on demand behind a function key', () => {
    expect(trigger('reconcile')).toMatchObject({
      type: 'timerTrigger',
      schedule: '0 */30 * * * *',
      runOnStartup: false,
    });
    expect(trigger('reconcile-now')).toMatchObject({
      type: 'httpTrigger',
      route: 'reconcile',
      authLevel: 'function',
      methods: ['POST'],
    });
  });

  it('drains from the source-changes queue with sessions, one message at a time', () => {
    expect(trigger('drain-source')).toMatchObject({
      type: 'serviceBusTrigger',
      queueName: 'source-changes',
      connection: 'ServiceBusConnection',
      isSessionsEnabled: true,
      cardinality: 'one',
    });
  });

  it('registers one apply function per target tenant on its own session-enabled subscription', () => {
    for (const key of ['fabrikam', 'northwind']) {
      expect(trigger(`apply-to-${key}`)).toMatchObject({
        type: 'serviceBusTrigger',
        topicName: 'target-changes',
        subscriptionName: `target-${key}`,
        connection: 'ServiceBusConnection',
        isSessionsEnabled: true,
        cardinality: 'one',
      });
    }
    expect(registered.filter((r) => r.name.startsWith('apply-to-'))).toHaveLength(2);
  });
});
