/**
 * Binds Service Bus function definitions to the in-process bus the way the Functions host binds them to
 * Service Bus: one handler per queue or subscription, trigger metadata in the host's shape, complete on
 * success, abandon (redeliver) on a throw.
 */
import { randomUUID } from 'node:crypto';
import { InvocationContext } from './functions-runtime.js';
import type { Logger } from '../../app/ports.js';
import type {
  ServiceBusQueueFunctionDefinition,
  ServiceBusTopicFunctionDefinition,
} from '../../functions/function-definition.js';
import { subscriptionPath } from '../in-process-bus/bus-entities.js';
import type { InProcessBus } from '../in-process-bus/in-process-bus.js';
import { invocationLogHandler } from './invocation-log-handler.js';

type BusDefinition = ServiceBusQueueFunctionDefinition | ServiceBusTopicFunctionDefinition;

/** Subscribes every definition; returns a function that detaches them all. */
export function bindBusFunctions(
  bus: InProcessBus,
  definitions: readonly BusDefinition[],
  logger: Logger,
): () => void {
  const detach = definitions.map((definition) => {
    const path =
      definition.kind === 'service-bus-queue'
        ? definition.queueName
        : subscriptionPath(definition.topicName, definition.subscriptionName);
    const functionLogger = logger.child({ function: definition.name });
    return bus.subscribe(path, async (body, metadata) => {
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName: definition.name,
        triggerMetadata: { ...metadata },
        logHandler: invocationLogHandler(functionLogger),
      });
      await definition.handler(body, context);
    });
  });
  return () => {
    for (const stop of detach) stop();
  };
}
