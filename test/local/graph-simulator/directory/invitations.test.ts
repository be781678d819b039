import { describe, expect, it } from 'vitest';
import type { DirectoryChangeEvent } from '../../../../src/local/graph-simulator/directory/contract.js';
import {
  aDirectory,
  aSeed,
  adeleId,
  contosoTenantId,
  fabrikamTenantId,
  graphErrorOf,
} from './directory-fixture.js';

const invitation = (overrides: Record<string, unknown> = {}) => ({
  invitedUserEmailAddress: 'adele.vance@contoso.com',
  inviteRedirectUrl: 'https://myapps.microsoft.com/?tenantid=' + fabrikamTenantId,
  invitedUserDisplayName: 'Adele Vance',
  invitedUserType: 'Member',
  ...overrides,
});

describe('TenantDirectory.invite', () => {
  it('returns the invitation resource in the shape Graph documents', () => {
    const { fabrikam } = aDirectory();
    const result = fabrikam.invite(invitation());
    expect(result).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#invitations/$entity',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      inviteRedeemUrl: expect.stringMatching(
        /^https:\/\/login\.microsoftonline\.com\/redeem\?rd=https%3a%2f%2finvitations\.microsoft\.com%2fredeem%2f%3ftenant%3d/,
      ) as unknown,
      invitedUserDisplayName: 'Adele Vance',
      invitedUserType: 'Member',
      invitedUserEmailAddress: 'adele.vance@contoso.com',
      sendInvitationMessage: false,
      resetRedemption: false,
      inviteRedirectUrl: invitation().inviteRedirectUrl,
      status: 'PendingAcceptance',
      invitedUserMessageInfo: {
        messageLanguage: null,
        customizedMessageBody: null,
        ccRecipients: [{ emailAddress: { name: null, address: null } }],
      },
      invitedUser: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown },
    });
    expect(result.id).not.toBe((result.invitedUser as { id: string }).id);
  });

  it('creates a B2B user pending acceptance', () => {
    const { fabrikam } = aDirectory();
    const userId = (fabrikam.invite(invitation({ invitedUserType: undefined })).invitedUser as { id: string })
      .id;
    const user = fabrikam.getUser(userId, [
      'userPrincipalName',
      'mail',
      'otherMails',
      'displayName',
      'userType',
      'creationType',
      'externalUserState',
      'externalUserStateChangeDateTime',
      'accountEnabled',
      'identities',
      'showInAddressList',
    ]);
    expect(user).toEqual({
      id: userId,
      userPrincipalName: 'adele.vance_contoso.com#EXT#@fabrikam.onmicrosoft.com',
      mail: 'adele.vance@contoso.com',
      otherMails: ['adele.vance@contoso.com'],
      displayName: 'Adele Vance',
      userType: 'Guest',
      creationType: 'Invitation',
      externalUserState: 'PendingAcceptance',
      externalUserStateChangeDateTime: '2025-01-01T00:00:00Z',
      accountEnabled: true,
      identities: [
        {
          signInType: 'userPrincipalName',
          issuer: 'fabrikam.onmicrosoft.com',
          issuerAssignedId: 'adele.vance_contoso.com#EXT#@fabrikam.onmicrosoft.com',
        },
      ],
      showInAddressList: null,
    });
    expect(fabrikam.getUser('adele.vance_contoso.com#EXT#@fabrikam.onmicrosoft.com').id).toBe(userId);
  });

  it('names the user after the address when no display name is given', () => {
    const { fabrikam } = aDirectory();
    const { invitedUser } = fabrikam.invite(invitation({ invitedUserDisplayName: undefined }));
    expect(fabrikam.getUser((invitedUser as { id: string }).id).displayName).toBe('adele.vance@contoso.com');
  });

  it('treats a second invitation of a B2B user as a resend of the same user', () => {
    const { fabrikam, directories } = aDirectory();
    const first = fabrikam.invite(invitation());
    const events: DirectoryChangeEvent[] = [];
    directories.onChange((event) => events.push(event));
    const second = fabrikam.invite(invitation({ invitedUserEmailAddress: 'ADELE.VANCE@contoso.com' }));
    expect(second.invitedUser).toEqual(first.invitedUser);
    expect(second.id).not.toBe(first.id);
    expect(fabrikam.userCount()).toBe(1);
    expect(events).toEqual([]);
  });

  it('refuses an address of an existing internal user, matched on mail, UPN or otherMails', () => {
    const { contoso } = aDirectory();
    for (const address of ['adele.vance@contoso.com', 'adele@private.example']) {
      const error = graphErrorOf(() => contoso.invite(invitation({ invitedUserEmailAddress: address })));
      expect([error.status, error.code, error.message]).toEqual([
        400,
        'BadRequest',
        `The invited user already exists in the directory as objectID: ${adeleId}. They can use that account to sign in to shared apps and resources.`,
      ]);
    }
  });

  it("refuses an address of the tenant's own domains", () => {
    const { contoso } = aDirectory();
    for (const address of ['someone@contoso.com', 'someone@CONTOSO.onmicrosoft.com']) {
      const error = graphErrorOf(() => contoso.invite(invitation({ invitedUserEmailAddress: address })));
      expect([error.status, error.code]).toEqual([400, 'BadRequest']);
      expect(error.message).toContain('verified domain of this directory');
    }
  });

  it.each([
    [{ invitedUserEmailAddress: undefined }, "'invitedUserEmailAddress' is required"],
    [{ inviteRedirectUrl: undefined }, "'inviteRedirectUrl' is required"],
    [{ invitedUserEmailAddress: 'not-an-address' }, 'is not a valid email address'],
    [{ invitedUserEmailAddress: 'a@b@c.com' }, 'is not a valid email address'],
    [{ invitedUserEmailAddress: '.adele@contoso.com' }, 'is not a valid email address'],
    [{ invitedUserEmailAddress: 'ad!ele@contoso.com' }, 'special characters'],
    [{ invitedUserEmailAddress: 'a(dele)@contoso.com' }, 'special characters'],
    [{ inviteRedirectUrl: '/relative' }, 'not a valid absolute URL'],
    [{ invitedUserType: 'Owner' }, "'invitedUserType'"],
    [{ sendInvitationMessage: 'yes' }, "'sendInvitationMessage'"],
    [
      { favoriteColor: 'blue' },
      "The property 'favoriteColor' does not exist on type 'microsoft.graph.invitation'.",
    ],
  ])('rejects %j with 400 BadRequest', (overrides, message) => {
    const { fabrikam } = aDirectory();
    const error = graphErrorOf(() => fabrikam.invite(invitation(overrides)));
    expect([error.status, error.code]).toEqual([400, 'BadRequest']);
    expect(error.message).toContain(message);
    expect(fabrikam.userCount()).toBe(0);
  });

  it('accepts underscores, dots and dashes inside the local part', () => {
    const { fabrikam } = aDirectory();
    expect(fabrikam.invite(invitation({ invitedUserEmailAddress: 'a_b.c-d@partner.example' })).status).toBe(
      'PendingAcceptance',
    );
  });

  it('refuses every invitation when the tenant allows none', () => {
    const { contoso } = aDirectory({ seed: aSeed({ policies: { allowInvitesFrom: 'none' } }) });
    const error = graphErrorOf(() =>
      contoso.invite(invitation({ invitedUserEmailAddress: 'x@partner.example' })),
    );
    expect([error.status, error.code]).toEqual([403, 'Authorization_RequestDenied']);
  });

  it('resets redemption of an existing B2B user', () => {
    const { fabrikam, clock } = aDirectory();
    const userId = (fabrikam.invite(invitation()).invitedUser as { id: string }).id;
    clock.advance(1000);
    const reset = fabrikam.invite(invitation({ resetRedemption: true, invitedUser: { id: userId } }));
    expect(reset.invitedUser).toEqual({ id: userId });
    expect(
      fabrikam.getUser(userId, ['externalUserStateChangeDateTime']).externalUserStateChangeDateTime,
    ).toBe('2025-01-01T00:00:01Z');
    const mismatch = graphErrorOf(() =>
      fabrikam.invite(
        invitation({
          invitedUserEmailAddress: 'x@partner.example',
          resetRedemption: true,
          invitedUser: { id: userId },
        }),
      ),
    );
    expect(mismatch.message).toContain("doesn't match any emails on the user object");
  });

  it('keeps invitations of different tenants apart', () => {
    const { contoso, fabrikam } = aDirectory();
    fabrikam.invite(invitation({ invitedUserEmailAddress: 'x@partner.example' }));
    contoso.invite(invitation({ invitedUserEmailAddress: 'x@partner.example' }));
    expect(contoso.getUser('x_partner.example#EXT#@contoso.onmicrosoft.com').id).toBeDefined();
    expect(contoso.tenantId).toBe(contosoTenantId);
  });
});
