/**
 * `xtsync topology plan FILE` run as a process against the local stack: for a scope and mapping change it
 * shows, per sync, how many users applying the file would create, update, remove and leave unchanged — the
 * same decisions the pipeline makes — and writes nothing, neither in Graph nor in the state tables.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableClients, type LogicalTable } from '../../src/adapters/tables/table-clients.js';
import { runCli } from '../cli/support/run-cli.js';
import { createMember, settle, waitForTargetUser } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { withSyncs } from '../support/topology-text.js';

const syncId = 'contoso-to-fabrikam';
const applied = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
    mappings:
      - { target: companyName, constant: Contoso }
`);
// Sales now only in the "Plan Keep" office, plus the "Plan New" department; the company name changes.
const planned = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
            - { attribute: officeLocation, operator: equals, value: Plan Keep }
        - clauses:
            - { attribute: department, operator: equals, value: Plan New }
    mappings:
      - { target: companyName, constant: Contoso Ltd }
`);

/** Every row of the tables a plan could write, with its ETag: equal snapshots mean nothing was written. */
async function snapshotTables(stack: TestStack): Promise<Record<string, string[]>> {
  const clients = createTableClients(
    { connectionString: stack.storageConnectionString },
    { tablePrefix: stack.tablePrefix },
  );
  const tables: LogicalTable[] = [
    'topology',
    'cursors',
    'sourceUsers',
    'links',
    'subscriptions',
    'provisioningLog',
  ];
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    const rows: string[] = [];
    for await (const row of (await clients.get(table)).listEntities()) {
      rows.push(`${row.partitionKey ?? ''}/${row.rowKey ?? ''}@${row.etag}`);
    }
    snapshot[table] = rows.sort();
  }
  return snapshot;
}

const totalWrites = (stack: TestStack): number =>
  Object.values(stack.graph.stats.snapshot().tenants).reduce((sum, tenant) => sum + tenant.totalWrites, 0);

describe('xtsync topology plan (process, local stack)', () => {
  let stack: TestStack;
  let directory: string;
  beforeAll(async () => {
    stack = await startTestStack({ source: applied }, { timers: false });
    directory = await mkdtemp(join(tmpdir(), 'xtsync-plan-'));
    await settle(stack);
  });
  afterAll(async () => {
    await stack.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('shows per sync what a scope change would create, update and remove, and writes nothing', async () => {
    const kept = [
      await createMember(stack, 'contoso', { department: 'Sales', officeLocation: 'Plan Keep' }),
      await createMember(stack, 'contoso', { department: 'Sales', officeLocation: 'Plan Keep' }),
    ];
    const joiner = await createMember(stack, 'contoso', { department: 'Plan New' });
    for (const user of kept) await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    // The drain's scheduled re-checks of these users write the cursor; let them run before the snapshot.
    await stack.bus.whenIdle({ horizonMs: 15_000 });
    const active = (await stack.state.links.list(syncId)).items.filter(
      (link) => link.value.state === 'active',
    );
    const file = join(directory, 'planned.yaml');
    await writeFile(file, planned);
    const tablesBefore = await snapshotTables(stack);
    const writesBefore = totalWrites(stack);
    const connection = ['--url', stack.devHostUrl, '--key', stack.adminKey];

    const json = await runCli([...connection, '--json', 'topology', 'plan', file]);
    expect(json.stderr).not.toContain(stack.adminKey);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as {
      version: null;
      syncs: {
        id: string;
        create: { sourceUserId: string }[];
        update: { sourceUserId: string; changedAttributes: string[] }[];
        remove: unknown[] | number;
        unchanged: number;
      }[];
    };
    expect(plan.version).toBeNull();
    const [sync] = plan.syncs;
    expect(sync?.id).toBe(syncId);
    expect(sync?.create.map((user) => user.sourceUserId)).toEqual([joiner.id]);
    expect(sync?.update.map((user) => user.sourceUserId).sort()).toEqual(kept.map((user) => user.id).sort());
    expect(sync?.update[0]?.changedAttributes).toEqual(['companyName']);
    const removals = Array.isArray(sync?.remove) ? sync.remove.length : sync?.remove;
    expect(removals).toBe(active.length - kept.length);
    expect(sync?.unchanged).toBe(0);

    const text = await runCli([...connection, 'topology', 'plan', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('nothing has been written');
    expect(text.stdout).toMatch(
      new RegExp(`${syncId}\\s+contoso → fabrikam\\s+1\\s+2\\s+${active.length - 2}\\s+0`),
    );

    await settle(stack);
    expect(totalWrites(stack)).toBe(writesBefore);
    expect(await snapshotTables(stack)).toEqual(tablesBefore);
  }, 60_000);
});
