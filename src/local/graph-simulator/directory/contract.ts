/**
 * The contract between the simulator's directory engine (directory/) and its HTTP server (server/).
 *
 * The engine knows tenants, users, OData query rules, delta, invitations and deleted items; it is pure
 * in-memory state driven by a clock and throws GraphHttpError for every Graph error. The server knows HTTP:
 * TLS, the fake authority, tokens and roles, routing, throttling, faults, `$batch`, subscriptions and
 * notification delivery, and it turns engine tokens into absolute `@odata.nextLink` / `@odata.deltaLink`.
 */

/** A JSON object as Graph returns it (already projected by `$select`). */
export type GraphObject = Record<string, unknown>;

/** Milliseconds since the epoch, as the simulator's clock tells it (tests may move it forward). */
export interface SimulatorClock {
  now(): number;
}

/** Parsed query options of `GET /users` and `GET /directory/deletedItems/microsoft.graph.user`. */
export interface ListUsersQuery {
  readonly select?: readonly string[];
  readonly filter?: string;
  readonly top?: number;
  /** Opaque token from a previous page's `nextSkipToken`. */
  readonly skipToken?: string;
  /** `$count=true` was given. */
  readonly count?: boolean;
  readonly orderBy?: string;
  readonly search?: string;
  /** The request carried `ConsistencyLevel: eventual`. */
  readonly consistencyLevelEventual: boolean;
}

export interface ListUsersResult {
  readonly value: readonly GraphObject[];
  /** Present when there is another page; the server makes `@odata.nextLink` from it. */
  readonly nextSkipToken?: string;
  /** Present only when the query was an advanced one with `$count=true`. */
  readonly count?: number;
}

/** A `/users/delta` request: either a fresh round (query options) or a token from a previous link. */
export type DeltaRequest =
  | {
      readonly kind: 'initial';
      readonly select?: readonly string[];
      /** `$filter=id eq '…' or id eq '…'` (at most 50 ids); anything else is 400. */
      readonly filter?: string;
      /** `$deltatoken=latest`: no data, just a delta link from now. */
      readonly latest: boolean;
      /** Any of `$top`, `$orderby`, `$expand`, `$search` given (unsupported for users delta → 400). */
      readonly unsupportedOptions: readonly string[];
    }
  | { readonly kind: 'skipToken'; readonly token: string; readonly preferMinimal: boolean }
  | { readonly kind: 'deltaToken'; readonly token: string; readonly preferMinimal: boolean };

export interface DeltaResult {
  readonly value: readonly GraphObject[];
  /** Exactly one of these is set. */
  readonly nextSkipToken?: string;
  readonly deltaToken?: string;
}

/** How an expired delta token is reported (both happen in real Graph). */
export type DeltaExpiryMode = 'gone' | 'syncStateNotFound';

/** A change the server turns into change notifications for matching subscriptions. */
export interface DirectoryChangeEvent {
  readonly tenantId: string;
  readonly userId: string;
  /** `updated` for create, update, soft delete and restore; `deleted` for permanent deletion. */
  readonly changeType: 'updated' | 'deleted';
  /** When the write happened (simulator clock). */
  readonly at: number;
}

/** Body of `POST /invitations` after JSON parsing (validated by the engine). */
export type InvitationBody = Record<string, unknown>;

/** The directory of one simulated tenant. All methods are synchronous and throw GraphHttpError. */
export interface TenantDirectory {
  readonly tenantId: string;
  readonly key: string;
  readonly displayName: string;
  readonly defaultDomain: string;
  readonly verifiedDomains: readonly string[];
  /** Number of users (not counting deleted items); the server's throttling uses it to pick S/M/L limits. */
  userCount(): number;

  listUsers(query: ListUsersQuery): ListUsersResult;
  getUser(idOrUserPrincipalName: string, select?: readonly string[]): GraphObject;
  /** `POST /users` (internal member accounts, e.g. from a demo script). Returns the created user. */
  createUser(body: Record<string, unknown>): GraphObject;
  /** `PATCH /users/{id}`: validates every property as Graph does. */
  updateUser(idOrUserPrincipalName: string, body: Record<string, unknown>): void;
  /** `DELETE /users/{id}`: soft delete into deleted items. */
  deleteUser(idOrUserPrincipalName: string): void;
  listDeletedUsers(query: ListUsersQuery): ListUsersResult;
  /** `POST /directory/deletedItems/{id}/restore`: returns the restored object with `@odata.type`. */
  restoreDeletedUser(id: string): GraphObject;
  /** `DELETE /directory/deletedItems/{id}`: permanent deletion. */
  purgeDeletedUser(id: string): void;
  /** `POST /invitations` on behalf of an app; returns the invitation resource (201 body). */
  invite(body: InvitationBody): GraphObject;
  delta(request: DeltaRequest): DeltaResult;

  /** Makes every delta token issued so far fail, the way Graph reports expiry in `mode`. */
  expireDeltaTokens(mode: DeltaExpiryMode): void;
}

/** Realism knobs the engine honours. The server owns the others (faults, latency, delivery). */
export interface DirectoryKnobs {
  /** Delay between a write and its visibility in `/users/delta` (notifications are not delayed by it). */
  replicationLagMs: number;
  /** Items per delta page (Graph uses about 100–200). */
  deltaPageSize: number;
}

/** All simulated tenants, the clock, and change events. */
export interface SimulatedDirectories {
  readonly clock: SimulatorClock;
  readonly knobs: DirectoryKnobs;
  tenants(): readonly TenantDirectory[];
  /** By tenant id (GUID) or key; undefined when unknown. */
  tenant(idOrKey: string): TenantDirectory | undefined;
  /** Adds `count` generated internal members to a tenant (deterministic names, realistic attributes). */
  generateUsers(tenantIdOrKey: string, count: number): void;
  /** Subscribes to change events; returns the unsubscribe function. Listeners are called synchronously. */
  onChange(listener: (event: DirectoryChangeEvent) => void): () => void;
}
