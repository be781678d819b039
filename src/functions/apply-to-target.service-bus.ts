/**
 * `apply-to-<target>`: one function per target tenant, on its own topic subscription (filtered on
 * `targetTenantId`), sessions keyed by sync and user so one user's changes never overtake each other.
 */
import type { InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { targetChangeSchema } from '../app/messages.js';
import type { TargetSetting } from '../config.js';
import {
  serviceBusConnectionSetting,
  type ServiceBusTopicFunctionDefinition,
} from './function-definition.js';
import { loggerFor } from './invocation-logger.js';
import { messageMetadata, parseMessageBody } from './service-bus-message.js';

/** The topic subscription of a target tenant (also created by infra/ for each target). */
export function targetSubscriptionName(target: TargetSetting): string {
  return `target-${target.key}`;
}

export function applyToTargetFunction(
  services: AppServicesProvider,
  target: TargetSetting,
  topicName: string,
): ServiceBusTopicFunctionDefinition {
  return {
    kind: 'service-bus-topic',
    name: `apply-to-${target.key}`,
    connection: serviceBusConnectionSetting,
    topicName,
    subscriptionName: targetSubscriptionName(target),
    isSessionsEnabled: true,
    handler: async (message: unknown, context: InvocationContext) => {
      const { messageId } = messageMetadata(context);
      const logger = loggerFor(context).child({ messageId, targetTenantId: target.tenantId });
      const app = await services();
      const parsed = parseMessageBody(message, targetChangeSchema);
      if (!parsed.ok || parsed.value.targetTenantId !== target.tenantId) {
        const reason = parsed.ok
          ? `The message is for tenant ${parsed.value.targetTenantId}, not ${target.tenantId}.`
          : parsed.reason;
        const scope = parsed.ok ? parsed.value.syncId : `apply-to-${target.key}`;
        await app.deadLetterInvalidMessage(scope, messageId, message, reason, logger);
        return;
      }
      try {
        await app.applyTargetChange(parsed.value, logger);
      } catch (error) {
        await app.settleTargetChangeFailure({ message: parsed.value, messageId, error }, logger);
      }
    },
  };
}
