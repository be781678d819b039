/**
 * Runs timer function definitions on their NCRONTAB schedules (six fields, seconds first — croner reads
 * the same format), one run at a time per function, like the Functions host's singleton timer lock.
 */
import { randomUUID } from 'node:crypto';
import type { Timer } from '@azure/functions';
import { Cron } from 'croner';
import type { Logger } from '../../app/ports.js';
import type { TimerFunctionDefinition } from '../../functions/function-definition.js';
import { InvocationContext } from './functions-runtime.js';
import { invocationLogHandler } from './invocation-log-handler.js';

export interface TimerScheduler {
  /** Runs one timer function now (as `POST /admin/functions/<name>` does on the Azure host). */
  runNow(name: string): Promise<void>;
  stop(): void;
}

/** Schedules every definition; `runOnStartup` ones run once right away. */
export function startTimerScheduler(
  definitions: readonly TimerFunctionDefinition[],
  logger: Logger,
): TimerScheduler {
  const running = new Map<string, Promise<void>>();

  const run = (definition: TimerFunctionDefinition, isPastDue: boolean): Promise<void> => {
    const current = running.get(definition.name);
    if (current) return current;
    const timer: Timer = {
      isPastDue,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: new Date().toISOString(), next: '', lastUpdated: new Date().toISOString() },
    };
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: definition.name,
      logHandler: invocationLogHandler(logger.child({ function: definition.name })),
    });
    const execution = definition
      .handler(timer, context)
      .catch((error: unknown) => {
        logger.error('Timer function failed', {
          function: definition.name,
          error: error instanceof Error ? error.message : 'unknown',
        });
      })
      .finally(() => running.delete(definition.name));
    running.set(definition.name, execution);
    return execution;
  };

  const jobs = definitions.map(
    (definition) =>
      new Cron(definition.schedule, { name: definition.name, protect: true }, () => {
        void run(definition, false);
      }),
  );
  for (const definition of definitions) if (definition.runOnStartup) void run(definition, false);

  return {
    runNow: async (name) => {
      const definition = definitions.find((candidate) => candidate.name === name);
      if (!definition) throw new Error(`No timer function named '${name}'.`);
      await run(definition, false);
    },
    stop: () => {
      for (const job of jobs) job.stop();
    },
  };
}
