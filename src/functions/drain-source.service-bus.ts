/**
 * `drain-source`: one drain of a source tenant per message, sessions keyed by tenant so only one delta
 * reader runs per tenant. Failures are settled by the use case (reschedule or dead-letter); only when that
 * fails too does the handler throw, so the broker redelivers.
 */
import type { InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { drainRequestSchema } from '../app/messages.js';
import {
  serviceBusConnectionSetting,
  type ServiceBusQueueFunctionDefinition,
} from './function-definition.js';
import { loggerFor } from './invocation-logger.js';
import { messageMetadata, parseMessageBody } from './service-bus-message.js';

/** Dead-letter scope of drains. */
export const drainDeadLetterScope = 'source-changes';

export function drainSourceFunction(
  services: AppServicesProvider,
  queueName: string,
): ServiceBusQueueFunctionDefinition {
  return {
    kind: 'service-bus-queue',
    name: 'drain-source',
    connection: serviceBusConnectionSetting,
    queueName,
    isSessionsEnabled: true,
    handler: async (message: unknown, context: InvocationContext) => {
      const { messageId } = messageMetadata(context);
      const logger = loggerFor(context).child({ messageId });
      const app = await services();
      const parsed = parseMessageBody(message, drainRequestSchema);
      if (!parsed.ok) {
        await app.deadLetterInvalidMessage(drainDeadLetterScope, messageId, message, parsed.reason, logger);
        return;
      }
      try {
        await app.drainSource(parsed.value, logger);
      } catch (error) {
        await app.settleDrainFailure({ message: parsed.value, messageId, error }, logger);
      }
    },
  };
}
