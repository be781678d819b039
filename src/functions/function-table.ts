/**
 * The one table of functions: what index.ts registers with the Azure Functions host and what the local dev
 * host binds. Per-target apply functions come from settings (`XTSYNC_TARGETS`), which infra/ derives from
 * the same topology as the per-target topic subscriptions.
 */
import type { AppServicesProvider } from '../app/app-services.js';
import type { TargetSetting } from '../config.js';
import { applyToTargetFunction } from './apply-to-target.service-bus.js';
import { deadLetterDiscardFunction, deadLetterReplayFunction } from './dead-letters.http.js';
import { doctorFunction } from './doctor.http.js';
import { drainSourceFunction } from './drain-source.service-bus.js';
import type { FunctionDefinition } from './function-definition.js';
import { graphLifecycleFunction, graphNotificationsFunction } from './graph-webhook.http.js';
import { guardDecisionFunction, guardsFunction } from './guards.http.js';
import { healthFunction } from './health.http.js';
import { jobsFunction } from './jobs.http.js';
import { provisioningLogsFunction } from './provisioning-logs.http.js';
import { reconcileHttpFunction } from './reconcile.http.js';
import { reconcileTimerFunction } from './reconcile.timer.js';
import { resyncFunction } from './resync.http.js';
import { statusFunction } from './status.http.js';
import { syncControlFunction } from './syncs.http.js';
import { topologyFunction } from './topology.http.js';

export interface FunctionTableSettings {
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
  readonly targets: readonly TargetSetting[];
  /** NCRONTAB schedule of the `reconcile` timer (`XTSYNC_RECONCILE_SCHEDULE`). */
  readonly reconcileSchedule: string;
}

/** Every function definition of this deployment. */
export function buildFunctionDefinitions(
  services: AppServicesProvider,
  settings: FunctionTableSettings,
): readonly FunctionDefinition[] {
  return [
    graphNotificationsFunction(services),
    graphLifecycleFunction(services),
    drainSourceFunction(services, settings.sourceQueueName),
    ...settings.targets.map((target) => applyToTargetFunction(services, target, settings.targetTopicName)),
    healthFunction(services),
    provisioningLogsFunction(services),
    topologyFunction(services),
    doctorFunction(services),
    resyncFunction(services),
    jobsFunction(services),
    reconcileTimerFunction(services, settings.reconcileSchedule),
    reconcileHttpFunction(services),
    statusFunction(services),
    syncControlFunction(services),
    guardsFunction(services),
    guardDecisionFunction(services),
    deadLetterReplayFunction(services),
    deadLetterDiscardFunction(services),
  ];
}
