import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorAttributeName } from '../../src/core/anchors.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

const anchor = anchorAttributeName('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

describe('local stack (one-to-one)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('provisions a new contoso user into fabrikam as an external member', async () => {
    const created = (await stack
      .admin('contoso')
      .api('/users')
      .post({
        accountEnabled: true,
        displayName: 'Joiner Test',
        mailNickname: 'joiner.test',
        userPrincipalName: 'joiner.test@contoso.com',
        mail: 'joiner.test@contoso.com',
        department: 'Sales',
        passwordProfile: { password: 'Not-used-1234!' },
      })) as { id: string };
    const found = await eventually(async () => {
      const page = (await stack
        .admin('fabrikam')
        .api('/users')
        .filter(`${anchor} eq '11111111-1111-4111-8111-111111111111:${created.id}'`)
        .select(['id', 'displayName', 'userType', 'department', 'showInAddressList', anchor])
        .get()) as { value: Record<string, unknown>[] };
      return page.value[0];
    }, 'the joiner in fabrikam');
    expect(found).toMatchObject({ displayName: 'Joiner Test', userType: 'Member', showInAddressList: true });
  }, 60_000);
});
