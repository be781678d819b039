/**
 * An in-memory world for the doctor's use-case tests: per tenant what its token, policies and subscriptions
 * look like, a subscription store, and infrastructure probes. Everything is green until a test changes it.
 */
import type {
  BusEntity,
  PartnerPolicySummary,
  ProbeResult,
  TenantProbe,
  TokenProbeResult,
} from '../../src/app/doctor-ports.js';
import type { SubscriptionRecord, SubscriptionStore } from '../../src/app/ports.js';
import type { DoctorCheck, DoctorReport } from '../../src/app/doctor-report.js';
import type { DoctorDeps } from '../../src/app/run-doctor.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import type { Topology } from '../../src/core/topology/topology.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';
import { withSyncs } from '../support/topology-text.js';

export const contosoId = '11111111-1111-4111-8111-111111111111';
export const fabrikamId = '22222222-2222-4222-8222-222222222222';
export const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const publicBaseUrl = 'https://xtsync.example.com';
export const now = '2026-01-05T09:00:00.000Z';

/** contoso → fabrikam, with the four simulator tenants declared (northwind and woodgrove unused). */
export const oneToOne: Topology = parseTopology(
  withSyncs('  - id: contoso-to-fabrikam\n    from: contoso\n    to: fabrikam\n'),
  'topology.yaml',
).topology;

/** How one tenant answers. A value of `Error` makes that read throw it. */
export interface FakeTenant {
  token: TokenProbeResult | 'hang';
  /** `forbidden` makes the read answer 403. */
  allowInvitesFrom: string | Error;
  /** Partner entries by tenant id; a missing key is a 404. */
  partners: Record<string, Omit<PartnerPolicySummary, 'tenantId'>> | 'forbidden';
  /** Subscription ids Graph lists. */
  graphSubscriptions: string[] | 'forbidden';
}

/** A fake tenant where everything is in order: every role, invitations open, no partners yet. */
export function aGreenTenant(
  roles: string[] = ['User.Read.All', 'User.Invite.All', 'User.ReadWrite.All', 'Policy.Read.All'],
): FakeTenant {
  return {
    token: { kind: 'token', roles, servicePrincipalId: 'sp-object-id' },
    allowInvitesFrom: 'everyone',
    partners: {},
    graphSubscriptions: [],
  };
}

/** The fake world and the deps of a doctor run over it. */
export interface DoctorWorld {
  readonly tenants: Map<string, FakeTenant>;
  readonly records: SubscriptionRecord[];
  readonly busFailures: Map<string, ProbeResult>;
  tablesResult: ProbeResult;
  readonly probedEntities: BusEntity[];
  readonly deps: DoctorDeps;
  readonly logs: ReturnType<typeof createTestLogger>;
  tenant(tenantId: string): FakeTenant;
}

/**
 * A world where contoso → fabrikam is set up completely: both trust each other, contoso has a live
 * subscription that Graph lists, every entity and the tables answer.
 */
export function aDoctorWorld(): DoctorWorld {
  const tenants = new Map<string, FakeTenant>([
    [
      contosoId,
      {
        ...aGreenTenant(),
        partners: { [fabrikamId]: { inboundAllowed: true, outboundAllowed: true } },
        graphSubscriptions: ['sub-1'],
      },
    ],
    [
      fabrikamId,
      { ...aGreenTenant(), partners: { [contosoId]: { inboundAllowed: true, outboundAllowed: true } } },
    ],
  ]);
  const records: SubscriptionRecord[] = [aSubscriptionRecord()];
  const busFailures = new Map<string, ProbeResult>();
  const probedEntities: BusEntity[] = [];
  const logs = createTestLogger();
  const clock = createTestClock(now);
  const tenant = (tenantId: string): FakeTenant => tenants.get(tenantId) ?? aGreenTenant();
  const world: DoctorWorld = {
    tenants,
    records,
    busFailures,
    tablesResult: { ok: true, detail: 'Read table topology.' },
    probedEntities,
    logs,
    tenant,
    deps: {
      tenantProbe: (t) => fakeProbe(() => tenant(t.tenantId)),
      subscriptions: fakeSubscriptionStore(records),
      bus: {
        probeEntity: (entity) => {
          probedEntities.push(entity);
          const path =
            entity.kind === 'subscription'
              ? `${entity.topicName}/Subscriptions/${entity.subscriptionName}`
              : entity.name;
          return Promise.resolve(busFailures.get(path) ?? { ok: true, detail: `Opened ${path}.` });
        },
      },
      tables: { probeTables: () => Promise.resolve(world.tablesResult) },
      entities: { sourceQueueName: 'source-changes', targetTopicName: 'target-changes' },
      publicBaseUrl,
      clock,
      logger: logs.logger,
      checkTimeoutMs: 200,
    },
  };
  return world;
}

/** A subscription record for contoso, live for ten more days, notifying this deployment. */
export function aSubscriptionRecord(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: 'sub-1',
    tenantId: contosoId,
    resource: 'users',
    notificationUrl: `${publicBaseUrl}/api/graph-notifications`,
    lifecycleNotificationUrl: `${publicBaseUrl}/api/graph-lifecycle`,
    clientState: 'secret-client-state',
    expiresAt: '2026-01-15T09:00:00.000Z',
    createdAt: '2026-01-01T09:00:00.000Z',
    renewedAt: '2026-01-01T09:00:00.000Z',
    ...overrides,
  };
}

function fakeProbe(current: () => FakeTenant): TenantProbe {
  const forbidden = { kind: 'forbidden', message: 'Graph read policies failed with 403' } as const;
  return {
    acquireToken: () => {
      const { token } = current();
      return token === 'hang' ? new Promise<never>(() => undefined) : Promise.resolve(token);
    },
    readAuthorizationPolicy: () => {
      const value = current().allowInvitesFrom;
      if (value instanceof Error) return Promise.reject(value);
      return Promise.resolve(
        value === 'forbidden' ? forbidden : { kind: 'found', value: { allowInvitesFrom: value } },
      );
    },
    readPartnerPolicy: (partnerTenantId) => {
      const { partners } = current();
      if (partners === 'forbidden') return Promise.resolve(forbidden);
      const partner = partners[partnerTenantId];
      return Promise.resolve(
        partner === undefined
          ? { kind: 'not-found' }
          : { kind: 'found', value: { tenantId: partnerTenantId, ...partner } },
      );
    },
    listSubscriptions: () => {
      const listed = current().graphSubscriptions;
      if (listed === 'forbidden') {
        return Promise.reject(new SyncError('GRAPH.FORBIDDEN', 'Graph manage subscriptions failed with 403'));
      }
      return Promise.resolve(
        listed.map((id) => ({
          id,
          resource: 'users',
          changeType: 'updated,deleted',
          notificationUrl: `${publicBaseUrl}/api/graph-notifications`,
          lifecycleNotificationUrl: null,
          expirationDateTime: '2026-01-15T09:00:00.000Z',
        })),
      );
    },
  };
}

function fakeSubscriptionStore(records: SubscriptionRecord[]): SubscriptionStore {
  return {
    get: (id) => Promise.resolve(records.find((record) => record.id === id) ?? null),
    listByTenant: (tenantId) => Promise.resolve(records.filter((record) => record.tenantId === tenantId)),
    listAll: () => Promise.resolve([...records]),
    save: () => Promise.reject(new Error('the doctor never writes')),
    delete: () => Promise.reject(new Error('the doctor never writes')),
  };
}

/** The check `id` of `report`; fails the test when there is none. */
export function checkOf(report: DoctorReport, id: string): DoctorCheck {
  const check = report.checks.find((candidate) => candidate.id === id);
  if (check === undefined) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return check;
}
