/**
 * The admin API as an operator calls it in end-to-end tests: requests with the stack's function key, and a
 * reconcile run started with `POST /api/reconcile` and followed with `GET /api/jobs/{id}` until it ends.
 */
import type { JobRecord } from '../../src/app/control-ports.js';
import type { ReconcileRunReport, SyncReconcileReport } from '../../src/app/reconcile-report.js';
import { eventually, type TestStack } from './test-stack.js';

/** Calls the dev host's admin API with the stack's key (or `key`, or none with `key: null`). */
export function adminFetch(
  stack: TestStack,
  path: string,
  init: { method?: string; body?: string; key?: string | null } = {},
): Promise<Response> {
  const key = init.key === undefined ? stack.adminKey : init.key;
  return fetch(`${stack.devHostUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(key === null ? {} : { 'x-functions-key': key }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** Starts a reconcile run (all syncs, or `syncId`) and returns its job id; fails on anything but 202. */
export async function startReconcile(stack: TestStack, syncId?: string): Promise<string> {
  const response = await adminFetch(stack, '/api/reconcile', {
    method: 'POST',
    body: syncId === undefined ? '' : JSON.stringify({ syncId }),
  });
  const body = (await response.json()) as { jobId?: string };
  if (response.status !== 202 || body.jobId === undefined) {
    throw new Error(`POST /api/reconcile answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.jobId;
}

/** Waits until the job ended and returns it; fails when it failed. */
export async function waitForJob(stack: TestStack, jobId: string): Promise<JobRecord> {
  const job = await eventually(async () => {
    const response = await adminFetch(stack, `/api/jobs/${jobId}`);
    const record = (await response.json()) as JobRecord;
    return record.status === 'succeeded' || record.status === 'failed' ? record : undefined;
  }, `job ${jobId} to end`);
  if (job.status === 'failed') throw new Error(`Job ${jobId} failed: ${JSON.stringify(job.error)}`);
  return job;
}

/** Runs reconciliation now and returns one sync's part of the report (the job's result). */
export async function reconcileNow(stack: TestStack, syncId: string): Promise<SyncReconcileReport> {
  const job = await waitForJob(stack, await startReconcile(stack, syncId));
  const report = job.result as ReconcileRunReport | null;
  const sync = report?.syncs.find((candidate) => candidate.syncId === syncId);
  if (!sync) throw new Error(`The reconcile job reported nothing for ${syncId}: ${JSON.stringify(report)}`);
  return sync;
}
