import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserDirectory } from '../../../src/app/ports.js';
import { createGraphDirectoryProvider } from '../../../src/adapters/graph/graph-client-factory.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { graphError, startGraphStub, type GraphStub, type StubRequest } from './graph-stub-server.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const anchorAttribute = 'extension_aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa_xtsyncSourceAnchor';
const existingId = 'cbb896f9-8306-49d0-b56b-b8e39cd28825';

describe('createGraphUserDirectory', () => {
  let stub: GraphStub;
  let directory: UserDirectory;
  const only = (): StubRequest => {
    expect(stub.graphRequests).toHaveLength(1);
    const request = stub.graphRequests[0];
    if (request === undefined) throw new Error('no request');
    return request;
  };

  beforeAll(async () => {
    stub = await startGraphStub();
    directory = createGraphDirectoryProvider({
      tenants: {
        [tenantId]: { type: 'client-secret', tenantId, clientId, clientSecret: 'stub-secret-0123456789' },
      },
      graphBaseUrl: stub.baseUrl,
      authorityHost: stub.authorityHost,
      anchorAttribute,
      retry: { maxRetries: 0 },
    }).forTenant(tenantId);
  });
  afterEach(() => {
    stub.reset();
  });
  afterAll(async () => {
    await stub.close();
  });

  describe('readDelta', () => {
    it('starts a round with $select and maps present, soft-deleted and hard-deleted users', async () => {
      stub.graph = () => ({
        status: 200,
        body: {
          '@odata.context': 'ctx',
          '@odata.nextLink': `${stub.baseUrl}v1.0/users/delta?$skiptoken=abc`,
          value: [
            {
              id: 'u1',
              displayName: 'Ann',
              accountEnabled: true,
              businessPhones: ['1'],
              identities: [{ a: 1 }],
              'manager@delta': [],
            },
            { id: 'u2', '@removed': { reason: 'changed' } },
            { id: 'u3', '@removed': { reason: 'deleted' } },
          ],
        },
      });
      const result = await directory.readDelta({
        kind: 'initial',
        select: ['displayName', 'accountEnabled'],
      });
      const request = only();
      expect(request.path).toBe('/users/delta');
      expect(request.query.get('$select')).toBe('displayName,accountEnabled');
      expect(result).toEqual({
        kind: 'page',
        page: {
          nextLink: `${stub.baseUrl}v1.0/users/delta?$skiptoken=abc`,
          changes: [
            {
              kind: 'present',
              user: {
                id: 'u1',
                attributes: { displayName: 'Ann', accountEnabled: true, businessPhones: ['1'] },
              },
            },
            { kind: 'removed', id: 'u2', reason: 'changed' },
            { kind: 'removed', id: 'u3', reason: 'deleted' },
          ],
        },
      });
    });

    it('asks for a delta link from now with $deltatoken=latest', async () => {
      stub.graph = () => ({
        status: 200,
        body: { value: [], '@odata.deltaLink': `${stub.baseUrl}v1.0/users/delta?$deltatoken=t1` },
      });
      const result = await directory.readDelta({ kind: 'latest', select: ['displayName'] });
      expect(only().query.get('$deltatoken')).toBe('latest');
      expect(result).toEqual({
        kind: 'page',
        page: { changes: [], deltaLink: `${stub.baseUrl}v1.0/users/delta?$deltatoken=t1` },
      });
    });

    it('follows a stored absolute link exactly as Graph gave it', async () => {
      stub.graph = () => ({
        status: 200,
        body: { value: [], '@odata.deltaLink': `${stub.baseUrl}v1.0/users/delta?$deltatoken=t2` },
      });
      await directory.readDelta({
        kind: 'link',
        link: `${stub.baseUrl}v1.0/users/delta?$deltatoken=a-b_c~1`,
      });
      expect(only().rawUrl).toBe('/users/delta?$deltatoken=a-b_c~1');
    });

    it('reports 410 Gone as resync-required rather than an error', async () => {
      stub.graph = () =>
        graphError(410, 'Gone', 'Sync reset.', { Location: `${stub.baseUrl}v1.0/users/delta?$deltatoken=` });
      const result = await directory.readDelta({
        kind: 'link',
        link: `${stub.baseUrl}v1.0/users/delta?$deltatoken=old`,
      });
      expect(result.kind).toBe('resync-required');
    });

    it('reports syncStateNotFound as resync-required', async () => {
      stub.graph = () => graphError(400, 'syncStateNotFound', 'The sync state is not found.');
      const result = await directory.readDelta({
        kind: 'link',
        link: `${stub.baseUrl}v1.0/users/delta?$deltatoken=old`,
      });
      expect(result).toMatchObject({ kind: 'resync-required' });
    });

    it('asks for a resync without calling Graph when the stored link is not an https URL', async () => {
      const result = await directory.readDelta({ kind: 'link', link: '/users/delta?$deltatoken=x' });
      expect(result.kind).toBe('resync-required');
      expect(stub.graphRequests).toHaveLength(0);
    });

    it('rejects a page with neither link as unexpected', async () => {
      stub.graph = () => ({ status: 200, body: { value: [] } });
      await expect(directory.readDelta({ kind: 'initial', select: [] })).rejects.toMatchObject({
        code: 'GRAPH.UNEXPECTED',
      });
    });
  });

  describe('reads', () => {
    it('percent-encodes the id so a #EXT# UPN reaches Graph whole, and drops id from the attributes', async () => {
      stub.graph = () => ({ status: 200, body: { id: 'u9', mail: 'ann@contoso.com' } });
      const user = await directory.getUser('ann_contoso.com#EXT#@fabrikam.onmicrosoft.com', ['mail']);
      expect(only().rawUrl).toBe('/users/ann_contoso.com%23EXT%23%40fabrikam.onmicrosoft.com?$select=mail');
      expect(user).toEqual({ id: 'u9', attributes: { mail: 'ann@contoso.com' } });
    });

    it('returns null for a user Graph does not know', async () => {
      expect(await directory.getUser('missing', ['mail'])).toBeNull();
    });

    it('filters by anchor with the value quoted and escaped', async () => {
      stub.graph = () => ({ status: 200, body: { value: [{ id: 'u1', [anchorAttribute]: "t:o'b#1&x" }] } });
      const users = await directory.findUsersByAnchor("t:o'b#1&x", [anchorAttribute]);
      const request = only();
      expect(request.query.get('$filter')).toBe(`${anchorAttribute} eq 't:o''b#1&x'`);
      expect(request.rawUrl).toContain('%23');
      expect(users).toEqual([{ id: 'u1', attributes: { [anchorAttribute]: "t:o'b#1&x" } }]);
    });

    it('finds external users by mail or otherMails with a default (non-advanced) query', async () => {
      stub.graph = () => ({
        status: 200,
        body: {
          value: [
            {
              id: 'internal',
              mail: "o'neil@contoso.com",
              creationType: null,
              userPrincipalName: 'oneil@fabrikam.com',
            },
            { id: 'invited', mail: "o'neil@contoso.com", creationType: 'Invitation', userPrincipalName: 'x' },
            {
              id: 'ext-upn',
              mail: null,
              creationType: null,
              userPrincipalName: 'oneil_contoso.com#EXT#@fabrikam.onmicrosoft.com',
            },
          ],
        },
      });
      const users = await directory.findExternalUsersByMail("o'neil@contoso.com", ['mail']);
      const request = only();
      expect(request.query.get('$filter')).toBe(
        "mail eq 'o''neil@contoso.com' or otherMails/any(x:x eq 'o''neil@contoso.com')",
      );
      expect(request.headers.consistencylevel).toBeUndefined();
      expect(request.query.has('$count')).toBe(false);
      expect(users.map((u) => u.id)).toEqual(['invited', 'ext-upn']);
      expect(users[0]?.attributes).toEqual({ mail: "o'neil@contoso.com" });
    });

    it('pages through external users and follows the next link', async () => {
      stub.graph = () => ({
        status: 200,
        body: {
          value: [{ id: 'a', creationType: 'Invitation', userPrincipalName: 'a_x.com#EXT#@f.com' }],
          '@odata.nextLink': `${stub.baseUrl}v1.0/users?$skiptoken=p2`,
        },
      });
      const first = await directory.listExternalUsers(['displayName']);
      const request = only();
      expect(request.query.has('$filter')).toBe(false);
      expect(request.query.get('$select')).toBe('displayName,creationType,userPrincipalName');
      expect(request.query.get('$top')).toBe('999');
      expect(first.nextLink).toBe(`${stub.baseUrl}v1.0/users?$skiptoken=p2`);
      stub.reset();
      stub.graph = () => ({ status: 200, body: { value: [{ id: 'b', creationType: 'Invitation' }] } });
      const second = await directory.listExternalUsers(['displayName'], first.nextLink);
      expect(only().rawUrl).toBe('/users?$skiptoken=p2');
      expect(second).toEqual({ items: [{ id: 'b', attributes: {} }] });
    });

    it('lists the same users as external as the mail lookup does: invited, or with #EXT# in the UPN', async () => {
      stub.graph = () => ({
        status: 200,
        body: {
          value: [
            { id: 'internal', creationType: null, userPrincipalName: 'oneil@fabrikam.com' },
            { id: 'invited', creationType: 'Invitation', userPrincipalName: 'x' },
            {
              id: 'ext-upn',
              creationType: null,
              userPrincipalName: 'oneil_contoso.com#EXT#@fabrikam.onmicrosoft.com',
            },
          ],
        },
      });
      const page = await directory.listExternalUsers(['userPrincipalName']);
      expect(page.items.map((u) => u.id)).toEqual(['invited', 'ext-upn']);
      expect(page.items[1]?.attributes).toEqual({
        userPrincipalName: 'oneil_contoso.com#EXT#@fabrikam.onmicrosoft.com',
      });
    });

    it('lists deleted users through the mandatory cast', async () => {
      stub.graph = () => ({ status: 200, body: { value: [{ id: 'd1', displayName: 'Gone' }] } });
      const page = await directory.listDeletedUsers(['displayName']);
      expect(only().path).toBe('/directory/deletedItems/microsoft.graph.user');
      expect(page.items).toEqual([{ id: 'd1', attributes: { displayName: 'Gone' } }]);
    });
  });

  describe('writes', () => {
    it('invites an external member without e-mail and returns the new user id', async () => {
      stub.graph = () => ({ status: 201, body: { id: 'invitation-id', invitedUser: { id: 'new-user' } } });
      const result = await directory.inviteExternalMember({
        email: 'ann@contoso.com',
        displayName: 'Ann',
        redirectUrl: 'https://myapps.microsoft.com',
      });
      const request = only();
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/invitations');
      expect(request.body).toEqual({
        invitedUserEmailAddress: 'ann@contoso.com',
        invitedUserDisplayName: 'Ann',
        inviteRedirectUrl: 'https://myapps.microsoft.com',
        invitedUserType: 'Member',
        sendInvitationMessage: false,
      });
      expect(result).toEqual({ userId: 'new-user' });
    });

    it('reports an address held by an internal account as a non-retryable target conflict naming it', async () => {
      stub.graph = () =>
        graphError(
          400,
          'BadRequest',
          `The invited user already exists in the directory as objectID: ${existingId}. They can use that account.`,
        );
      const error: unknown = await directory
        .inviteExternalMember({
          email: 'bob@fabrikam.com',
          displayName: 'Bob',
          redirectUrl: 'https://myapps.microsoft.com',
        })
        .catch((e: unknown) => e);
      expect(isSyncError(error, 'SYNC.TARGET_CONFLICT')).toBe(true);
      expect((error as Error).message).toContain(existingId);
      expect((error as { retryable: boolean }).retryable).toBe(false);
    });

    it('patches only the given attributes, nulls included', async () => {
      stub.graph = () => ({ status: 204 });
      await directory.updateUser('u1', { jobTitle: 'Lead', mobilePhone: null, [anchorAttribute]: 'a:b' });
      const request = only();
      expect(request.method).toBe('PATCH');
      expect(request.path).toBe('/users/u1');
      expect(request.body).toEqual({ jobTitle: 'Lead', mobilePhone: null, [anchorAttribute]: 'a:b' });
    });

    it('makes no call for an empty patch', async () => {
      await directory.updateUser('u1', {});
      expect(stub.graphRequests).toHaveLength(0);
    });

    it('treats deleting a user that is already gone as success', async () => {
      await expect(directory.deleteUser('gone')).resolves.toBeUndefined();
      expect(only().method).toBe('DELETE');
    });

    it('reports a forbidden delete', async () => {
      stub.graph = () =>
        graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      await expect(directory.deleteUser('u1')).rejects.toMatchObject({ code: 'GRAPH.FORBIDDEN' });
    });

    it('restores a deleted user and says false once it is no longer in deleted items', async () => {
      stub.graph = () => ({ status: 200, body: { '@odata.type': '#microsoft.graph.user', id: 'd1' } });
      expect(await directory.restoreDeletedUser('d1')).toBe(true);
      expect(only()).toMatchObject({ method: 'POST', path: '/directory/deletedItems/d1/restore' });
      stub.reset();
      expect(await directory.restoreDeletedUser('d1')).toBe(false);
    });
  });
});
