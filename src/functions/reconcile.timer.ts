/**
 * Timer `reconcile`: reconciles every sync on the schedule in `XTSYNC_RECONCILE_SCHEDULE` (NCRONTAB, every
 * 30 minutes by default) — subscriptions renewed, missed changes caught up, drift and orphans repaired,
 * retention deletes done. A sync another run is reconciling is skipped (its lease), not waited for.
 */
import type { InvocationContext, Timer } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import type { TimerFunctionDefinition } from './function-definition.js';
import { loggerFor } from './invocation-logger.js';

/** The reconcile timer; register it with the others in the function table. */
export function reconcileTimerFunction(
  services: AppServicesProvider,
  schedule: string,
): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'reconcile',
    schedule,
    runOnStartup: false,
    handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
      // Failures of single syncs are in the report (and logged); a throw here means the run could not start.
      await (await services()).reconcile(`timer:${context.invocationId}`, loggerFor(context));
    },
  };
}
