/**
 * The local Functions host: serves the HTTP definitions, runs the timers and binds the Service Bus
 * definitions to the in-process bus — the same function table the Azure Functions host registers.
 */
import type { Logger } from '../../app/ports.js';
import type { FunctionDefinition } from '../../functions/function-definition.js';
import type { InProcessBus } from '../in-process-bus/in-process-bus.js';
import { bindBusFunctions } from './bus-binding.js';
import { startDevHostServer, type DevHostServer } from './dev-host-server.js';
import { startTimerScheduler, type TimerScheduler } from './timer-scheduler.js';

export interface DevHostOptions {
  readonly definitions: readonly FunctionDefinition[];
  readonly bus: InProcessBus;
  readonly adminKey: string;
  readonly port?: number;
  readonly logger: Logger;
  /** Start timers (off in tests that drive timer functions by hand). */
  readonly timers?: boolean;
}

export interface DevHost {
  readonly url: string;
  readonly port: number;
  readonly timers: TimerScheduler;
  close(): Promise<void>;
}

/** Starts the HTTP listener first, then the bus bindings and the timers. */
export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const server: DevHostServer = await startDevHostServer({
    definitions: options.definitions.filter((d) => d.kind === 'http'),
    adminKey: options.adminKey,
    logger: options.logger,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const unbind = bindBusFunctions(
    options.bus,
    options.definitions.filter((d) => d.kind === 'service-bus-queue' || d.kind === 'service-bus-topic'),
    options.logger,
  );
  const timerDefinitions = options.definitions.filter((d) => d.kind === 'timer');
  const timers = startTimerScheduler(options.timers === false ? [] : timerDefinitions, options.logger);
  return {
    url: server.url,
    port: server.port,
    timers,
    close: async () => {
      timers.stop();
      unbind();
      await server.close();
    },
  };
}
