/**
 * What the drain of a source tenant reads and decides with, as one hash: the `$select` list and the rules of
 * every sync from that tenant. The drain stores it in the delta cursor; a reader of the mirror compares it
 * with the hash of the syncs it works for, because a mirror read under other rules may lack attributes those
 * syncs need (a new scope clause or mapping): every user would look out of scope, or have them cleared.
 */
import { stableHash } from '../core/hashing.js';
import { sourceSelectFor } from '../core/source-attributes.js';
import type { TopologySync } from '../core/topology/topology.js';

/**
 * The reading hash of `syncs` — every sync from one source tenant, in topology order — exactly as the drain
 * computes it: `stableHash({ select, syncs })` with `select = sourceSelectFor(syncs, anchorAttribute)`.
 */
export function sourceReadingHash(syncs: readonly TopologySync[], anchorAttribute: string): string {
  return stableHash({ select: sourceSelectFor(syncs, anchorAttribute), syncs });
}
