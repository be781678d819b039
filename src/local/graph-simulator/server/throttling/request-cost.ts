/**
 * What one Graph call costs against the throttling budgets (reference/graph-api.md §6.2): resource units
 * for identity calls (GET users 2, other GETs 1, writes 1; `$select` −1, `$top` < 20 −1, `$expand` +1,
 * floor 1), writes, invitations and subscription-API calls.
 */
import type { GraphCall } from '../graph-exchange.js';
import type { CostClass } from '../graph-route.js';
import { queryOption } from '../odata-query.js';

/** Amounts a call takes from each kind of budget. */
export interface RequestCost {
  readonly resourceUnits: number;
  readonly writes: number;
  readonly invitations: number;
  readonly subscriptionCalls: number;
  readonly subscriptionWrites: number;
}

const nothing: RequestCost = {
  resourceUnits: 0,
  writes: 0,
  invitations: 0,
  subscriptionCalls: 0,
  subscriptionWrites: 0,
};

/** The cost of `call` in the class its route declares. */
export function costOf(costClass: CostClass, call: GraphCall): RequestCost {
  switch (costClass) {
    case 'userRead':
      return { ...nothing, resourceUnits: readUnits(2, call) };
    case 'identityRead':
      return { ...nothing, resourceUnits: readUnits(1, call) };
    case 'identityWrite':
      return { ...nothing, resourceUnits: 1, writes: 1 };
    case 'invitation':
      return { ...nothing, resourceUnits: 1, writes: 1, invitations: 1 };
    case 'subscriptionRead':
      return { ...nothing, resourceUnits: 1, subscriptionCalls: 1 };
    case 'subscriptionWrite':
      return { ...nothing, resourceUnits: 1, subscriptionCalls: 1, subscriptionWrites: 1 };
    case 'free':
      return nothing;
  }
}

function readUnits(base: number, call: GraphCall): number {
  let units = base;
  if (queryOption(call.query, 'select') !== undefined) units -= 1;
  const top = Number(queryOption(call.query, 'top'));
  if (Number.isFinite(top) && top < 20) units -= 1;
  if (queryOption(call.query, 'expand') !== undefined) units += 1;
  return Math.max(1, units);
}
