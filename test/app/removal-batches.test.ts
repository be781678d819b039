import { describe, expect, it } from 'vitest';
import type { TargetChange } from '../../src/app/messages.js';
import { withRemovalBatches } from '../../src/app/removal-batches.js';
import { aDesiredState } from '../support/builders.js';
import { aRemoval, userId } from '../support/contracts/safety-samples.js';

const upsert = (n: number): TargetChange => ({
  ...aRemoval(userId(n)),
  kind: 'upsert',
  desired: aDesiredState(),
});

describe('withRemovalBatches', () => {
  it('marks the removals of each sync with one batch of their number, and leaves upserts alone', () => {
    const changes = [
      aRemoval(userId(1)),
      upsert(2),
      aRemoval(userId(3)),
      aRemoval(userId(4), { syncId: 'other-sync' }),
    ];

    const marked = withRemovalBatches(changes);

    expect(marked[1]).toEqual(changes[1]);
    expect(marked[0]?.removalBatch).toEqual({
      id: expect.stringMatching(/^rb-[0-9a-f]{32}$/) as unknown,
      size: 2,
    });
    expect(marked[2]?.removalBatch).toEqual(marked[0]?.removalBatch);
    expect(marked[3]?.removalBatch?.size).toBe(1);
    expect(marked[3]?.removalBatch?.id).not.toBe(marked[0]?.removalBatch?.id);
  });

  it('gives the same batch id when the same drain page is published again', () => {
    const page = [aRemoval(userId(1)), aRemoval(userId(2))];
    expect(withRemovalBatches(page)[0]?.removalBatch).toEqual(
      withRemovalBatches([...page].reverse())[0]?.removalBatch,
    );
  });

  it('counts only the removals whose decision changed, leaving republished ones out of the batch', () => {
    // A full round with a reset list: two leavers disabled long ago are sent again, one person just left.
    const changes = [
      aRemoval(userId(1), { republished: true }),
      aRemoval(userId(2), { republished: true }),
      aRemoval(userId(3)),
    ];

    const marked = withRemovalBatches(changes);

    expect(marked[0]).toEqual(changes[0]);
    expect(marked[1]).toEqual(changes[1]);
    expect(marked[2]?.removalBatch?.size).toBe(1);
  });
});
