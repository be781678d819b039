import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/app/sync-status.js';
import { statusFunction } from '../../src/functions/status.http.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { anHttpRequest, anInvocationContext } from '../support/http-test-requests.js';

const report: StatusReport = {
  generatedAt: '2026-01-05T09:00:00.000Z',
  topologyVersion: 3,
  syncs: [],
  sourceChanges: { deadLetters: { parked: 0, broker: 0 } },
  deadLetterQueues: [],
};

describe('statusFunction', () => {
  it('is GET /api/status behind a function key and answers the report', async () => {
    const definition = statusFunction(stubAppServices({ syncStatus: () => Promise.resolve(report) }));
    expect(definition).toMatchObject({ route: 'status', methods: ['GET'], authLevel: 'function' });
    expect(await definition.handler(anHttpRequest('GET', 'status'), anInvocationContext())).toEqual({
      status: 200,
      jsonBody: report,
    });
  });

  it('answers 503 naming the failure when the state cannot be read', async () => {
    const definition = statusFunction(
      stubAppServices({
        syncStatus: () => Promise.reject(new SyncError('STATE.UNAVAILABLE', 'Table links: no answer.')),
      }),
    );
    expect(await definition.handler(anHttpRequest('GET', 'status'), anInvocationContext())).toMatchObject({
      status: 503,
      jsonBody: { error: { code: 'STATE.UNAVAILABLE' } },
    });
  });
});
