import type { app as functionsApp } from '@azure/functions';
import type { FunctionDefinition } from './function-definition.js';

/** Registers one definition with the Azure Functions host's `app` object. */
export function registerWithHost(host: typeof functionsApp, definition: FunctionDefinition): void {
  switch (definition.kind) {
    case 'http':
      host.http(definition.name, {
        route: definition.route,
        methods: [...definition.methods],
        authLevel: definition.authLevel,
        handler: definition.handler,
      });
      return;
    case 'timer':
      host.timer(definition.name, {
        schedule: definition.schedule,
        runOnStartup: definition.runOnStartup,
        useMonitor: true,
        handler: definition.handler,
      });
      return;
    case 'service-bus-queue':
      host.serviceBusQueue(definition.name, {
        connection: definition.connection,
        queueName: definition.queueName,
        isSessionsEnabled: definition.isSessionsEnabled,
        cardinality: 'one',
        handler: definition.handler,
      });
      return;
    case 'service-bus-topic':
      host.serviceBusTopic(definition.name, {
        connection: definition.connection,
        topicName: definition.topicName,
        subscriptionName: definition.subscriptionName,
        isSessionsEnabled: definition.isSessionsEnabled,
        cardinality: 'one',
        handler: definition.handler,
      });
      return;
  }
}
