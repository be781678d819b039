/**
 * The small ports `xtsync doctor` reads the world through: a probe per tenant (token, policies,
 * subscriptions, with the credentials of the topology being checked) and probes for the Service Bus entities
 * and the state tables. Adapters implement them over Graph, the Service Bus SDK, Table Storage and the local
 * in-process bus; the use case never sees an SDK.
 */
import type { TopologyTenant } from '../core/topology/topology.js';
import type { GraphSubscription } from './ports.js';

/**
 * Why a token could not be had: `credential` (Entra refused it; `aadsts` is its error code when it gave
 * one), `configuration` (the credential cannot even be built: a setting is missing or malformed) or
 * `unreachable` (no answer from the authority).
 */
export type TokenFailureKind = 'credential' | 'configuration' | 'unreachable';

/** The outcome of asking for a Graph token in one tenant. */
export type TokenProbeResult =
  | {
      readonly kind: 'token';
      /** The application permissions in the token's `roles` claim. */
      readonly roles: readonly string[];
      /** The `oid` claim: the object id of xtsync's service principal in that tenant, when present. */
      readonly servicePrincipalId?: string;
    }
  | {
      readonly kind: 'failed';
      readonly failure: TokenFailureKind;
      /** Entra's `AADSTS<number>` code, when it sent one. */
      readonly aadsts?: string;
      /** What went wrong, safe to show: never the secret, token or assertion. */
      readonly message: string;
    };

/**
 * The outcome of reading a policy: found, absent (404: e.g. no partner entry for that organization),
 * or refused (403: the app may not read policies).
 */
export type PolicyRead<T> =
  | { readonly kind: 'found'; readonly value: T }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden'; readonly message: string };

/** The part of Graph's `authorizationPolicy` the doctor needs. */
export interface AuthorizationPolicySummary {
  /** `none`, `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers`, `everyone` (or a future value). */
  readonly allowInvitesFrom: string;
}

/** The part of a cross-tenant access partner configuration the doctor needs (`automaticUserConsentSettings`). */
export interface PartnerPolicySummary {
  readonly tenantId: string;
  /** Automatic redemption of invitations from this partner into this tenant; null when not configured. */
  readonly inboundAllowed: boolean | null;
  /** Automatic redemption of this tenant's invitations into the partner; null when not configured. */
  readonly outboundAllowed: boolean | null;
}

/**
 * Graph as xtsync's app sees one tenant. `acquireToken` never throws (a failure is a value); the reads throw
 * SyncError (GRAPH.*, AUTH.CREDENTIAL) for anything but 404 and 403.
 */
export interface TenantProbe {
  acquireToken(): Promise<TokenProbeResult>;
  /** `GET /policies/authorizationPolicy`. */
  readAuthorizationPolicy(): Promise<PolicyRead<AuthorizationPolicySummary>>;
  /** `GET /policies/crossTenantAccessPolicy/partners/{partnerTenantId}`. */
  readPartnerPolicy(partnerTenantId: string): Promise<PolicyRead<PartnerPolicySummary>>;
  /** `GET /subscriptions`: the app's subscriptions in this tenant. */
  listSubscriptions(): Promise<readonly GraphSubscription[]>;
}

/** Gives the probe of a tenant, signing in with that tenant's `auth` from the topology being checked. */
export type TenantProbeFactory = (tenant: TopologyTenant) => TenantProbe;

/** A Service Bus entity xtsync needs: its queue, its topic, or one target's topic subscription. */
export type BusEntity =
  | { readonly kind: 'queue'; readonly name: string }
  | { readonly kind: 'topic'; readonly name: string }
  | { readonly kind: 'subscription'; readonly topicName: string; readonly subscriptionName: string };

/**
 * The outcome of probing a dependency: reachable, or why not — `missing` (the entity or table does not
 * exist), `forbidden` (the identity lacks a data role) or `unreachable` (no answer, or any other failure).
 */
export type ProbeResult =
  | { readonly ok: true; readonly detail: string }
  | {
      readonly ok: false;
      readonly problem: 'missing' | 'forbidden' | 'unreachable';
      readonly message: string;
    };

/** Opens and closes a link on a Service Bus entity, in bounded time. Never throws: failures are values. */
export interface BusEntityProbe {
  probeEntity(entity: BusEntity): Promise<ProbeResult>;
}

/** Reads one of the state tables, in bounded time. Never throws: failures are values. */
export interface TableStorageProbe {
  probeTables(): Promise<ProbeResult>;
}

/** Where xtsync's entities are (`XTSYNC_SOURCE_QUEUE`, `XTSYNC_TARGET_TOPIC`). */
export interface BusEntityNames {
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
}

/** The Service Bus path of an entity, as messages name it: `queue`, `topic`, `topic/Subscriptions/sub`. */
export function busEntityPath(entity: BusEntity): string {
  switch (entity.kind) {
    case 'queue':
    case 'topic':
      return entity.name;
    case 'subscription':
      return `${entity.topicName}/Subscriptions/${entity.subscriptionName}`;
  }
}
