/**
 * {@link UserDirectory} over Microsoft Graph v1.0 for one tenant: delta reads, lookups, invitations and
 * the writes the apply step makes. Failures become SyncErrors (graph-errors.ts); "not found" on single
 * reads and Graph's "start over" on delta are values.
 */
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import type { DeltaReadResult, DeltaStart, Page, UserDirectory } from '../../app/ports.js';
import { SyncError, isSyncError } from '../../core/sync-errors.js';
import type { DirectoryUser } from '../../core/user-attributes.js';
import { toSyncError, type GraphOperation } from './graph-errors.js';
import { inviteExternalMember } from './graph-invitation.js';
import { equalsFilter, isFollowableLink, mailFilter, userPath } from './graph-query.js';
import {
  deltaPageSchema,
  graphPageSchema,
  graphUserSchema,
  parseGraphBody,
  toDeltaChange,
  toDirectoryUser,
} from './graph-user-mapping.js';

/** What {@link createGraphUserDirectory} needs. */
export interface GraphUserDirectoryOptions {
  readonly tenantId: string;
  /** A client authenticated for `tenantId` (graph-client-factory.ts). */
  readonly client: Client;
  /** `extension_<appIdWithoutHyphens>_xtsyncSourceAnchor`. */
  readonly anchorAttribute: string;
}

// Largest page Graph allows for users and deleted items: fewer round trips per reconcile.
const pageSize = 999;

/** Builds the {@link UserDirectory} of one tenant on a Graph client. */
export function createGraphUserDirectory(options: GraphUserDirectoryOptions): UserDirectory {
  const { tenantId, client, anchorAttribute } = options;

  async function call<T>(
    operation: GraphOperation,
    objectId: string | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toSyncError(error, { tenantId, operation, ...(objectId === undefined ? {} : { objectId }) });
    }
  }

  const withSelect = (request: GraphRequest, select: readonly string[]): GraphRequest =>
    select.length === 0 ? request : request.select([...select]);

  async function listUsers(
    path: string,
    operation: GraphOperation,
    prepare: (request: GraphRequest) => GraphRequest,
    nextLink: string | undefined,
  ): Promise<Page<DirectoryUser>> {
    if (nextLink !== undefined && !isFollowableLink(nextLink)) {
      throw new SyncError(
        'GRAPH.BAD_REQUEST',
        `Graph ${operation} in tenant ${tenantId}: nextLink is not an absolute https link`,
      );
    }
    const body: unknown = await call(operation, undefined, () =>
      (nextLink === undefined ? prepare(client.api(path)) : client.api(nextLink)).get(),
    );
    const page = parseGraphBody(graphPageSchema, body, `${operation} page`, tenantId);
    const items = page.value.map((item) =>
      toDirectoryUser(parseGraphBody(graphUserSchema, item, 'user', tenantId)),
    );
    const next = page['@odata.nextLink'];
    return next === undefined ? { items } : { items, nextLink: next };
  }

  return {
    tenantId,

    async readDelta(start: DeltaStart): Promise<DeltaReadResult> {
      if (start.kind === 'link' && !isFollowableLink(start.link)) {
        return { kind: 'resync-required', reason: 'the stored delta link is not an absolute https link' };
      }
      let body: unknown;
      try {
        body = await call('read delta', undefined, () => {
          if (start.kind === 'link') return client.api(start.link).get();
          const request = withSelect(client.api('/users/delta'), start.select);
          // "Sync from now": no users, only a delta link.
          return (start.kind === 'latest' ? request.query({ $deltatoken: 'latest' }) : request).get();
        });
      } catch (error) {
        if (isSyncError(error, 'GRAPH.RESYNC_REQUIRED'))
          return { kind: 'resync-required', reason: error.message };
        throw error;
      }
      const page = parseGraphBody(deltaPageSchema, body, 'delta page', tenantId);
      const changes = page.value.map(toDeltaChange);
      const nextLink = page['@odata.nextLink'];
      const deltaLink = page['@odata.deltaLink'];
      if (nextLink !== undefined && deltaLink === undefined)
        return { kind: 'page', page: { changes, nextLink } };
      if (deltaLink !== undefined && nextLink === undefined)
        return { kind: 'page', page: { changes, deltaLink } };
      throw new SyncError(
        'GRAPH.UNEXPECTED',
        `Graph delta page in tenant ${tenantId} has ${nextLink === undefined ? 'neither' : 'both'} a nextLink and a deltaLink`,
        { details: { tenantId } },
      );
    },

    async getUser(id, select) {
      try {
        const body: unknown = await call('read users', id, () =>
          withSelect(client.api(userPath(id)), select).get(),
        );
        return toDirectoryUser(parseGraphBody(graphUserSchema, body, 'user', tenantId));
      } catch (error) {
        if (isSyncError(error, 'GRAPH.NOT_FOUND')) return null;
        throw error;
      }
    },

    async findUsersByAnchor(anchor, select) {
      const page = await listUsers(
        '/users',
        'read users',
        (request) => withSelect(request.filter(equalsFilter(anchorAttribute, anchor)), select),
        undefined,
      );
      return page.items;
    },

    async findExternalUsersByMail(email, select) {
      const page = await listUsers(
        '/users',
        'read users',
        (request) => request.filter(mailFilter(email)).select([...select, ...externalCheckNeeds(select)]),
        undefined,
      );
      return onlyExternal(page.items, select);
    },

    async listExternalUsers(select, nextLink) {
      // No server-side filter: Graph can only say `creationType eq 'Invitation'`, and an external user made
      // otherwise (its UPN has #EXT#) that xtsync adopted by mail carries an anchor too. Every user is read
      // and the same predicate as the mail lookup keeps the external ones; callers check the anchor.
      const page = await listUsers(
        '/users',
        'read users',
        (request) => request.select([...select, ...externalCheckNeeds(select)]).top(pageSize),
        nextLink,
      );
      const items = onlyExternal(page.items, select);
      return page.nextLink === undefined ? { items } : { items, nextLink: page.nextLink };
    },

    inviteExternalMember(invitation) {
      return inviteExternalMember(client, tenantId, invitation);
    },

    async updateUser(id, attributes) {
      // Never write what did not change: an empty patch is no call at all.
      if (Object.keys(attributes).length === 0) return;
      await call('update user', id, () => client.api(userPath(id)).patch(attributes));
    },

    async deleteUser(id) {
      try {
        await call('delete user', id, () => client.api(userPath(id)).delete());
      } catch (error) {
        if (!isSyncError(error, 'GRAPH.NOT_FOUND')) throw error;
      }
    },

    listDeletedUsers(select, nextLink) {
      // The microsoft.graph.user cast is mandatory: without it Graph answers 400.
      return listUsers(
        '/directory/deletedItems/microsoft.graph.user',
        'list deleted users',
        (request) => withSelect(request.top(pageSize), select),
        nextLink,
      );
    },

    async restoreDeletedUser(id) {
      try {
        await call('restore deleted user', id, () =>
          client.api(`/directory/deletedItems/${encodeURIComponent(id)}/restore`).post(undefined),
        );
        return true;
      } catch (error) {
        if (isSyncError(error, 'GRAPH.NOT_FOUND')) return false;
        throw error;
      }
    },
  };
}

// The properties the external check reads; selected for it, then dropped unless the caller selected them.
const externalCheck = ['creationType', 'userPrincipalName'] as const;

function externalCheckNeeds(select: readonly string[]): string[] {
  return externalCheck.filter((name) => !select.includes(name));
}

/**
 * True for a B2B user of the tenant: created by invitation, or (older invitations, other creation paths)
 * carrying `#EXT#` in its UPN. The one predicate both external lookups use.
 */
function isExternalUser(user: DirectoryUser): boolean {
  const upn = user.attributes.userPrincipalName;
  return user.attributes.creationType === 'Invitation' || (typeof upn === 'string' && upn.includes('#EXT#'));
}

/** The external users of `users`, with only the `select`ed attributes. */
function onlyExternal(users: readonly DirectoryUser[], select: readonly string[]): DirectoryUser[] {
  const omit = new Set(externalCheckNeeds(select));
  return users.filter(isExternalUser).map((user) => ({
    id: user.id,
    attributes: Object.fromEntries(Object.entries(user.attributes).filter(([name]) => !omit.has(name))),
  }));
}
