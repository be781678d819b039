/**
 * Realism knobs: the engine's (replication lag, delta page size) and the server's (response latency,
 * notification delay, duplicate and drop rates), read and changed as one object.
 */
import { z } from 'zod';
import type { DirectoryKnobs } from '../directory/contract.js';

/** Knobs the server honours. */
export interface ServerKnobs {
  /** Each Graph response waits a uniform random time in [latencyMinMs, latencyMaxMs]. */
  latencyMinMs: number;
  latencyMaxMs: number;
  /** Delay between a change and its notification POST. */
  notificationDelayMs: number;
  /** Chance that a notification is sent twice (same id). */
  duplicateRate: number;
  /** Chance that a notification is never sent. */
  dropRate: number;
}

/** Every knob of the simulator. */
export type SimulatorKnobs = DirectoryKnobs & ServerKnobs;

/** Validates a partial knob update (the control API's boundary). */
export const knobsPatchSchema = z
  .strictObject({
    replicationLagMs: z.number().int().min(0),
    deltaPageSize: z.number().int().min(1).max(999),
    latencyMinMs: z.number().min(0),
    latencyMaxMs: z.number().min(0),
    notificationDelayMs: z.number().min(0),
    duplicateRate: z.number().min(0).max(1),
    dropRate: z.number().min(0).max(1),
  })
  .partial();

/** A partial knob update. */
export type KnobsPatch = z.infer<typeof knobsPatchSchema>;

/** Server knob defaults: no added latency, immediate, exactly-once delivery. */
export const defaultServerKnobs: ServerKnobs = {
  latencyMinMs: 0,
  latencyMaxMs: 0,
  notificationDelayMs: 0,
  duplicateRate: 0,
  dropRate: 0,
};

/** Picks the server's knobs out of a patch. */
export function serverKnobsOf(patch: KnobsPatch): Partial<ServerKnobs> {
  const { replicationLagMs: _lag, deltaPageSize: _page, ...server } = patch;
  return server;
}

/** Picks the engine's knobs out of a patch. */
export function directoryKnobsOf(patch: KnobsPatch): Partial<DirectoryKnobs> {
  const result: Partial<DirectoryKnobs> = {};
  if (patch.replicationLagMs !== undefined) result.replicationLagMs = patch.replicationLagMs;
  if (patch.deltaPageSize !== undefined) result.deltaPageSize = patch.deltaPageSize;
  return result;
}
