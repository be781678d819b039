import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import type { GuardView } from '../../src/app/decide-guard.js';
import { guardDecisionFunction, guardsFunction } from '../../src/functions/guards.http.js';
import { aGuard } from '../support/contracts/safety-samples.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { anHttpRequest, anInvocationContext } from '../support/http-test-requests.js';

const view: GuardView = { ...aGuard(), held: 7 };
const guardId = view.id;

const decide = (methods: Partial<AppServices>, decision: string, id = guardId, body?: string) =>
  guardDecisionFunction(stubAppServices(methods)).handler(
    anHttpRequest('POST', `guards/${id}/${decision}`, {
      params: { id, decision },
      ...(body === undefined ? {} : { body }),
    }),
    anInvocationContext(),
  );

describe('guardsFunction', () => {
  it('lists guards filtered by sync and state', async () => {
    const filters: unknown[] = [];
    const response = await guardsFunction(
      stubAppServices({
        listGuards: (filter) => {
          filters.push(filter);
          return Promise.resolve([view]);
        },
      }),
    ).handler(
      anHttpRequest('GET', 'guards?syncId=prod-to-test&state=pending&code=key'),
      anInvocationContext(),
    );

    expect(filters).toEqual([{ syncId: 'prod-to-test', state: 'pending' }]);
    expect(response).toEqual({ status: 200, jsonBody: { guards: [view] } });
  });

  it('answers 400 naming the query parameter that is wrong', async () => {
    const response = await guardsFunction(stubAppServices({})).handler(
      anHttpRequest('GET', 'guards?state=open'),
      anInvocationContext(),
    );
    expect(response).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(response.jsonBody)).toContain("'state'");
  });
});

describe('guardDecisionFunction', () => {
  it('approves a guard and answers what was released', async () => {
    const decided = {
      kind: 'decided',
      guard: { ...view, state: 'approved', held: 0 },
      released: 7,
      discarded: 0,
    } as const;
    const calls: unknown[] = [];
    const response = await decide(
      {
        decideGuard: (id, decision, by) => {
          calls.push([id, decision, by]);
          return Promise.resolve(decided);
        },
      },
      'approve',
    );
    expect(calls).toEqual([[guardId, 'approve', 'admin-api']]);
    expect(response).toEqual({ status: 200, jsonBody: decided });
  });

  it('answers 404 for an unknown guard or decision, 400 for an id that is not a guard id', async () => {
    const methods = { decideGuard: () => Promise.resolve({ kind: 'not-found' } as const) };
    expect(await decide(methods, 'reject')).toMatchObject({
      status: 404,
      jsonBody: { error: { code: 'NOT_FOUND' } },
    });
    expect(await decide(methods, 'delete')).toMatchObject({ status: 404 });
    const bad = await decide(methods, 'approve', 'not-a-guard');
    expect(bad).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(bad.jsonBody)).toContain("'id'");
  });

  it('answers 409 when the guard was already decided the other way', async () => {
    const response = await decide(
      {
        decideGuard: () =>
          Promise.resolve({
            kind: 'conflict',
            guard: { ...view, state: 'rejected' },
            message: 'already rejected',
          } as const),
      },
      'approve',
    );
    expect(response).toMatchObject({
      status: 409,
      jsonBody: { error: { code: 'CONFLICT', message: 'already rejected' } },
    });
  });

  it('answers 400 for a body with fields', async () => {
    expect(await decide({}, 'approve', guardId, '{"force":true}')).toMatchObject({ status: 400 });
  });
});
