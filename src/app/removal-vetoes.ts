/**
 * Operators' vetoes on removals: rejecting a deletion guard keeps, per sync and source user, the highest source
 * version a removal of that user was rejected at. Removals at that version or older are not applied and not
 * counted; a newer version (the person changed again) is decided afresh. Kept with the guards (`GuardStore`).
 */
import type { RemovalVeto } from './control-ports.js';
import type { TargetChange } from './messages.js';
import type { DeletionGuardRecord, GuardStore } from './safety-ports.js';

/** True when `veto` covers `change`: the operator rejected a removal of its user at its version or a newer one. */
export function isVetoed(veto: RemovalVeto, change: TargetChange): boolean {
  return change.syncId === veto.syncId && change.sourceVersion <= veto.sourceVersion;
}

/**
 * Records that `guard` (rejected) vetoes `changes`: one veto per user at the highest version among them. A
 * user's veto at a version as high or higher (another rejected guard) is kept as it is.
 */
export async function recordVetoes(
  guards: GuardStore,
  guard: DeletionGuardRecord,
  changes: readonly TargetChange[],
  now: Date,
): Promise<void> {
  const highest = new Map<string, number>();
  for (const change of changes) {
    highest.set(change.sourceUserId, Math.max(highest.get(change.sourceUserId) ?? -1, change.sourceVersion));
  }
  if (highest.size === 0) return;
  const existing =
    highest.size === 1
      ? [...highest.keys()].map((userId) => guards.getVeto(guard.syncId, userId))
      : [guards.listVetoes(guard.syncId)];
  const known = new Map(
    (await Promise.all(existing))
      .flat()
      .filter((veto) => veto !== null)
      .map((veto) => [veto.sourceUserId, veto.sourceVersion]),
  );
  const vetoes: RemovalVeto[] = [...highest]
    .filter(([userId, version]) => (known.get(userId) ?? -1) < version)
    .map(([sourceUserId, sourceVersion]) => ({
      syncId: guard.syncId,
      sourceUserId,
      sourceVersion,
      guardId: guard.id,
      decidedAt: guard.decidedAt ?? now.toISOString(),
      decidedBy: guard.decidedBy,
    }));
  if (vetoes.length > 0) await guards.saveVetoes(vetoes);
}

/**
 * The veto that stops a drain removal, or null. Vetoed: a removal at the veto's version or older. A removal
 * the drain only republished (its decision did not change) is still the one the operator rejected: the veto
 * holds and moves on to its version, so reconcile runs that compare mirror versions see it too. Any other
 * newer removal means the person changed since: the veto is done with (deleted) and the removal is decided
 * afresh.
 */
export async function checkDrainVeto(guards: GuardStore, change: TargetChange): Promise<RemovalVeto | null> {
  const veto = await guards.getVeto(change.syncId, change.sourceUserId);
  if (veto === null) return null;
  if (isVetoed(veto, change)) return veto;
  if (change.kind === 'remove' && change.republished === true) {
    const moved = { ...veto, sourceVersion: change.sourceVersion };
    await guards.saveVetoes([moved]);
    return moved;
  }
  await guards.removeVeto(change.syncId, change.sourceUserId);
  return null;
}

/** Splits a reconcile run's removals of `syncId` into those an operator vetoed and the rest. */
export async function withoutVetoed(
  guards: GuardStore,
  syncId: string,
  changes: readonly TargetChange[],
): Promise<{ rest: TargetChange[]; vetoed: { sourceUserId: string; guardId: string }[] }> {
  const vetoes = new Map((await guards.listVetoes(syncId)).map((veto) => [veto.sourceUserId, veto]));
  const rest: TargetChange[] = [];
  const vetoed: { sourceUserId: string; guardId: string }[] = [];
  for (const change of changes) {
    const veto = vetoes.get(change.sourceUserId);
    if (veto !== undefined && isVetoed(veto, change)) {
      vetoed.push({ sourceUserId: change.sourceUserId, guardId: veto.guardId });
    } else {
      rest.push(change);
    }
  }
  return { rest, vetoed };
}
