/**
 * What an administrator does in the source tenants during end-to-end tests (create, change, delete and
 * restore internal members through Graph) and how the tests look at target tenants (by our anchor).
 */
import { randomBytes } from 'node:crypto';
import { anchorAttributeName, formatAnchor } from '../../src/core/anchors.js';
import { eventually, type TestStack } from './test-stack.js';

/** The xtsync app of the simulator's default seed and its anchor extension. */
export const xtsyncClientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const anchorAttribute = anchorAttributeName(xtsyncClientId);

/** Mail domains of the default seed's tenants. */
export const mailDomains: Readonly<Record<string, string>> = {
  contoso: 'contoso.com',
  fabrikam: 'fabrikam.com',
  northwind: 'northwindtraders.com',
  woodgrove: 'woodgrovebank.com',
};

/** Properties read from target users in assertions. */
export const targetSelect = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'userType',
  'creationType',
  'accountEnabled',
  'showInAddressList',
  'department',
  'jobTitle',
  'officeLocation',
  'companyName',
  anchorAttribute,
];

export interface SourceUser {
  readonly id: string;
  readonly tenantKey: string;
  readonly tenantId: string;
  readonly mail: string;
}

/** Creates an internal member in `tenantKey` (unique name) and returns its id. */
export async function createMember(
  stack: TestStack,
  tenantKey: string,
  attributes: Record<string, unknown> = {},
): Promise<SourceUser> {
  const nickname = `e2e-${randomBytes(4).toString('hex')}`;
  const mail = `${nickname}@${mailDomains[tenantKey] ?? `${tenantKey}.com`}`;
  const created = (await stack
    .admin(tenantKey)
    .api('/users')
    .post({
      accountEnabled: true,
      displayName: `E2E ${nickname}`,
      givenName: 'E2E',
      surname: nickname,
      mailNickname: nickname,
      userPrincipalName: mail,
      mail,
      jobTitle: 'Analyst',
      officeLocation: 'Building 1',
      passwordProfile: { password: 'Not-used-1234!' },
      ...attributes,
    })) as { id: string };
  return { id: created.id, tenantKey, tenantId: tenantIdOf(stack, tenantKey), mail };
}

/** The tenant id of a simulator tenant key. */
export function tenantIdOf(stack: TestStack, tenantKey: string): string {
  const tenant = stack.graph.tenants.find((candidate) => candidate.key === tenantKey);
  if (!tenant) throw new Error(`No tenant '${tenantKey}' in the simulator.`);
  return tenant.tenantId;
}

/** Every user of `targetKey` carrying the anchor of `source` (normally zero or one). */
export function linkedUsers(
  stack: TestStack,
  targetKey: string,
  source: SourceUser,
): Promise<Record<string, unknown>[]> {
  return anchoredUsers(stack, targetKey, '/users', source);
}

/** Soft-deleted users of `targetKey` carrying the anchor of `source`. */
export function deletedLinkedUsers(
  stack: TestStack,
  targetKey: string,
  source: SourceUser,
): Promise<Record<string, unknown>[]> {
  return anchoredUsers(stack, targetKey, '/directory/deletedItems/microsoft.graph.user', source);
}

async function anchoredUsers(
  stack: TestStack,
  targetKey: string,
  collection: string,
  source: SourceUser,
): Promise<Record<string, unknown>[]> {
  const page = (await stack
    .admin(targetKey)
    .api(collection)
    .filter(`${anchorAttribute} eq '${formatAnchor(source.tenantId, source.id)}'`)
    .select(targetSelect)
    .get()) as { value: Record<string, unknown>[] };
  return page.value;
}

/** Waits until the target user of `source` in `targetKey` exists and satisfies `predicate`. */
export function waitForTargetUser(
  stack: TestStack,
  targetKey: string,
  source: SourceUser,
  predicate: (user: Record<string, unknown>) => boolean = () => true,
  what = 'the target user',
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const [user] = await linkedUsers(stack, targetKey, source);
      return user && predicate(user) ? user : undefined;
    },
    `${what} in ${targetKey}`,
    timeoutMs,
  );
}

/** Total Graph writes the simulator executed in a tenant so far. */
export function writesIn(stack: TestStack, tenantKey: string): number {
  return stack.graph.stats.snapshot().tenants[tenantKey]?.totalWrites ?? 0;
}

/** Resolves once the bus has had nothing to do for a moment (notifications and drains settled). */
export async function settle(stack: TestStack, quietMs = 300): Promise<void> {
  for (;;) {
    const before = stack.provisioning.length;
    await stack.bus.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    await stack.bus.whenIdle();
    if (stack.provisioning.length === before) return;
  }
}
