/** The simulator's Graph v1.0 route table, in matching order (literal segments before parameters). */
import type { SimulatorClock } from '../directory/contract.js';
import type { SimulatorSeed } from '../seed.js';
import type { GraphRoute } from './graph-route.js';
import { createBatchRoute } from './routes/batch-route.js';
import { deletedItemRoutes } from './routes/deleted-item-routes.js';
import { deltaRoute } from './routes/delta-route.js';
import { createInvitationRoute } from './routes/invitation-route.js';
import { createTenantInfoRoutes } from './routes/tenant-info-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { createSubscriptionRoutes } from './subscriptions/subscription-routes.js';
import type { SubscriptionStore } from './subscriptions/subscription-store.js';

/** What the routes need besides the per-call context. */
export interface GraphRoutesOptions {
  readonly seed: SimulatorSeed;
  readonly store: SubscriptionStore;
  readonly clock: SimulatorClock;
  readonly random: () => number;
  readonly validationTimeoutMs: number;
}

/** Builds the route table. */
export function createGraphRoutes(options: GraphRoutesOptions): readonly GraphRoute[] {
  return [
    deltaRoute,
    ...userRoutes,
    createInvitationRoute(options.seed),
    ...deletedItemRoutes,
    ...createTenantInfoRoutes(options.seed),
    ...createSubscriptionRoutes(options),
    createBatchRoute(options.random),
  ];
}
