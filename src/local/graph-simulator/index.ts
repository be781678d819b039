/**
 * The Graph simulator: a local Microsoft Graph v1.0 and Entra authority over HTTPS, backed by the in-memory
 * directory engine. Users try topologies on it before touching real tenants; integration tests run the real
 * `@microsoft/microsoft-graph-client` and `@azure/identity` against it.
 */
import { createSimulatedDirectories } from './directory/simulated-directories.js';
import { createSystemClock, type MutableSimulatorClock } from './directory/simulator-clock.js';
import { parseSimulatorSeed, type SimulatorSeed } from './seed.js';
import { knobsPatchSchema, type SimulatorKnobs } from './server/simulator-knobs.js';
import {
  startSimulatorServer,
  type GraphSimulator,
  type SimulatorServerCommonOptions,
} from './server/simulator-server.js';

export type { GraphSimulator, SimulatorApplication } from './server/simulator-server.js';
export type {
  SimulatorControl,
  LifecycleEvent,
  TestTokenOptions,
} from './server/control/simulator-control.js';
export type { SimulatorKnobs } from './server/simulator-knobs.js';
export type { SimulatorStatsSnapshot, TenantStats, NotificationStats } from './server/simulator-stats.js';
export type { ThrottleSetting } from './server/throttling/throttler.js';
export type { DeliveryTimings } from './server/subscriptions/notification-dispatcher.js';
export type { FaultRule, FaultRuleInput } from './server/fault-injector.js';
export type { TenantAdminClient } from './server/authority/app-registry.js';
export { createSeededRandom } from './server/seeded-random.js';

/** Options of {@link startGraphSimulator}. */
export interface GraphSimulatorOptions extends SimulatorServerCommonOptions {
  readonly seed: SimulatorSeed;
  /**
   * The simulator clock; default: real time that `control.advanceClock` can move forward. Pass
   * `createSimulatorClock(startMs)` from directory/simulator-clock.ts for a clock that moves only when told.
   */
  readonly clock?: MutableSimulatorClock;
  /** Initial knobs (engine and server); everything else keeps its default. */
  readonly knobs?: Partial<SimulatorKnobs>;
}

/**
 * Starts a simulator for `options.seed` and resolves once it listens.
 *
 * @throws Error when the seed or the knobs are invalid (the message lists every problem) or the port is taken.
 */
export async function startGraphSimulator(options: GraphSimulatorOptions): Promise<GraphSimulator> {
  const seed = parseSimulatorSeed(options.seed);
  const clock = options.clock ?? createSystemClock();
  const { replicationLagMs, deltaPageSize, ...serverKnobs } = knobsPatchSchema.parse(options.knobs ?? {});
  const directories = createSimulatedDirectories(seed, {
    clock,
    knobs: {
      ...(replicationLagMs === undefined ? {} : { replicationLagMs }),
      ...(deltaPageSize === undefined ? {} : { deltaPageSize }),
    },
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  return startSimulatorServer({
    ...options,
    seed,
    directories,
    clock,
    advanceClock: (ms) => {
      clock.advance(ms);
    },
    serverKnobs,
  });
}
