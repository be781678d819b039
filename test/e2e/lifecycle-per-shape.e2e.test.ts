/**
 * Joiner, mover, leaver and return for every example topology shape, checked in the target tenants through
 * Graph: mapped attributes, userType Member, our anchor, and the address-list flag.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import type { TopologySync } from '../../src/core/topology/topology.js';
import {
  createMember,
  deletedLinkedUsers,
  linkedUsers,
  waitForTargetUser,
  type SourceUser,
} from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

/** Attributes that put the user in scope of every sync from its source, per example. */
const inScope: Record<string, Record<string, Record<string, unknown>>> = {
  'one-to-one.yaml': { contoso: { department: 'Sales' } },
  'application-hub.yaml': { fabrikam: { department: 'Sales' }, northwind: { department: 'Sales' } },
  'user-hub.yaml': { woodgrove: { department: 'Engineering' } },
  'mesh.yaml': {
    contoso: { department: 'Sales' },
    fabrikam: { department: 'Sales' },
    northwind: { department: 'Sales' },
  },
};

async function eachSync(
  syncs: readonly TopologySync[],
  users: ReadonlyMap<string, SourceUser>,
  check: (sync: TopologySync, source: SourceUser) => Promise<void>,
): Promise<void> {
  for (const sync of syncs) {
    const source = users.get(sync.from);
    if (!source) throw new Error(`no source user for ${sync.id}`);
    await check(sync, source);
  }
}

async function expectLeft(stack: TestStack, sync: TopologySync, source: SourceUser): Promise<void> {
  if (sync.removal.mode === 'delete') {
    // This sync removes leavers at once: the target user waits in deleted items, restorable.
    await eventually(
      async () => ((await deletedLinkedUsers(stack, sync.to, source)).length === 1 ? true : undefined),
      `leaver of ${sync.id} in deleted items`,
    );
    expect(await linkedUsers(stack, sync.to, source)).toEqual([]);
    return;
  }
  const left = await waitForTargetUser(
    stack,
    sync.to,
    source,
    (u) => u.accountEnabled === false,
    `leaver of ${sync.id}`,
  );
  expect(left.showInAddressList).toBe(false);
}

describe.each(Object.keys(inScope))('joiner → mover → leaver → return (%s)', (example) => {
  it('propagates every step to every target of every source', async () => {
    const stack = await startTestStack({ example });
    try {
      const { topology } = parseTopology(await readFile(`examples/${example}`, 'utf8'), example);
      const users = new Map<string, SourceUser>();
      for (const source of new Set(topology.syncs.map((sync) => sync.from))) {
        users.set(source, await createMember(stack, source, inScope[example]?.[source]));
      }

      await eachSync(topology.syncs, users, async (sync, source) => {
        const joined = await waitForTargetUser(stack, sync.to, source, undefined, `joiner of ${sync.id}`);
        expect(joined).toMatchObject({
          userType: 'Member',
          creationType: 'Invitation',
          showInAddressList: true,
          accountEnabled: true,
          mail: source.mail,
          officeLocation: 'Building 1',
          ...inScope[example]?.[sync.from],
        });
        expect(String(joined.userPrincipalName)).toContain('#EXT#');
      });

      for (const source of users.values()) {
        await stack
          .admin(source.tenantKey)
          .api(`/users/${source.id}`)
          .patch({ officeLocation: 'Building 2' });
      }
      await eachSync(topology.syncs, users, async (sync, source) => {
        await waitForTargetUser(
          stack,
          sync.to,
          source,
          (u) => u.officeLocation === 'Building 2',
          `mover of ${sync.id}`,
        );
      });

      for (const source of users.values())
        await stack.admin(source.tenantKey).api(`/users/${source.id}`).delete();
      await eachSync(topology.syncs, users, (sync, source) => expectLeft(stack, sync, source));

      for (const source of users.values()) {
        await stack.admin(source.tenantKey).api(`/directory/deletedItems/${source.id}/restore`).post({});
      }
      await eachSync(topology.syncs, users, async (sync, source) => {
        const back = await waitForTargetUser(
          stack,
          sync.to,
          source,
          (u) => u.accountEnabled === true,
          `return of ${sync.id}`,
        );
        expect(back).toMatchObject({ showInAddressList: true, officeLocation: 'Building 2' });
      });
    } finally {
      await stack.stop();
    }
  }, 90_000);
});
