/**
 * `xtsync doctor`: checks, for a topology, everything an administrator must have set up before its syncs
 * can work, and says for each missing piece exactly how to fix it. Per tenant: a Graph token, the
 * permissions of its role, guest invitations (targets), automatic redemption for each sync in both tenants,
 * a live subscription (sources); then the state tables and the Service Bus entities.
 */
import pLimit from 'p-limit';
import type { Topology, TopologyTenant } from '../core/topology/topology.js';
import { defaultCheckTimeoutMs, describeError, withTimeout } from './doctor-check-runner.js';
import { infrastructureChecks } from './doctor-infrastructure-checks.js';
import { invitationsCheck, redemptionCheck, type ProbedTenant } from './doctor-policy-checks.js';
import type {
  BusEntityNames,
  BusEntityProbe,
  TableStorageProbe,
  TenantProbeFactory,
  TokenProbeResult,
} from './doctor-ports.js';
import { countByStatus, toDoctorReport, type DoctorCheck, type DoctorReport } from './doctor-report.js';
import { tenantRoleOf } from './doctor-roles.js';
import { subscriptionCheck } from './doctor-subscription-check.js';
import { rolesCheck, tokenCheck } from './doctor-tenant-checks.js';
import type { Clock, Logger, SubscriptionStore } from './ports.js';

/** What the doctor reads the world through. */
export interface DoctorDeps {
  /** Gives each tenant's probe, signing in with the auth the checked topology gives that tenant. */
  readonly tenantProbe: TenantProbeFactory;
  readonly subscriptions: SubscriptionStore;
  readonly bus: BusEntityProbe;
  readonly tables: TableStorageProbe;
  readonly entities: BusEntityNames;
  /** `XTSYNC_PUBLIC_BASE_URL`, for the subscription check and its fix. */
  readonly publicBaseUrl?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The longest one check may take; default 10 s. */
  readonly checkTimeoutMs?: number;
  /** Tenants checked at the same time; default 4. */
  readonly tenantConcurrency?: number;
}

/**
 * Runs every check for `topology` and returns them in a stable order: tenant by tenant as the topology lists
 * them, then the infrastructure. Never throws for a failing check: a probe that throws or hangs becomes a
 * failed check saying so.
 */
export async function runDoctor(topology: Topology, deps: DoctorDeps): Promise<DoctorReport> {
  const timeoutMs = deps.checkTimeoutMs ?? defaultCheckTimeoutMs;
  // The infrastructure does not depend on any tenant: probe it meanwhile, so a run stays within the CLI's
  // request time even when every probe runs into its time limit (tokens, then tenant checks, in parallel).
  const infrastructure = infrastructureChecks(topology, { ...deps, timeoutMs });
  const limit = pLimit(deps.tenantConcurrency ?? 4);
  const probed = new Map<string, ProbedTenant>();
  await Promise.all(
    topology.tenants.map((tenant) =>
      limit(async () => {
        const probe = deps.tenantProbe(tenant);
        probed.set(tenant.key, { tenant, probe, token: await acquireToken(probe.acquireToken(), timeoutMs) });
      }),
    ),
  );
  const perTenant = await Promise.all(
    topology.tenants.map((tenant) => limit(() => checkTenant(topology, tenant, probed, deps, timeoutMs))),
  );
  const report = toDoctorReport([...perTenant.flat(), ...(await infrastructure)]);
  logReport(report.checks, deps.logger);
  return report;
}

async function checkTenant(
  topology: Topology,
  tenant: TopologyTenant,
  probed: ReadonlyMap<string, ProbedTenant>,
  deps: DoctorDeps,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const self = probedOf(probed, tenant.key);
  const role = tenantRoleOf(topology, tenant);
  const checks: Promise<DoctorCheck>[] = [];
  if (role === 'target' || role === 'both') checks.push(invitationsCheck(self, timeoutMs));
  for (const sync of topology.syncs) {
    if (sync.to === tenant.key) {
      checks.push(redemptionCheck(sync, 'inbound', probedOf(probed, sync.from), self, timeoutMs));
    }
  }
  for (const sync of topology.syncs) {
    if (sync.from === tenant.key) {
      checks.push(redemptionCheck(sync, 'outbound', self, probedOf(probed, sync.to), timeoutMs));
    }
  }
  if (role === 'source' || role === 'both') checks.push(subscriptionCheck(self, { ...deps, timeoutMs }));
  return [
    tokenCheck(tenant, role, self.token),
    rolesCheck(tenant, role, self.token),
    ...(await Promise.all(checks)),
  ];
}

async function acquireToken(
  request: Promise<TokenProbeResult>,
  timeoutMs: number,
): Promise<TokenProbeResult> {
  try {
    return await withTimeout(request, timeoutMs);
  } catch (error) {
    // The port promises a value; a throw or a hang still must not stop the report.
    return { kind: 'failed', failure: 'unreachable', message: describeError(error) };
  }
}

function probedOf(probed: ReadonlyMap<string, ProbedTenant>, key: string): ProbedTenant {
  const found = probed.get(key);
  // The topology is validated: every sync names known tenants, and every tenant was probed above.
  if (found === undefined) throw new Error(`Tenant '${key}' was not probed`);
  return found;
}

function logReport(checks: readonly DoctorCheck[], logger: Logger): void {
  for (const check of checks) {
    if (check.status === 'fail') {
      logger.warn('Doctor check failed', {
        check: check.id,
        tenantId: check.scope.tenantId,
        syncId: check.scope.syncId,
      });
    }
  }
  logger.info('Doctor run finished', { ...countByStatus(checks) });
}
