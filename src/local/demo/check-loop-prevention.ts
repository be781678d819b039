/**
 * Loop prevention as a user would check it: a demo user never appears back in its home tenant as an
 * external copy, and no target's own syncs copy it onward. A copy made by xtsync always carries the anchor
 * of the user it was copied from, so the check searches every tenant for the anchors of the user and of
 * each of its copies.
 */
import type { DemoRun, TrackedUser } from './demo-run.js';
import type { DemoLoopCheck, DemoStep } from './demo-timeline.js';

/** Checks one user after `after` and records the result (a found copy is also a failure). */
export async function checkLoopPrevention(run: DemoRun, user: TrackedUser, after: DemoStep): Promise<void> {
  const { sourceUserId } = user;
  if (sourceUserId === null) return;
  // The person itself (anchored to its home tenant) must never land in the home tenant…
  const searches = [{ tenantKey: user.source.key, tenantId: user.source.tenantId, userId: sourceUserId }];
  const copies = user.targets.filter((target) => target.targetUserId !== null);
  // …and a copy in a target must never be copied again, into any other tenant (home included).
  for (const copy of copies) {
    for (const tenant of run.topology.tenants) {
      if (tenant.key === copy.sync.to || copy.targetUserId === null) continue;
      searches.push({ tenantKey: tenant.key, tenantId: copy.sync.toTenantId, userId: copy.targetUserId });
    }
  }
  try {
    const found = await Promise.all(
      searches.map(async (search) => {
        const anchor = run.anchorIn(search.tenantKey, search.tenantId, search.userId);
        const users = await run
          .directoryOf(search.tenantKey)
          .findByAnchor(anchor.attribute, anchor.value, []);
        return users.map((copy) => `${copy.id} in ${search.tenantKey} carries anchor ${anchor.value}`);
      }),
    );
    const loops = found.flat();
    const check: DemoLoopCheck = {
      source: user.source.key,
      sourceUserId,
      after,
      ok: loops.length === 0,
      detail:
        loops.length === 0
          ? `no copy of ${user.userPrincipalName} back in ${user.source.key} or onward from ${copies.map((c) => c.sync.to).join(', ') || 'its targets'}`
          : `${user.userPrincipalName} was copied again: ${loops.join('; ')}`,
    };
    record(run, check);
  } catch (error) {
    record(run, {
      source: user.source.key,
      sourceUserId,
      after,
      ok: false,
      detail: `could not search for copies of ${user.userPrincipalName}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

function record(run: DemoRun, check: DemoLoopCheck): void {
  run.loopChecks.push(check);
  run.settings.log(
    `loop    ${check.source} after ${check.after}: ${check.ok ? 'ok' : 'FAILED'} (${check.detail})`,
  );
  if (!check.ok) run.fail(`loop prevention ${check.source} after ${check.after}: ${check.detail}`);
}
