/**
 * One table of functions, two hosts: each trigger file exports a definition of this shape; index.ts
 * registers the definitions with the Azure Functions host, and the local dev host binds the very same
 * definitions to its HTTP router, timers and in-process bus.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AuthLevel = 'anonymous' | 'function' | 'admin';

/** An HTTP-triggered function. `route` is relative to `/api`. */
export interface HttpFunctionDefinition {
  readonly kind: 'http';
  readonly name: string;
  readonly route: string;
  readonly methods: readonly HttpMethod[];
  readonly authLevel: AuthLevel;
  readonly handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

/** A timer-triggered function with an NCRONTAB schedule (6 fields, seconds first). */
export interface TimerFunctionDefinition {
  readonly kind: 'timer';
  readonly name: string;
  readonly schedule: string;
  readonly runOnStartup: boolean;
  readonly handler: (timer: Timer, context: InvocationContext) => Promise<void>;
}

/** A Service Bus queue-triggered function. Throwing abandons the message (the broker redelivers). */
export interface ServiceBusQueueFunctionDefinition {
  readonly kind: 'service-bus-queue';
  readonly name: string;
  readonly connection: string;
  readonly queueName: string;
  readonly isSessionsEnabled: boolean;
  readonly handler: (message: unknown, context: InvocationContext) => Promise<void>;
}

/** A Service Bus topic-subscription-triggered function. Throwing abandons the message. */
export interface ServiceBusTopicFunctionDefinition {
  readonly kind: 'service-bus-topic';
  readonly name: string;
  readonly connection: string;
  readonly topicName: string;
  readonly subscriptionName: string;
  readonly isSessionsEnabled: boolean;
  readonly handler: (message: unknown, context: InvocationContext) => Promise<void>;
}

export type FunctionDefinition =
  | HttpFunctionDefinition
  | TimerFunctionDefinition
  | ServiceBusQueueFunctionDefinition
  | ServiceBusTopicFunctionDefinition;

/** The app-setting prefix every Service Bus trigger uses (`ServiceBusConnection` or `…__fullyQualifiedNamespace`). */
export const serviceBusConnectionSetting = 'ServiceBusConnection';
