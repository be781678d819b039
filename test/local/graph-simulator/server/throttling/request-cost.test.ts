import { describe, expect, it } from 'vitest';
import type { GraphCall } from '../../../../../src/local/graph-simulator/server/graph-exchange.js';
import { costOf } from '../../../../../src/local/graph-simulator/server/throttling/request-cost.js';

const call = (query: string): GraphCall => ({
  method: 'GET',
  path: '/users',
  query: new URLSearchParams(query),
  headers: {},
  body: undefined,
});

describe('request cost', () => {
  it('charges 2 resource units for reading users and 1 for other reads', () => {
    expect(costOf('userRead', call('')).resourceUnits).toBe(2);
    expect(costOf('identityRead', call('')).resourceUnits).toBe(1);
  });

  it('takes one unit off for $select and for $top under 20, never below 1', () => {
    expect(costOf('userRead', call('$select=id')).resourceUnits).toBe(1);
    expect(costOf('userRead', call('$top=5')).resourceUnits).toBe(1);
    expect(costOf('userRead', call('$select=id&$top=5')).resourceUnits).toBe(1);
    expect(costOf('userRead', call('$top=50')).resourceUnits).toBe(2);
  });

  it('charges writes one unit and one write, invitations also one invitation', () => {
    expect(costOf('identityWrite', call(''))).toMatchObject({ resourceUnits: 1, writes: 1, invitations: 0 });
    expect(costOf('invitation', call(''))).toMatchObject({ resourceUnits: 1, writes: 1, invitations: 1 });
  });
});
