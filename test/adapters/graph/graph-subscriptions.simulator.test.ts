/**
 * Subscriptions and `$batch` end to end against the local Graph simulator, with a local webhook receiver
 * that answers Graph's validation handshake.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGraphBatch } from '../../../src/adapters/graph/graph-batch.js';
import {
  createGraphDirectoryProvider,
  type GraphDirectoryProvider,
} from '../../../src/adapters/graph/graph-client-factory.js';
import { createGraphSubscriptionGateway } from '../../../src/adapters/graph/graph-subscriptions.js';
import type { SubscriptionGateway } from '../../../src/app/ports.js';
import { anchorAttributeName } from '../../../src/core/anchors.js';
import { startTestGraphSimulator, type GraphSimulator } from '../../support/graph-simulator.js';

const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const contoso = '11111111-1111-4111-8111-111111111111';
const fabrikam = '22222222-2222-4222-8222-222222222222';
const adele = '10000000-0000-4000-8000-000000000001';
const fabrikamUsers = [
  '20000000-0000-4000-8000-000000000001',
  '20000000-0000-4000-8000-000000000002',
  '20000000-0000-4000-8000-000000000003',
];
const clientState = 'xtsync-client-state-0123456789';

interface Webhook {
  readonly url: string;
  readonly validations: string[];
  readonly notifications: { path: string; body: { value: Record<string, unknown>[] } }[];
  close(): Promise<void>;
}

/** A minimal notification endpoint: echoes validation tokens as text/plain and records notification POSTs. */
async function startWebhook(): Promise<Webhook> {
  const validations: string[] = [];
  const notifications: Webhook['notifications'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        validations.push(url.pathname);
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
        return;
      }
      notifications.push({
        path: url.pathname,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Webhook['notifications'][number]['body'],
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    validations,
    notifications,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Graph subscriptions and batches on the simulator', () => {
  let sim: GraphSimulator;
  let webhook: Webhook;
  let graph: GraphDirectoryProvider;
  let gateway: SubscriptionGateway;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    webhook = await startWebhook();
    const secret = sim.applications.find((a) => a.key === 'xtsync')?.secrets[0] ?? '';
    const auth = (tenantId: string) => ({ type: 'client-secret', tenantId, clientId, clientSecret: secret });
    graph = createGraphDirectoryProvider({
      tenants: { [contoso]: auth(contoso), [fabrikam]: auth(fabrikam) },
      graphBaseUrl: sim.baseUrl,
      authorityHost: sim.authorityHost,
      anchorAttribute: anchorAttributeName(clientId),
      retry: { maxRetries: 2, delaySeconds: 0 },
    });
    gateway = createGraphSubscriptionGateway(graph);
  });
  afterAll(async () => {
    await sim.close();
    await webhook.close();
  });

  it('creates, lists, renews, reauthorizes and deletes a users subscription that delivers notifications', async () => {
    const expiry = new Date(Date.now() + 2 * 86_400_000);
    const created = await gateway.create(contoso, {
      notificationUrl: `${webhook.url}/api/notify?code=k`,
      lifecycleNotificationUrl: `${webhook.url}/api/lifecycle?code=k`,
      clientState,
      expirationDateTime: expiry,
    });
    expect(created).toMatchObject({
      resource: 'users',
      changeType: 'updated,deleted',
      notificationUrl: `${webhook.url}/api/notify?code=k`,
    });
    expect(JSON.stringify(created)).not.toContain(clientState);
    expect(webhook.validations).toEqual(expect.arrayContaining(['/api/notify', '/api/lifecycle']));
    expect((await gateway.list(contoso)).map((s) => s.id)).toContain(created.id);

    await graph.forTenant(contoso).updateUser(adele, { jobTitle: 'Sales Director' });
    await waitFor(() =>
      webhook.notifications.some((n) => n.body.value.some((item) => item.subscriptionId === created.id)),
    );
    const item = webhook.notifications
      .flatMap((n) => n.body.value)
      .find((i) => i.subscriptionId === created.id);
    expect(item).toMatchObject({
      changeType: 'updated',
      clientState,
      tenantId: contoso,
      resourceData: expect.objectContaining({ id: adele }) as unknown,
    });

    const later = new Date(Date.now() + 20 * 86_400_000);
    const renewed = await gateway.renew(contoso, created.id, later);
    expect(Date.parse(renewed?.expirationDateTime ?? '')).toBe(later.getTime());
    expect(await gateway.reauthorize(contoso, created.id)).toBe(true);
    expect(await gateway.delete(contoso, created.id)).toBe(true);

    expect(await gateway.renew(contoso, created.id, later)).toBeNull();
    expect(await gateway.reauthorize(contoso, created.id)).toBe(false);
    expect(await gateway.delete(contoso, created.id)).toBe(false);
    expect((await gateway.list(contoso)).map((s) => s.id)).not.toContain(created.id);
  });

  it('runs PATCHes in one batch and retries only the item Graph throttled', async () => {
    const [first, second, third] = fabrikamUsers as [string, string, string];
    sim.stats.reset();
    sim.control.addFault({
      tenantId: 'fabrikam',
      method: 'PATCH',
      pathPrefix: `/users/${second}`,
      status: 429,
      count: 1,
      retryAfterSeconds: 0.1,
    });
    const results = await runGraphBatch(
      graph.clientFor(fabrikam),
      [
        { id: '1', method: 'PATCH', url: `/users/${first}`, body: { jobTitle: 'Batch 1' } },
        { id: '2', method: 'PATCH', url: `/users/${second}`, body: { jobTitle: 'Batch 2' } },
        { id: '3', method: 'PATCH', url: `/users/${third}`, body: { jobTitle: 'Batch 3' } },
        { id: '4', method: 'GET', url: `/users/${first}?$select=displayName` },
      ],
      { tenantId: fabrikam },
    );
    expect([...results.entries()].map(([id, r]) => [id, r.status]).sort()).toEqual([
      ['1', 204],
      ['2', 204],
      ['3', 204],
      ['4', 200],
    ]);
    const stats = sim.stats.snapshot().tenants.fabrikam;
    expect(stats?.writes.userUpdate).toBe(3);
    expect(stats?.faultsInjected).toBe(1);
    const directory = graph.forTenant(fabrikam);
    for (const [index, id] of [first, second, third].entries()) {
      expect((await directory.getUser(id, ['jobTitle']))?.attributes.jobTitle).toBe(`Batch ${index + 1}`);
    }
  });
});
