/**
 * An in-memory UserDirectory for use-case tests: target users keyed by id, soft-deleted users, a scripted
 * `/users/delta`, and a count of Graph writes (invitation, PATCH, DELETE, restore each count one), so tests
 * can assert "a create costs 2 writes, an unchanged user 0". Failures are injected per method.
 */
import { randomUUID } from 'node:crypto';
import type {
  DeltaReadResult,
  DeltaStart,
  DirectoryProvider,
  ExternalMemberInvitation,
  Page,
  UserDirectory,
} from '../../../src/app/ports.js';
import { SyncError } from '../../../src/core/sync-errors.js';
import type { AttributeValue, DirectoryUser, UserAttributes } from '../../../src/core/user-attributes.js';

type Method = Exclude<keyof UserDirectory, 'tenantId'>;

export interface FakeUserDirectory extends UserDirectory {
  readonly users: Map<string, Record<string, AttributeValue>>;
  readonly deleted: Map<string, Record<string, AttributeValue>>;
  /** Graph writes made so far, by kind. */
  readonly writes: {
    invitations: number;
    patches: number;
    deletes: number;
    restores: number;
    total(): number;
  };
  /** Every call made, in order (method name and first argument). */
  readonly calls: { method: Method; arg: unknown }[];
  /** Makes the next `times` calls of `method` throw `error` (before doing anything). */
  failNext(method: Method, error: Error, times?: number): void;
  /** Pages returned by `readDelta`, in order; a start is recorded in `deltaStarts`. */
  readonly deltaScript: DeltaReadResult[];
  readonly deltaStarts: DeltaStart[];
  /** Adds a user and returns its id. */
  addUser(attributes: UserAttributes, id?: string): string;
}

/** Creates a fake directory for `tenantId` that reads anchors from `anchorAttribute`. */
export function createFakeUserDirectory(tenantId: string, anchorAttribute: string): FakeUserDirectory {
  const users = new Map<string, Record<string, AttributeValue>>();
  const deleted = new Map<string, Record<string, AttributeValue>>();
  const failures: { method: Method; error: Error; times: number }[] = [];
  const calls: { method: Method; arg: unknown }[] = [];
  const writes = {
    invitations: 0,
    patches: 0,
    deletes: 0,
    restores: 0,
    total() {
      return this.invitations + this.patches + this.deletes + this.restores;
    },
  };
  const deltaScript: DeltaReadResult[] = [];
  const deltaStarts: DeltaStart[] = [];

  const enter = (method: Method, arg: unknown): void => {
    calls.push({ method, arg });
    const failure = failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times -= 1;
      throw failure.error;
    }
  };
  const project = (
    id: string,
    attributes: Record<string, AttributeValue>,
    select: readonly string[],
  ): DirectoryUser => ({
    id,
    attributes: Object.fromEntries(
      select.filter((name) => name !== 'id').map((name) => [name, attributes[name] ?? null]),
    ),
  });
  const isExternal = (attributes: Record<string, AttributeValue>): boolean =>
    attributes.creationType === 'Invitation' || String(attributes.userPrincipalName ?? '').includes('#EXT#');
  const mailsOf = (attributes: Record<string, AttributeValue>): string[] =>
    [attributes.mail, ...(Array.isArray(attributes.otherMails) ? (attributes.otherMails as string[]) : [])]
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.toLowerCase());

  const directory: FakeUserDirectory = {
    tenantId,
    users,
    deleted,
    writes,
    calls,
    deltaScript,
    deltaStarts,
    failNext(method, error, times = 1) {
      failures.push({ method, error, times });
    },
    addUser(attributes, id = randomUUID()) {
      users.set(id, { ...attributes });
      return id;
    },
    readDelta(start) {
      enter('readDelta', start);
      deltaStarts.push(start);
      const next = deltaScript.shift();
      if (!next) throw new Error('The fake delta script is empty.');
      return Promise.resolve(next);
    },
    getUser(id, select) {
      enter('getUser', id);
      const user = users.get(id);
      return Promise.resolve(user ? project(id, user, select) : null);
    },
    findUsersByAnchor(anchor, select) {
      enter('findUsersByAnchor', anchor);
      return Promise.resolve(
        [...users].filter(([, a]) => a[anchorAttribute] === anchor).map(([id, a]) => project(id, a, select)),
      );
    },
    findExternalUsersByMail(email, select) {
      enter('findExternalUsersByMail', email);
      return Promise.resolve(
        [...users]
          .filter(([, a]) => isExternal(a) && mailsOf(a).includes(email.toLowerCase()))
          .map(([id, a]) => project(id, a, select)),
      );
    },
    listExternalUsers(select): Promise<Page<DirectoryUser>> {
      enter('listExternalUsers', select);
      return Promise.resolve({
        items: [...users].filter(([, a]) => isExternal(a)).map(([id, a]) => project(id, a, select)),
      });
    },
    inviteExternalMember(invitation: ExternalMemberInvitation) {
      enter('inviteExternalMember', invitation);
      writes.invitations += 1;
      const existing = [...users].find(
        ([, a]) => isExternal(a) && mailsOf(a).includes(invitation.email.toLowerCase()),
      );
      if (existing) return Promise.resolve({ userId: existing[0] });
      const id = randomUUID();
      users.set(id, {
        mail: invitation.email,
        otherMails: [invitation.email],
        displayName: invitation.displayName,
        userPrincipalName: `${invitation.email.replace('@', '_')}#EXT#@target.onmicrosoft.com`,
        userType: 'Member',
        creationType: 'Invitation',
        accountEnabled: true,
      });
      return Promise.resolve({ userId: id });
    },
    updateUser(id, attributes) {
      enter('updateUser', { id, attributes });
      const user = users.get(id);
      if (!user) return Promise.reject(new SyncError('GRAPH.NOT_FOUND', `User ${id} not found`));
      writes.patches += 1;
      Object.assign(user, attributes);
      return Promise.resolve();
    },
    deleteUser(id) {
      enter('deleteUser', id);
      const user = users.get(id);
      if (user) {
        writes.deletes += 1;
        users.delete(id);
        deleted.set(id, user);
      }
      return Promise.resolve();
    },
    listDeletedUsers(select) {
      enter('listDeletedUsers', select);
      return Promise.resolve({ items: [...deleted].map(([id, a]) => project(id, a, select)) });
    },
    restoreDeletedUser(id) {
      enter('restoreDeletedUser', id);
      const user = deleted.get(id);
      if (!user) return Promise.resolve(false);
      writes.restores += 1;
      deleted.delete(id);
      users.set(id, user);
      return Promise.resolve(true);
    },
  };
  return directory;
}

/** A DirectoryProvider over fake directories, created on first use per tenant. */
export function createFakeDirectoryProvider(anchorAttribute: string): DirectoryProvider & {
  readonly directories: Map<string, FakeUserDirectory>;
  get(tenantId: string): FakeUserDirectory;
} {
  const directories = new Map<string, FakeUserDirectory>();
  const get = (tenantId: string): FakeUserDirectory => {
    let directory = directories.get(tenantId);
    if (!directory) {
      directory = createFakeUserDirectory(tenantId, anchorAttribute);
      directories.set(tenantId, directory);
    }
    return directory;
  };
  return { directories, get, forTenant: get };
}
