import { describe, expect, it } from 'vitest';
import { planDriftRepair } from '../../src/core/plan-drift-repair.js';
import {
  aDesiredState,
  aTargetUser,
  sourceAnchor,
  targetUserId,
  testAnchorAttribute,
} from '../support/builders.js';

describe('planDriftRepair', () => {
  const input = (overrides: Parameters<typeof aTargetUser>[0] = {}) => ({
    desired: aDesiredState(),
    targetUser: aTargetUser(overrides),
    anchor: sourceAnchor,
    anchorAttribute: testAnchorAttribute,
  });

  it('plans nothing when the target user has the desired attributes', () => {
    expect(planDriftRepair(input())).toMatchObject({ action: 'none', reason: 'unchanged', graphWrites: 0 });
  });

  it('patches only the always-applied attributes that were edited in the target', () => {
    const plan = planDriftRepair(input({ department: 'Edited', accountEnabled: false }));
    expect(plan).toMatchObject({
      action: 'update',
      targetUserId,
      patch: { department: 'Sales', accountEnabled: true },
      changedAttributes: ['accountEnabled', 'department'],
      graphWrites: 1,
    });
  });

  it('leaves onCreate attributes as the target has them', () => {
    const { jobTitle: _always, ...attributes } = aDesiredState().attributes;
    const desired = { ...aDesiredState(), attributes, onCreateOnly: { jobTitle: 'From the source' } };
    const plan = planDriftRepair({ ...input({ jobTitle: 'Set in the target' }), desired });
    expect(plan.action).toBe('none');
  });

  it('stamps the anchor again when it was cleared by hand', () => {
    const plan = planDriftRepair(input({ [testAnchorAttribute]: null }));
    expect(plan).toMatchObject({ action: 'update', patch: { [testAnchorAttribute]: sourceAnchor } });
  });
});
