/**
 * The active topology as the running functions see it: read from the TopologyStore, parsed with the core
 * rules, and cached for a short time so every message does not re-read and re-parse the file.
 */
import { parseTopology } from '../core/topology/parse-topology.js';
import type { Topology } from '../core/topology/topology.js';
import type { Clock, TopologyStore } from './ports.js';

/** The parsed active topology and the version it came from. */
export interface ActiveTopology {
  readonly version: number;
  readonly topology: Topology;
}

export interface TopologySource {
  /**
   * The active topology, or null when none was ever applied. With `atLeastVersion` (a message that was
   * sent after that version was applied), a cached older version is reloaded first: another instance may
   * have applied it moments ago.
   */
  current(atLeastVersion?: number): Promise<ActiveTopology | null>;
  /** Forgets the cached copy (after an apply in this process). */
  invalidate(): void;
}

/**
 * A cached TopologySource. A stored version that no longer parses (e.g. after an upgrade tightened the rules)
 * throws a TopologyError naming the version, which dead-letters the messages that need it — loudly.
 */
export function createTopologySource(store: TopologyStore, clock: Clock, ttlMs = 15_000): TopologySource {
  let cached: { value: ActiveTopology | null; at: number } | undefined;
  let inflight: Promise<ActiveTopology | null> | undefined;

  const load = async (): Promise<ActiveTopology | null> => {
    const active = await store.getActive();
    if (!active) return null;
    if (cached?.value?.version === active.version) return cached.value;
    const { topology } = parseTopology(active.source, `topology version ${active.version}`);
    return { version: active.version, topology };
  };

  return {
    current: async (atLeastVersion) => {
      const now = clock.now().getTime();
      const tooOld = atLeastVersion !== undefined && (cached?.value?.version ?? 0) < atLeastVersion;
      if (cached && now - cached.at < ttlMs && !tooOld) return cached.value;
      inflight ??= load().finally(() => {
        inflight = undefined;
      });
      const value = await inflight;
      cached = { value, at: now };
      return value;
    },
    invalidate: () => {
      cached = undefined;
    },
  };
}
