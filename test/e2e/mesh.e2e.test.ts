/** A mesh of three tenants: each arrow its own one-way sync, and nobody comes back home or travels on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAnchor } from '../../src/core/anchors.js';
import {
  anchorAttribute,
  createMember,
  linkedUsers,
  settle,
  tenantIdOf,
  waitForTargetUser,
  type SourceUser,
} from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

describe('mesh of contoso, fabrikam and northwind', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'mesh.yaml' });
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  async function usersWithMail(tenantKey: string, mail: string): Promise<Record<string, unknown>[]> {
    const page = (await stack
      .admin(tenantKey)
      .api('/users')
      .filter(`mail eq '${mail}'`)
      .select(['id', 'userPrincipalName', 'creationType', anchorAttribute])
      .get()) as { value: Record<string, unknown>[] };
    return page.value;
  }

  it('puts a contoso user once in each other tenant, never back home, never copied onward', async () => {
    const adele: SourceUser = await createMember(stack, 'contoso', { department: 'Sales' });
    const inFabrikam = await waitForTargetUser(stack, 'fabrikam', adele);
    const inNorthwind = await waitForTargetUser(stack, 'northwind', adele);
    await settle(stack);

    expect(await usersWithMail('fabrikam', adele.mail)).toHaveLength(1);
    expect(await usersWithMail('northwind', adele.mail)).toHaveLength(1);
    // Home: only the original internal account, no external copy of herself.
    const home = await usersWithMail('contoso', adele.mail);
    expect(home).toHaveLength(1);
    expect(home[0]?.creationType ?? null).toBeNull();

    // The copies in fabrikam and northwind carry our anchor, so their tenants' own syncs never pick them up.
    for (const [tenantKey, copy] of [
      ['fabrikam', inFabrikam],
      ['northwind', inNorthwind],
    ] as const) {
      const copyAsSource: SourceUser = {
        id: String(copy.id),
        tenantKey,
        tenantId: tenantIdOf(stack, tenantKey),
        mail: adele.mail,
      };
      for (const elsewhere of ['contoso', 'fabrikam', 'northwind'].filter((key) => key !== tenantKey)) {
        expect(await linkedUsers(stack, elsewhere, copyAsSource)).toEqual([]);
      }
    }
    expect(inFabrikam[anchorAttribute]).toBe(formatAnchor(adele.tenantId, adele.id));
    const actions = stack.provisioning.filter((entry) => entry.sourceUserId === adele.id);
    expect(actions.map((entry) => entry.action).sort()).toEqual(['create', 'create']);
  }, 60_000);
});
