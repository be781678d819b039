/**
 * The two messages xtsync sends over Service Bus, as zod schemas (parsed at every trigger) and the
 * identifiers derived from them: session ids keep per-tenant / per-user order, message ids let the broker
 * drop exact duplicates.
 */
import { z } from 'zod';
import type { DesiredState, RemovalPolicy, RemovalReason } from '../core/desired-state.js';

export type { DesiredState, RemovalPolicy } from '../core/desired-state.js';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const syncId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id ([a-z0-9-], at most 40)');
const attributeValue = z.union([z.string(), z.boolean(), z.number(), z.array(z.string()), z.null()]);

/** Ask the drain of one source tenant to read its delta now. */
export const drainRequestSchema = z.strictObject({
  kind: z.literal('drain'),
  sourceTenantId: guid,
  reason: z.enum(['notification', 'recheck', 'resync', 'reconcile', 'lifecycle']),
  /** Users Graph notified about; re-checked later if the delta does not show them yet. */
  hintedUserIds: z.array(guid).max(1000),
  notifiedAt: z.iso.datetime(),
  attempt: z.number().int().min(0).max(1000),
  /** How many re-checks of notified users came before this one (separate from retries of a failure). */
  recheck: z.number().int().min(0).max(50).optional(),
  correlationId: z.string().min(1).max(128),
  /**
   * Set when exact duplicates of this drain may be dropped: Graph's notification ids (a notification delivered
   * five times enqueues one drain) or a time bucket for scheduled re-checks (one re-check per bucket suffices).
   */
  dedupeKey: z.string().min(1).max(200).optional(),
  /**
   * Syncs whose decisions are republished even when equal to what was last published (a full resync of a
   * sync, or a sync resumed after a pause): the apply step then re-checks every user against its link.
   */
  resetSyncIds: z.array(syncId).max(100).optional(),
  /** The topology version this drain was asked for under; an instance caching an older one reloads. */
  topologyVersion: z.number().int().min(1).optional(),
  /** The admin job this drain works for (full resync); the drain reports its progress there. */
  jobId: z.string().min(1).max(64).optional(),
  /** A Graph lifecycle event for one of this tenant's subscriptions, acted on before the delta read. */
  lifecycle: z
    .strictObject({
      subscriptionId: z.string().min(1).max(128),
      event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
    })
    .optional(),
});
export type DrainRequest = z.infer<typeof drainRequestSchema>;

/** What the target user should look like, computed in the drain from source + mappings. */
export const desiredStateSchema: z.ZodType<DesiredState> = z.strictObject({
  /** Mapped attributes written on create and whenever they change (`apply: always`). */
  attributes: z.record(z.string(), attributeValue),
  /** Mapped attributes written only when xtsync creates or adopts the user (`apply: onCreate`). */
  onCreateOnly: z.record(z.string(), attributeValue),
  invitation: z.strictObject({
    email: z.string().min(3).max(256),
    displayName: z.string().min(1).max(256),
    redirectUrl: z.url(),
  }),
  /** Hash of everything above; equal to the link's appliedHash → nothing to do. */
  hash: z.string().min(1).max(128),
});

export const removalPolicySchema: z.ZodType<RemovalPolicy> = z.strictObject({
  mode: z.enum(['disable', 'delete']),
  deleteAfterDays: z.number().int().min(0).max(3650),
});

const targetChangeBase = {
  syncId,
  sourceTenantId: guid,
  sourceUserId: guid,
  targetTenantId: guid,
  /** The mirror version this message was computed from; older than the link's → stale, ignored. */
  sourceVersion: z.number().int().min(0),
  removalPolicy: removalPolicySchema,
  correlationId: z.string().min(1).max(128),
  attempt: z.number().int().min(0).max(1000),
  /**
   * Who decided this change, for the deletion guard (src/app/deletion-guard.ts). Absent or `drain`: the
   * drain (notifications, delta rounds, resyncs); its removals count in the sync's rolling hour. `reconcile`:
   * a reconcile run that had its removals admitted as one batch (`RemovalGuard.admitRemovals`) before
   * publishing them. `operator`: released by an operator from a deletion guard; never held again.
   */
  origin: z.enum(['drain', 'reconcile', 'operator']).optional(),
  /**
   * The drain batch a removal was published in (one delta page): its id and how many removals of this sync
   * it carried. The guard decides once per batch, so a scope change that would remove more users than the
   * threshold holds all of them and applies none.
   */
  removalBatch: z
    .strictObject({ id: z.string().min(1).max(64), size: z.number().int().min(1).max(100_000) })
    .optional(),
  /**
   * Set when an operator replays a change (an approved guard, a dead-letter replay). It is part of the message
   * id, so duplicate detection does not drop the replay as a copy of the original.
   */
  replayId: z
    .string()
    .regex(/^[a-z0-9-]{1,20}$/, 'expected [a-z0-9-], at most 20')
    .optional(),
};

/** A desired state (upsert) or a removal for one source user in one sync. */
export const targetChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('upsert'),
    ...targetChangeBase,
    desired: desiredStateSchema,
    /**
     * Set by a full resync and by provision on demand: the apply step reads the linked target user and
     * repairs it when it was removed or its `apply: always` attributes were edited by hand (src/app/verify-
     * linked-target.ts), instead of trusting the link. Costs one Graph read per user.
     */
    verifyTarget: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('remove'),
    ...targetChangeBase,
    /**
     * Set by the drain on a removal whose decision did not change: republished only because its sync is in
     * the round's reset list (full resync, resume, released quarantine). It is left out of its page's
     * `removalBatch` (the guard counts it alone, and only when it still disables or deletes someone), and an
     * operator's veto on the user still holds for it (src/app/deletion-guard.ts).
     */
    republished: z.literal(true).optional(),
    reason: z.enum([
      'deleted',
      'hard-deleted',
      'disabled',
      'out-of-scope',
    ]) satisfies z.ZodType<RemovalReason>,
  }),
]);
export type TargetChange = z.infer<typeof targetChangeSchema>;

/** Session of a drain: one per source tenant, so one delta reader per tenant at a time. */
export function drainSessionId(request: DrainRequest): string {
  return request.sourceTenantId;
}

/**
 * Message id of a drain: its dedupe key when it has one; otherwise unique, because a drain is idempotent
 * and dropping one could lose a change.
 */
export function drainMessageId(request: DrainRequest): string {
  return request.dedupeKey === undefined
    ? `drain:${request.correlationId}:a${request.attempt}`
    : `d:${request.dedupeKey}:a${request.attempt}`;
}

/** Session of a target change: one per sync and source user, so changes to one user never overtake. */
export function targetChangeSessionId(change: TargetChange): string {
  return `${change.syncId}:${change.sourceUserId}`;
}

/**
 * Message id of a target change: the same drain replayed publishes the same ids (the broker drops them),
 * while every new source version, every retry attempt and every operator replay gets a new one.
 */
export function targetChangeMessageId(change: TargetChange): string {
  const replay = change.replayId === undefined ? '' : `:r${change.replayId}`;
  // The content digest keeps two different decisions that ended up with one version (a drain retried after
  // its mirror save failed while the user changed again) from sharing an id the broker would drop.
  const content =
    change.kind === 'upsert' ? `u${change.desired.hash.slice(0, 8)}` : `d${change.reason.slice(0, 8)}`;
  return `${change.syncId}:${change.sourceUserId}:v${change.sourceVersion}:${content}:a${change.attempt}${replay}`;
}
