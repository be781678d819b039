/**
 * The demo behind `npm run demo`: drives joiner → mover → leaver → return through every sync of a running
 * local stack with Graph calls to the simulator, as an administrator would in real tenants, and times how
 * long each target takes to show each change. Every source's users run each step at the same time, so the
 * latencies are those of a stack under a (small) concurrent load.
 */
import { parseTopology } from '../../core/topology/parse-topology.js';
import type { StackInfo } from '../stack/stack-file.js';
import { checkLoopPrevention } from './check-loop-prevention.js';
import { chooseMoverChange } from './demo-user-attributes.js';
import { createDemoRun, type DemoRun, type DemoSettings, type TrackedUser } from './demo-run.js';
import { summarizeSteps, type DemoTimeline } from './demo-timeline.js';
import { driveStep } from './drive-step.js';
import { planSourceUsers } from './plan-source-users.js';
import { createTenantAdminDirectories } from './tenant-admin-clients.js';

/** Options of {@link runDemo}; see {@link DemoSettings}. Defaults: no log, 60 s per step, 100 ms polls. */
export type DemoOptions = Partial<DemoSettings>;

/**
 * Runs the demo against `stack` following `topologySource` (the YAML of the topology the stack runs) and
 * returns the timeline. Steps that do not converge are failures in the timeline (`ok: false`), not
 * exceptions; the users it created are left in place for inspection.
 *
 * @throws TopologyError when `topologySource` is invalid; Error when the stack lacks an admin client for a
 * tenant of the topology or a tenant's domain cannot be determined.
 */
export async function runDemo(
  stack: StackInfo,
  topologySource: string,
  options: DemoOptions = {},
): Promise<DemoTimeline> {
  const settings: DemoSettings = {
    log: () => undefined,
    timeoutMs: 60_000,
    pollMs: 100,
    now: Date.now,
    ...options,
  };
  const startedAtMs = settings.now();
  const { topology, shape } = parseTopology(topologySource, 'the active topology');
  const run = createDemoRun(topology, createTenantAdminDirectories(stack.graph), settings);
  const users = await planSourceUsers(
    run,
    startedAtMs.toString(36),
    (key) => stack.graph.tenants.find((tenant) => tenant.key === key)?.defaultDomain,
  );

  await phase(run, users, 'joiner: creating the users in their source tenants', (user) =>
    driveStep(run, user, 'joiner', async () => {
      user.sourceUserId = await run.directoryOf(user.source.key).createUser(user.attributes ?? {});
    }),
  );
  await Promise.all(users.map((user) => checkLoopPrevention(run, user, 'joiner')));
  await phase(run, users, 'mover: changing a mapped attribute that keeps them in scope', (user) =>
    moveUser(run, user),
  );
  await phase(run, users, 'leaver: deleting them in their source tenants', (user) =>
    driveStep(run, user, 'leaver', () => run.directoryOf(user.source.key).deleteUser(sourceIdOf(user))),
  );
  await phase(run, users, 'return: restoring them from deleted items', (user) =>
    driveStep(run, user, 'return', () =>
      run.directoryOf(user.source.key).restoreDeletedUser(sourceIdOf(user)),
    ),
  );
  await Promise.all(users.map((user) => checkLoopPrevention(run, user, 'return')));

  return {
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: new Date(settings.now()).toISOString(),
    shape: shape.description,
    users: users.map((user) => ({
      source: user.source.key,
      sourceUserId: user.sourceUserId,
      userPrincipalName: user.userPrincipalName,
      syncIds: user.targets.map((target) => target.sync.id),
    })),
    notes: run.notes,
    steps: run.results,
    loopChecks: run.loopChecks,
    summary: summarizeSteps(run.results),
    failures: run.failures,
    ok: run.failures.length === 0,
  };
}

async function phase(
  run: DemoRun,
  users: readonly TrackedUser[],
  title: string,
  drive: (user: TrackedUser) => Promise<void>,
): Promise<void> {
  run.settings.log(`— ${title}`);
  await Promise.all(users.map(drive));
}

async function moveUser(run: DemoRun, user: TrackedUser): Promise<void> {
  const attributes = user.attributes ?? {};
  const move = chooseMoverChange(
    attributes,
    user.targets.map((target) => target.sync),
  );
  if (move === null) {
    await driveStep(run, user, 'mover', () => Promise.resolve(), {
      skipReason: () => 'no mapped attribute can change without leaving scope',
    });
    return;
  }
  await driveStep(
    run,
    user,
    'mover',
    async () => {
      await run.directoryOf(user.source.key).updateUser(sourceIdOf(user), { [move.attribute]: move.value });
      user.attributes = { ...attributes, [move.attribute]: move.value };
      run.settings.log(`${user.source.key}: ${user.userPrincipalName} ${move.attribute} → '${move.value}'`);
    },
    {
      skipReason: (sync) =>
        move.visibleIn.includes(sync.id) ? null : `${move.attribute} is not mapped (always) in this sync`,
    },
  );
}

function sourceIdOf(user: TrackedUser): string {
  if (user.sourceUserId === null) throw new Error(`${user.userPrincipalName} was never created.`);
  return user.sourceUserId;
}
