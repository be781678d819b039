import type { TargetChange } from './messages.js';

/**
 * What the mirror remembers as published for one user and sync: the target tenant plus the desired-state
 * hash, or `removed`. The target tenant is part of it so that pointing a sync at another tenant republishes
 * everyone instead of finding "nothing changed".
 */
export function publishedKey(
  change: Pick<TargetChange, 'targetTenantId'> &
    ({ kind: 'upsert'; desired: { hash: string } } | { kind: 'remove' }),
): string {
  return `${change.targetTenantId}/${change.kind === 'upsert' ? change.desired.hash : 'removed'}`;
}
