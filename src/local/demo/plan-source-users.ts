/**
 * Decides the demo users of every source tenant of the topology: one user in scope of every sync from that
 * source when the scopes allow it, else one per sync (said in a note), each with a unique identity at one
 * of the tenant's domains.
 */
import type { TopologySync, TopologyTenant } from '../../core/topology/topology.js';
import type { UserAttributes } from '../../core/user-attributes.js';
import { demoUserBases } from './demo-user-attributes.js';
import type { DemoRun, TrackedUser } from './demo-run.js';
import { planDemoUsers } from './scope-solver.js';

/** The users to create, one or more per source tenant; `stamp` makes their names unique to this run. */
export async function planSourceUsers(
  run: DemoRun,
  stamp: string,
  fallbackDomainOf: (tenantKey: string) => string | undefined,
): Promise<TrackedUser[]> {
  const sources = run.topology.tenants.filter((tenant) =>
    run.topology.syncs.some((sync) => sync.from === tenant.key),
  );
  const perSource = await Promise.all(
    sources.map(async (source) => {
      const syncs = run.topology.syncs.filter((sync) => sync.from === source.key);
      const domains = await domainsOf(run, source, fallbackDomainOf);
      const basesFor = (number: number): UserAttributes[] =>
        demoUserBases({ stamp, sourceKey: source.key, companyName: source.displayName, number }, domains);
      const plans = planDemoUsers(syncs, basesFor);
      if (plans.length > 1) {
        run.note(
          `${source.key}: no single user is in scope of every sync from it (${syncs.map((s) => s.id).join(', ')}), so the demo uses one user per sync.`,
        );
      }
      return plans.map((plan, index): TrackedUser => {
        const planned = syncs.filter((sync) => plan.syncIds.includes(sync.id));
        const identity = plan.attributes ?? basesFor(index + 1)[0] ?? {};
        const userPrincipalName = String(identity.userPrincipalName ?? `user ${index + 1} of ${source.key}`);
        const blockedBy = plan.attributes === null ? 'no in-scope attributes found' : null;
        if (plan.attributes === null) {
          run.fail(
            `joiner ${source.key}: no user attributes the demo can derive satisfy the scope of ${plan.syncIds.join(', ')}; check its clauses.`,
          );
        } else {
          run.settings.log(
            `${source.key}: ${userPrincipalName} for ${plan.syncIds.join(', ')}${describeScoped(plan.attributes, planned)}`,
          );
        }
        return {
          source,
          userPrincipalName,
          attributes: plan.attributes,
          sourceUserId: null,
          targets: planned.map((sync) => ({ sync, targetUserId: null, blockedBy })),
        };
      });
    }),
  );
  return perSource.flat();
}

async function domainsOf(
  run: DemoRun,
  source: TopologyTenant,
  fallbackDomainOf: (tenantKey: string) => string | undefined,
): Promise<string[]> {
  try {
    const domains = await run.directoryOf(source.key).domains();
    if (domains.length > 0) return domains;
  } catch (error) {
    run.note(
      `${source.key}: could not read its domains (${error instanceof Error ? error.message : String(error)}); using the default domain.`,
    );
  }
  const fallback = fallbackDomainOf(source.key);
  if (fallback === undefined) throw new Error(`No domain is known for tenant '${source.key}'.`);
  return [fallback];
}

/** ` (department 'Sales', mail '…')`: the values of the attributes the syncs' scopes test. */
function describeScoped(attributes: UserAttributes, syncs: readonly TopologySync[]): string {
  const names = [
    ...new Set(syncs.flatMap((sync) => sync.scope.flatMap((f) => f.clauses.map((c) => c.attribute)))),
  ];
  if (names.length === 0) return '';
  return ` (${names.map((name) => `${name} ${JSON.stringify(attributes[name] ?? null)}`).join(', ')})`;
}
