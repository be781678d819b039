import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import type { ReplayTarget } from '../../src/app/replay-dead-letters.js';
import {
  deadLetterDiscardFunction,
  deadLetterReplayFunction,
} from '../../src/functions/dead-letters.http.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { anHttpRequest, anInvocationContext } from '../support/http-test-requests.js';

const replayed = { kind: 'replayed', parked: { replayed: 3, unreadable: 1 }, broker: 2 } as const;

const replay = (methods: Partial<AppServices>, body?: string) =>
  deadLetterReplayFunction(stubAppServices(methods)).handler(
    anHttpRequest('POST', 'dead-letters/replay', body === undefined ? {} : { body }),
    anInvocationContext(),
  );

describe('deadLetterReplayFunction', () => {
  it("replays one sync's dead letters, or the drain queue's, and answers the counts", async () => {
    const targets: ReplayTarget[] = [];
    const methods = {
      replayDeadLetters: (target: ReplayTarget) => {
        targets.push(target);
        return Promise.resolve(replayed);
      },
    };
    expect(await replay(methods, '{"syncId":"contoso-to-fabrikam"}')).toEqual({
      status: 200,
      jsonBody: { syncId: 'contoso-to-fabrikam', ...replayed },
    });
    expect(await replay(methods, '{"queue":"source-changes"}')).toMatchObject({
      status: 200,
      jsonBody: { queue: 'source-changes' },
    });
    expect(targets).toEqual([{ syncId: 'contoso-to-fabrikam' }, { queue: 'source-changes' }]);
  });

  it('answers 400 naming the field when the body says neither, both, or something else', async () => {
    for (const body of [
      undefined,
      '{}',
      '{"syncId":"a","queue":"source-changes"}',
      '{"queue":"target-changes"}',
      '{"sync":"a"}',
    ]) {
      const response = await replay({}, body);
      expect(response).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
      expect(JSON.stringify(response.jsonBody)).toMatch(/'(syncId|queue|sync)'|sync/);
    }
  });

  it('answers 404 for a sync that is not in the topology', async () => {
    const response = await replay(
      { replayDeadLetters: () => Promise.resolve({ kind: 'unknown-sync' }) },
      '{"syncId":"gone"}',
    );
    expect(response).toMatchObject({ status: 404, jsonBody: { error: { code: 'NOT_FOUND' } } });
  });
});

describe('deadLetterDiscardFunction', () => {
  const discard = (methods: Partial<AppServices>, body?: string) =>
    deadLetterDiscardFunction(stubAppServices(methods)).handler(
      anHttpRequest('POST', 'dead-letters/discard', body === undefined ? {} : { body }),
      anInvocationContext(),
    );

  it('discards the parked letters of any sync, also one no longer in the topology, and answers the count', async () => {
    const targets: ReplayTarget[] = [];
    const methods = {
      discardDeadLetters: (target: ReplayTarget) => {
        targets.push(target);
        return Promise.resolve({ kind: 'discarded', parked: 4 } as const);
      },
    };

    expect(await discard(methods, '{"syncId":"removed-sync"}')).toEqual({
      status: 200,
      jsonBody: { syncId: 'removed-sync', kind: 'discarded', parked: 4 },
    });
    expect(await discard(methods, '{"queue":"source-changes"}')).toMatchObject({ status: 200 });
    expect(targets).toEqual([{ syncId: 'removed-sync' }, { queue: 'source-changes' }]);
  });

  it('answers 400 when the body names neither a sync nor the drain queue', async () => {
    expect(await discard({}, '{}')).toMatchObject({
      status: 400,
      jsonBody: { error: { code: 'BAD_REQUEST' } },
    });
  });
});
