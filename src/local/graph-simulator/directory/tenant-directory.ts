/**
 * One simulated tenant's directory (`TenantDirectory`): users, deleted items, invitations and delta over
 * an in-memory store. Every method first purges deleted items past their 30 days, so retention needs no
 * timer. All errors are `GraphHttpError`s with Graph's codes.
 */
import type {
  DeltaExpiryMode,
  DeltaRequest,
  DeltaResult,
  DirectoryChangeEvent,
  DirectoryKnobs,
  GraphObject,
  InvitationBody,
  ListUsersQuery,
  ListUsersResult,
  SimulatorClock,
  TenantDirectory,
} from './contract.js';
import { ChangeLog } from './change-log.js';
import { runDelta } from './delta-engine.js';
import { DeltaEpochs } from './delta-tokens.js';
import { resourceNotFound } from './directory-errors.js';
import { inviteUser } from './invitations.js';
import { listUserPage } from './list-users.js';
import { compileProjection, projectUser } from './projection.js';
import type { SeedTenant } from '../seed.js';
import { seedUserValues } from './seed-users.js';
import { syntheticUserValues } from './synthetic-users.js';
import { assertRestorable, createUserValues, updateUserValues, type UserDomains } from './user-changes.js';
import type { UserRecord } from './user-record.js';
import { UserStore } from './user-store.js';
import type { UserSchema } from './user-properties.js';
import { UserWriter } from './user-writer.js';

/** What a tenant directory needs from the simulator around it. */
export interface TenantDirectoryOptions {
  readonly tenant: SeedTenant;
  readonly schema: UserSchema;
  readonly clock: SimulatorClock;
  readonly knobs: DirectoryKnobs;
  readonly newId: () => string;
  readonly emit: (event: DirectoryChangeEvent) => void;
}

/** The in-memory directory of one simulated tenant. */
export class SimulatedTenantDirectory implements TenantDirectory {
  readonly tenantId: string;
  readonly key: string;
  readonly displayName: string;
  readonly defaultDomain: string;
  readonly verifiedDomains: readonly string[];
  private readonly store = new UserStore();
  private readonly log = new ChangeLog();
  private readonly epochs = new DeltaEpochs();
  private readonly writer: UserWriter;
  private syntheticCount = 0;

  constructor(private readonly options: TenantDirectoryOptions) {
    const { tenant } = options;
    this.tenantId = tenant.tenantId.toLowerCase();
    this.key = tenant.key;
    this.displayName = tenant.displayName;
    this.defaultDomain = tenant.defaultDomain;
    this.verifiedDomains = [...tenant.verifiedDomains];
    this.writer = new UserWriter({ ...options, tenantId: this.tenantId, store: this.store, log: this.log });
    const created = this.writer.nowIso();
    for (const values of seedUserValues(tenant, options.schema, options.newId, created)) {
      if (this.store.findActive(values.id) !== undefined)
        throw new Error(`Invalid seed tenant '${tenant.key}': user id ${values.id} is used twice.`);
      this.writer.add(values, true);
    }
    this.addSyntheticUsers(tenant.syntheticUsers, true);
  }

  userCount(): number {
    this.writer.purgeExpired();
    return this.store.active.size;
  }

  listUsers(query: ListUsersQuery): ListUsersResult {
    this.writer.purgeExpired();
    return listUserPage(query, this.listContext('users'));
  }

  getUser(idOrUserPrincipalName: string, select?: readonly string[]): GraphObject {
    this.writer.purgeExpired();
    const projection = compileProjection(select, this.options.schema);
    return projectUser(this.activeUser(idOrUserPrincipalName).values, projection, 'resource');
  }

  createUser(body: Record<string, unknown>): GraphObject {
    this.writer.purgeExpired();
    const values = createUserValues(body, this.domains(), this.options.newId(), this.writer.nowIso());
    const record = this.writer.add(values);
    return projectUser(record.values, compileProjection(undefined, this.options.schema), 'resource');
  }

  updateUser(idOrUserPrincipalName: string, body: Record<string, unknown>): void {
    this.writer.purgeExpired();
    const record = this.activeUser(idOrUserPrincipalName);
    const { values, changed } = updateUserValues(record, body, this.domains());
    this.writer.update(record, values, changed);
  }

  deleteUser(idOrUserPrincipalName: string): void {
    this.writer.purgeExpired();
    this.writer.softDelete(this.activeUser(idOrUserPrincipalName));
  }

  listDeletedUsers(query: ListUsersQuery): ListUsersResult {
    this.writer.purgeExpired();
    return listUserPage(query, this.listContext('deleted'));
  }

  restoreDeletedUser(id: string): GraphObject {
    this.writer.purgeExpired();
    const record = this.deletedUser(id);
    assertRestorable(record, this.store);
    this.writer.restore(record);
    const projection = compileProjection(undefined, this.options.schema);
    return { '@odata.type': '#microsoft.graph.user', ...projectUser(record.values, projection, 'resource') };
  }

  purgeDeletedUser(id: string): void {
    this.writer.purgeExpired();
    this.writer.purge(this.deletedUser(id));
  }

  invite(body: InvitationBody): GraphObject {
    this.writer.purgeExpired();
    return inviteUser(
      {
        tenantId: this.tenantId,
        defaultDomain: this.defaultDomain,
        verifiedDomains: this.verifiedDomains,
        allowInvitesFrom: this.options.tenant.policies.allowInvitesFrom,
        store: this.store,
        writer: this.writer,
        newId: this.options.newId,
      },
      body,
    );
  }

  delta(request: DeltaRequest): DeltaResult {
    this.writer.purgeExpired();
    return runDelta(request, {
      tenantId: this.tenantId,
      schema: this.options.schema,
      store: this.store,
      log: this.log,
      epochs: this.epochs,
      now: this.options.clock.now(),
      pageSize: Math.max(1, Math.floor(this.options.knobs.deltaPageSize)),
    });
  }

  expireDeltaTokens(mode: DeltaExpiryMode): void {
    this.epochs.expire(mode);
  }

  /**
   * Adds `count` generated internal members (see synthetic-users.ts).
   * @param visibleNow - users generated at start are visible to delta at once.
   */
  addSyntheticUsers(count: number, visibleNow = false): void {
    const { tenant } = this.options;
    const domain = tenant.verifiedDomains[0] ?? tenant.defaultDomain;
    const identity = { tenantId: this.tenantId, domain, companyName: tenant.displayName };
    const created = this.writer.nowIso();
    for (let i = 0; i < count; i++) {
      const values = syntheticUserValues(identity, this.syntheticCount, created);
      this.syntheticCount += 1;
      // A seeded user may already hold the generated UPN; skip that number rather than fail.
      if (this.store.findActive(values.userPrincipalName as string) !== undefined) {
        i -= 1;
        continue;
      }
      this.writer.add(values, visibleNow);
    }
  }

  private domains(): UserDomains {
    return {
      schema: this.options.schema,
      store: this.store,
      domains: [this.defaultDomain, ...this.verifiedDomains],
    };
  }

  private listContext(collection: 'users' | 'deleted'): Parameters<typeof listUserPage>[1] {
    return { tenantId: this.tenantId, schema: this.options.schema, store: this.store, collection };
  }

  private activeUser(idOrUserPrincipalName: string): UserRecord {
    const record = this.store.findActive(idOrUserPrincipalName);
    if (record === undefined) throw resourceNotFound(idOrUserPrincipalName);
    return record;
  }

  private deletedUser(id: string): UserRecord {
    const record = this.store.findDeleted(id);
    if (record === undefined) throw resourceNotFound(id);
    return record;
  }
}
