/**
 * The interfaces use cases depend on. Adapters implement them (Graph, Table Storage, Service Bus); tests use
 * in-memory fakes that pass the same contract suites (test/support/contracts).
 */
import type { Link } from '../core/link.js';
import type { DirectoryUser, UserAttributes } from '../core/user-attributes.js';
import type { DrainRequest, TargetChange } from './messages.js';

export type { Link, LinkState } from '../core/link.js';

// ---------------------------------------------------------------------------------------------------------
// Cross-cutting

/** Structured log fields: ids and counts, never tokens, secrets or client states. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A structured logger bound to a context (invocation, tenant, sync). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): Logger;
}

/** The current time; injected so tests and the simulator can move it. */
export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------------------
// Graph, per tenant

/** One item of a `/users/delta` page. */
export type DeltaUserChange =
  | { readonly kind: 'present'; readonly user: DirectoryUser }
  | { readonly kind: 'removed'; readonly id: string; readonly reason: 'changed' | 'deleted' };

/** One page of a delta round: exactly one of `nextLink` (more pages) or `deltaLink` (round complete). */
export interface DeltaPage {
  readonly changes: readonly DeltaUserChange[];
  readonly nextLink?: string;
  readonly deltaLink?: string;
}

/** Result of reading a delta page: the page, or Graph's instruction to start over with a full round. */
export type DeltaReadResult =
  | { readonly kind: 'page'; readonly page: DeltaPage }
  | { readonly kind: 'resync-required'; readonly reason: string };

/** Where a delta read starts: a fresh round with a property list, or a stored next/delta link. */
export type DeltaStart =
  | { readonly kind: 'initial'; readonly select: readonly string[] }
  | { readonly kind: 'latest'; readonly select: readonly string[] }
  | { readonly kind: 'link'; readonly link: string };

/** What an invitation needs: the address, the name shown, where redemption lands. */
export interface ExternalMemberInvitation {
  readonly email: string;
  readonly displayName: string;
  readonly redirectUrl: string;
}

/** A paged read: the items of this page and the link to the next one, if any. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextLink?: string;
}

/**
 * The users of one tenant as seen through Microsoft Graph with xtsync's app identity. Methods throw
 * SyncError (GRAPH.*) for failures; "not found" on a single read is the value `null`.
 */
export interface UserDirectory {
  readonly tenantId: string;
  readDelta(start: DeltaStart): Promise<DeltaReadResult>;
  getUser(id: string, select: readonly string[]): Promise<DirectoryUser | null>;
  /** Users (normally at most one) carrying this xtsync anchor value. */
  findUsersByAnchor(anchor: string, select: readonly string[]): Promise<readonly DirectoryUser[]>;
  /** External (invited) users whose `mail` or `otherMails` equals `email`, case-insensitively. */
  findExternalUsersByMail(email: string, select: readonly string[]): Promise<readonly DirectoryUser[]>;
  /**
   * Pages through the tenant's external users (invited, or with an `#EXT#` UPN — the same rule as the mail
   * lookup), with `select`.
   */
  listExternalUsers(select: readonly string[], nextLink?: string): Promise<Page<DirectoryUser>>;
  /** Invites an external member (`invitedUserType: Member`, no e-mail) and returns the new user's id. */
  inviteExternalMember(invitation: ExternalMemberInvitation): Promise<{ readonly userId: string }>;
  /** PATCHes only the given attributes (null clears). */
  updateUser(id: string, attributes: UserAttributes): Promise<void>;
  /** Soft-deletes the user into deleted items. Already gone is not an error. */
  deleteUser(id: string): Promise<void>;
  /** Pages through soft-deleted users, with `select`. */
  listDeletedUsers(select: readonly string[], nextLink?: string): Promise<Page<DirectoryUser>>;
  /** Restores a soft-deleted user; returns false when it is no longer in deleted items. */
  restoreDeletedUser(id: string): Promise<boolean>;
}

/** Gives the {@link UserDirectory} of a tenant; one cached credential and client per tenant. */
export interface DirectoryProvider {
  forTenant(tenantId: string): UserDirectory;
}

/** A Graph change-notification subscription as Graph reports it. */
export interface GraphSubscription {
  readonly id: string;
  readonly resource: string;
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | null;
  readonly expirationDateTime: string;
}

/** What xtsync asks for when it subscribes to a source tenant's users. */
export interface SubscriptionRequest {
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string;
  readonly clientState: string;
  readonly expirationDateTime: Date;
}

/** Graph subscriptions of one tenant. Renew/reauthorize/delete return false when the subscription is gone. */
export interface SubscriptionGateway {
  create(tenantId: string, request: SubscriptionRequest): Promise<GraphSubscription>;
  renew(
    tenantId: string,
    subscriptionId: string,
    expirationDateTime: Date,
  ): Promise<GraphSubscription | null>;
  reauthorize(tenantId: string, subscriptionId: string): Promise<boolean>;
  delete(tenantId: string, subscriptionId: string): Promise<boolean>;
  list(tenantId: string): Promise<readonly GraphSubscription[]>;
}

// ---------------------------------------------------------------------------------------------------------
// State (Table Storage). Every save is conditional: `etag: null` means "must not exist yet"; a lost race
// throws SyncError STATE.CONFLICT (retryable).

/** A stored value and the ETag to write it back with. */
export interface Stored<T> {
  readonly value: T;
  readonly etag: string;
}

/** Where the delta reading of one source tenant stands. */
export interface DeltaCursor {
  readonly sourceTenantId: string;
  /** The next link of an unfinished round, or the delta link of the last finished one. */
  readonly link: string;
  readonly roundComplete: boolean;
  /** Hash of the `$select` list baked into the link; a different list needs a new round. */
  readonly selectHash: string;
  /** Id of the round in progress or last finished (full rounds mark users seen with it). */
  readonly roundId: string;
  readonly roundIsFull: boolean;
  readonly updatedAt: string;
  /**
   * Syncs whose decisions this round republishes (a full resync, a resume): kept with the round so every
   * drain that continues it applies them, not only the resync's own continuation messages.
   */
  readonly resetSyncIds?: readonly string[];
  /** Admin jobs (full resyncs) that complete when this round completes. */
  readonly jobIds?: readonly string[];
  /** Correlation id of the resync request that restarted this round; its retries continue the round. */
  readonly restartedBy?: string;
}

export interface CursorStore {
  get(sourceTenantId: string): Promise<Stored<DeltaCursor> | null>;
  save(cursor: DeltaCursor, etag: string | null): Promise<string>;
  delete(sourceTenantId: string): Promise<void>;
}

/** Source-side state of a mirrored user. */
export type MirrorState = 'present' | 'soft-deleted' | 'hard-deleted';

/** xtsync's copy of a source user: the attributes it reads, their hash, and what it published per sync. */
export interface MirroredUser {
  readonly sourceTenantId: string;
  readonly userId: string;
  readonly attributes: UserAttributes;
  readonly hash: string;
  /** Increases by one whenever hash or state changes; orders messages for this user. */
  readonly version: number;
  readonly state: MirrorState;
  readonly lastSeenAt: string;
  /** Round id of the last delta round that showed this user. */
  readonly lastSeenRound: string;
  /** Per sync id: the desired-state hash last published, or `removed`. */
  readonly published: Readonly<Record<string, string>>;
}

export interface SourceMirror {
  get(sourceTenantId: string, userId: string): Promise<Stored<MirroredUser> | null>;
  save(user: MirroredUser, etag: string | null): Promise<string>;
  list(
    sourceTenantId: string,
    continuationToken?: string,
  ): Promise<{
    readonly items: readonly Stored<MirroredUser>[];
    readonly continuationToken?: string;
  }>;
}

export interface LinkStore {
  get(syncId: string, sourceUserId: string): Promise<Stored<Link> | null>;
  save(link: Link, etag: string | null): Promise<string>;
  list(
    syncId: string,
    continuationToken?: string,
  ): Promise<{
    readonly items: readonly Stored<Link>[];
    readonly continuationToken?: string;
  }>;
}

/** A Graph subscription xtsync owns, with its secret client state. */
export interface SubscriptionRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly resource: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string;
  /** Secret shared with Graph; compared in constant time; never logged. */
  readonly clientState: string;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly renewedAt: string;
}

export interface SubscriptionStore {
  get(subscriptionId: string): Promise<SubscriptionRecord | null>;
  listByTenant(tenantId: string): Promise<readonly SubscriptionRecord[]>;
  listAll(): Promise<readonly SubscriptionRecord[]>;
  save(record: SubscriptionRecord): Promise<void>;
  delete(tenantId: string, subscriptionId: string): Promise<void>;
}

/** What the apply step did (or decided not to do) for one user of one sync. */
export type SyncAction = 'create' | 'adopt' | 'update' | 'disable' | 'restore' | 'delete' | 'none';

/** One provisioning-log entry, like a CTS provisioning log row. */
export interface ProvisioningLogEntry {
  readonly id: string;
  readonly at: string;
  readonly syncId: string;
  readonly sourceTenantId: string;
  readonly targetTenantId: string;
  readonly sourceUserId: string;
  readonly targetUserId: string | null;
  readonly action: SyncAction;
  readonly outcome: 'success' | 'failure' | 'skipped';
  /** Why: the scope decision, the match, the removal reason, or the error code. */
  readonly reason: string;
  readonly changedAttributes: readonly string[];
  readonly graphWrites: number;
  readonly durationMs: number;
  readonly correlationId: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

export interface ProvisioningLogQuery {
  readonly syncId?: string;
  readonly sourceUserId?: string;
  readonly since: Date;
  readonly until?: Date;
  readonly limit?: number;
}

export interface ProvisioningLog {
  append(entry: ProvisioningLogEntry): Promise<void>;
  /** Newest first. */
  query(query: ProvisioningLogQuery): Promise<readonly ProvisioningLogEntry[]>;
}

/** One applied version of the topology file, stored as given. */
export interface TopologyVersion {
  readonly version: number;
  /** The topology file's text (YAML), exactly as applied. */
  readonly source: string;
  readonly appliedAt: string;
  readonly appliedBy: string;
}

/** Versioned topology: each apply stores a new version and makes it the active one. */
export interface TopologyStore {
  /** Stores a new version (1, 2, 3…) and activates it; concurrent saves never share a version. */
  saveVersion(input: { readonly source: string; readonly appliedBy: string }): Promise<TopologyVersion>;
  getActive(): Promise<TopologyVersion | null>;
  getVersion(version: number): Promise<TopologyVersion | null>;
  /** Newest first. */
  listVersions(limit: number): Promise<readonly TopologyVersion[]>;
}

/** A message xtsync gave up on, kept with its reason so an operator can replay it after a fix. */
export interface DeadLetter {
  readonly id: string;
  /** Sync id for target changes; `source-changes` for drains. */
  readonly scope: string;
  readonly body: unknown;
  readonly reasonCode: string;
  readonly description: string;
  readonly at: string;
}

export interface DeadLetterStore {
  put(letter: DeadLetter): Promise<void>;
  list(scope: string): Promise<readonly DeadLetter[]>;
  remove(scope: string, id: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Messaging (Service Bus in Azure; the in-process bus locally)

/** Sends xtsync's messages with their session ids, message ids and routing properties. */
export interface SyncQueue {
  enqueueDrains(requests: readonly DrainRequest[]): Promise<void>;
  scheduleDrain(request: DrainRequest, at: Date): Promise<void>;
  publishTargetChanges(changes: readonly TargetChange[]): Promise<void>;
  scheduleTargetChange(change: TargetChange, at: Date): Promise<void>;
}
