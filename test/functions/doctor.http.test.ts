import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { AppServices, AppServicesProvider } from '../../src/app/app-services.js';
import type { DoctorReport } from '../../src/app/doctor-report.js';
import type { DoctorRun } from '../../src/app/run-doctor-on-source.js';
import type { Logger } from '../../src/app/ports.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { TopologyError } from '../../src/core/topology/topology-error.js';
import { doctorFunction } from '../../src/functions/doctor.http.js';

const report: DoctorReport = {
  passed: false,
  checks: [
    {
      id: 'graph-roles:fabrikam',
      title: 'Graph permissions for a target tenant',
      scope: { tenant: 'fabrikam', tenantId: '22222222-2222-4222-8222-222222222222' },
      status: 'fail',
      detail: 'Missing User.Invite.All.',
      fix: 'Grant User.Invite.All.',
    },
  ],
};

/** AppServices whose only working method is `runDoctor`; it records the source it was given. */
function servicesWith(runDoctor: (source: string | null, logger: Logger) => Promise<DoctorRun>): {
  provider: AppServicesProvider;
  sources: (string | null)[];
} {
  const sources: (string | null)[] = [];
  const unused = (): Promise<never> => Promise.reject(new Error('not used by the doctor'));
  const services: AppServices = {
    receiveNotifications: unused,
    drainSource: unused,
    applyTargetChange: unused,
    settleDrainFailure: unused,
    settleTargetChangeFailure: unused,
    deadLetterInvalidMessage: unused,
    applyTopology: unused,
    activeTopology: unused,
    queryProvisioningLog: unused,
    checkHealth: unused,
    provisionOnDemand: unused,
    startFullResync: unused,
    readJob: unused,
    listJobs: unused,
    syncStatus: unused,
    pauseSync: unused,
    resumeSync: unused,
    listGuards: unused,
    decideGuard: unused,
    replayDeadLetters: unused,
    discardDeadLetters: unused,
    reconcile: unused,
    startReconcile: unused,
    planTopology: unused,
    runDoctor: (source, logger) => {
      sources.push(source);
      return runDoctor(source, logger);
    },
  };
  return { provider: () => Promise.resolve(services), sources };
}

function post(body?: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://127.0.0.1:7071/api/doctor',
    ...(body === undefined ? {} : { body: { string: body } }),
  });
}

function aContext(): InvocationContext {
  return new InvocationContext({
    invocationId: 'inv-1',
    functionName: 'doctor',
    logHandler: () => undefined,
  });
}

describe('doctorFunction', () => {
  it('is POST /api/doctor behind a function key', () => {
    const definition = doctorFunction(
      servicesWith(() => Promise.resolve({ kind: 'report', report })).provider,
    );

    expect(definition).toMatchObject({
      kind: 'http',
      name: 'doctor',
      route: 'doctor',
      methods: ['POST'],
      authLevel: 'function',
    });
  });

  it('checks the active topology when the body is empty and answers the report', async () => {
    const { provider, sources } = servicesWith(() => Promise.resolve({ kind: 'report', report }));

    const response = await doctorFunction(provider).handler(post(), aContext());

    expect(sources).toEqual([null]);
    expect(response).toEqual({ status: 200, jsonBody: report });
  });

  it('checks the topology file in the body', async () => {
    const { provider, sources } = servicesWith(() => Promise.resolve({ kind: 'report', report }));

    const response = await doctorFunction(provider).handler(post('version: 1\ntenants: []\n'), aContext());

    expect(sources).toEqual(['version: 1\ntenants: []\n']);
    expect(response.status).toBe(200);
  });

  it('answers 409 when there is no body and no active topology', async () => {
    const { provider } = servicesWith(() => Promise.resolve({ kind: 'no-active-topology' }));

    const response = await doctorFunction(provider).handler(post('  \n'), aContext());

    expect(response.status).toBe(409);
    expect(response.jsonBody).toMatchObject({
      error: {
        code: 'NO_ACTIVE_TOPOLOGY',
        message: expect.stringContaining('xtsync topology apply') as unknown,
      },
    });
  });

  it('answers 400 with every problem of an invalid file', async () => {
    const issue = { line: 3, column: 5, path: 'tenants', message: 'at least one tenant is required' };
    const { provider } = servicesWith(() => Promise.reject(new TopologyError('topology', [issue])));

    const response = await doctorFunction(provider).handler(post('version: 1\n'), aContext());

    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchObject({ error: { code: 'TOPOLOGY.INVALID', issues: [issue] } });
  });

  it('answers 503 with the reason when the state cannot be read', async () => {
    const { provider } = servicesWith(() =>
      Promise.reject(
        new SyncError('STATE.UNAVAILABLE', 'Table Storage query on topology failed with status 503.'),
      ),
    );

    const response = await doctorFunction(provider).handler(post(), aContext());

    expect(response.status).toBe(503);
    expect(response.jsonBody).toMatchObject({ error: { code: 'STATE.UNAVAILABLE' } });
  });

  it('refuses a body larger than a topology file may be', async () => {
    const { provider, sources } = servicesWith(() => Promise.resolve({ kind: 'report', report }));

    const response = await doctorFunction(provider).handler(post('#'.repeat(1_000_001)), aContext());

    expect(response.status).toBe(413);
    expect(sources).toEqual([]);
  });
});
