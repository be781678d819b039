/**
 * The doctor end to end as a deployment wires it: `createDoctorDeps` over the Graph simulator (real
 * `@azure/identity` and Graph client), Azurite tables and the local in-process bus, with a subscription
 * made by the same use case `topology apply` runs. One tenant is all green; each other one has one problem.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoctorDeps } from '../../../src/adapters/doctor/create-doctor-deps.js';
import { createGraphClientPool } from '../../../src/adapters/graph/graph-client-factory.js';
import { createGraphSubscriptionGateway } from '../../../src/adapters/graph/graph-subscriptions.js';
import type { DoctorCheck, DoctorReport } from '../../../src/app/doctor-report.js';
import { ensureSourceSubscription } from '../../../src/app/maintain-subscriptions.js';
import { runDoctor } from '../../../src/app/run-doctor.js';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { createInProcessBus, type InProcessBus } from '../../../src/local/in-process-bus/in-process-bus.js';
import { createInProcessBusProbe } from '../../../src/local/in-process-bus/in-process-bus-probe.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';
import { createInMemoryState } from '../../support/fakes/in-memory-state.js';
import { startTestGraphSimulator, type GraphSimulator } from '../../support/graph-simulator.js';
import { createTestTableClients } from '../../support/test-tables.js';
import { createTestLogger } from '../../support/test-logger.js';
import {
  aDoctorSeed,
  clientId,
  contoso,
  fabrikam,
  northwind,
  tailspin,
  woodgrove,
} from '../graph/doctor-seed.js';

const topologyFile = `version: 1
defaults:
  auth: { type: client-secret, clientId: ${clientId}, secretSetting: XTSYNC_APP_CLIENT_SECRET }
tenants:
  - { key: contoso, tenantId: ${contoso} }
  - { key: fabrikam, tenantId: ${fabrikam} }
  - { key: northwind, tenantId: ${northwind} }
  - { key: woodgrove, tenantId: ${woodgrove} }
  - { key: tailspin, tenantId: ${tailspin} }
syncs:
  - { id: contoso-to-fabrikam, from: contoso, to: fabrikam }
  - { id: contoso-to-northwind, from: contoso, to: northwind }
  - { id: contoso-to-woodgrove, from: contoso, to: woodgrove }
  - { id: contoso-to-tailspin, from: contoso, to: tailspin }
`;

/** Answers Graph's validation handshake, as the graph-notifications function does. */
async function startHandshakeEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('validationToken');
    response.writeHead(token === null ? 202 : 200, { 'content-type': 'text/plain' }).end(token ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function checkOf(report: DoctorReport, id: string): DoctorCheck {
  const check = report.checks.find((candidate) => candidate.id === id);
  if (check === undefined) throw new Error(`no check ${id}`);
  return check;
}

describe('the doctor on the Graph simulator', () => {
  let sim: GraphSimulator;
  let endpoint: { url: string; server: Server };
  let bus: InProcessBus;
  let report: DoctorReport;
  const logs = createTestLogger();

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ seed: await aDoctorSeed() });
    endpoint = await startHandshakeEndpoint();
    const secret = sim.applications.find((app) => app.key === 'xtsync')?.secrets[0] ?? '';
    const graph = { authorityHost: sim.authorityHost, graphBaseUrl: sim.baseUrl };
    const clock = { now: () => new Date() };
    const { subscriptions } = createInMemoryState({ clock });
    await ensureSourceSubscription(contoso, {
      subscriptions,
      gateway: createGraphSubscriptionGateway(
        createGraphClientPool(
          { [contoso]: { type: 'client-secret', tenantId: contoso, clientId, clientSecret: secret } },
          graph,
        ),
      ),
      clock,
      logger: logs.logger,
      publicBaseUrl: endpoint.url,
    });
    bus = createInProcessBus({
      entities: declareSyncEntities({
        sourceQueueName: 'source-changes',
        targetTopicName: 'target-changes',
        // As deployed: tailspin was never added to the targets, so its subscription is missing.
        targets: [
          { key: 'fabrikam', tenantId: fabrikam },
          { key: 'northwind', tenantId: northwind },
          { key: 'woodgrove', tenantId: woodgrove },
        ],
      }),
    });
    const deps = createDoctorDeps({
      graph: { ...graph, secrets: { XTSYNC_APP_CLIENT_SECRET: secret } },
      subscriptions,
      bus: createInProcessBusProbe(bus),
      tables: createTestTableClients(),
      entities: { sourceQueueName: 'source-changes', targetTopicName: 'target-changes' },
      publicBaseUrl: endpoint.url,
      clock,
    });
    report = await runDoctor(parseTopology(topologyFile, 'topology.yaml').topology, {
      ...deps,
      logger: logs.logger,
    });
    // Every test below reads this one report: the run costs one token per tenant and a few policy reads.
  });
  afterAll(async () => {
    await bus.close();
    await sim.close();
    endpoint.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      endpoint.server.close(() => {
        resolve();
      });
    });
  });

  it('passes every check of the all-green source tenant', () => {
    const contosoChecks = report.checks.filter((check) => check.scope.tenant === 'contoso');

    expect(contosoChecks.map((check) => [check.id, check.status])).toEqual([
      ['graph-token:contoso', 'pass'],
      ['graph-roles:contoso', 'pass'],
      ['outbound-redemption:contoso-to-fabrikam', 'pass'],
      ['outbound-redemption:contoso-to-northwind', 'pass'],
      ['outbound-redemption:contoso-to-woodgrove', 'pass'],
      ['outbound-redemption:contoso-to-tailspin', 'pass'],
      ['source-subscription:contoso', 'pass'],
    ]);
    expect(report.passed).toBe(false);
  });

  it('fails the target that lacks User.Invite.All, with the roles to assign', () => {
    const roles = checkOf(report, 'graph-roles:fabrikam');

    expect(roles.status).toBe('fail');
    expect(roles.detail).toMatch(/^Missing User\.Invite\.All, User\.ReadWrite\.All/);
    expect(roles.fix).toContain('"appRoleId":"09850681-111b-4a89-9bed-3f2cae46d706"');
    expect(roles.fix).toMatch(/servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignments/);
  });

  it('fails the target without automatic redemption for the source, with the setting and the PATCH', () => {
    const inbound = checkOf(report, 'inbound-redemption:contoso-to-northwind');

    expect(inbound).toMatchObject({
      status: 'fail',
      scope: { tenant: 'northwind', syncId: 'contoso-to-northwind' },
    });
    expect(inbound.fix).toContain('Inbound access → Trust settings');
    expect(inbound.fix).toContain(
      `PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/${contoso} ` +
        '{"automaticUserConsentSettings":{"inboundAllowed":true,"outboundAllowed":true}}',
    );
  });

  it('skips the policy checks where xtsync may not read policies', () => {
    expect(checkOf(report, 'guest-invitations:woodgrove')).toMatchObject({
      status: 'skip',
      fix: expect.stringMatching(/^Grant Policy\.Read\.All so the doctor can check/) as unknown,
    });
    expect(checkOf(report, 'graph-roles:woodgrove').status).toBe('pass');
  });

  it('fails the tenant where xtsync was never consented, with the admin-consent URL', () => {
    expect(checkOf(report, 'graph-token:tailspin')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('AADSTS700016') as unknown,
      fix: expect.stringContaining(
        `https://login.microsoftonline.com/${tailspin}/adminconsent?client_id=${clientId}`,
      ) as unknown,
    });
  });

  it('checks the tables and finds the missing target subscription on the bus', () => {
    expect(checkOf(report, 'table-storage').status).toBe('pass');
    expect(checkOf(report, 'service-bus:target-changes/Subscriptions/target-fabrikam').status).toBe('pass');
    expect(checkOf(report, 'service-bus:target-changes/Subscriptions/target-tailspin')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining("Add target 'tailspin'") as unknown,
    });
  });

  it('logs no secret or token', () => {
    const secret = sim.applications.find((app) => app.key === 'xtsync')?.secrets[0] ?? 'no-secret';

    expect(logs.text()).not.toContain(secret);
    expect(logs.text()).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(JSON.stringify(report)).not.toContain(secret);
  });
});
