/**
 * The queues, topics and subscriptions a bus knows, declared up front the way infra/ declares them in Azure.
 * The in-process bus and the AMQP broker fixture of the tests take the same declaration, so the local stack
 * and the SDK tests run against identically shaped entities.
 */
import { z } from 'zod';

/** Service Bus's default `maxDeliveryCount`. */
export const DEFAULT_MAX_DELIVERY_COUNT = 10;
/** The ARM default duplicate-detection window (10 minutes). */
export const DEFAULT_DUPLICATE_DETECTION_WINDOW_MS = 10 * 60 * 1000;

const entityName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$/, 'expected an entity name ([A-Za-z0-9._-], at most 260)');
const subscriptionName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/, 'expected a subscription name ([A-Za-z0-9._-], at most 50)');
const maxDeliveryCount = z.number().int().min(1).max(2000).default(DEFAULT_MAX_DELIVERY_COUNT);
const duplicateDetectionWindowMs = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60 * 60 * 1000)
  .default(DEFAULT_DUPLICATE_DETECTION_WINDOW_MS);

/** A queue: sessions, poison limit and duplicate-detection window (0 turns detection off). */
export const queueDeclarationSchema = z.strictObject({
  name: entityName,
  requiresSession: z.boolean().default(false),
  maxDeliveryCount,
  duplicateDetectionWindowMs,
});

/** A topic subscription; its only rule is a correlation filter on application properties (empty = all). */
export const subscriptionDeclarationSchema = z.strictObject({
  name: subscriptionName,
  requiresSession: z.boolean().default(false),
  correlationFilter: z.record(z.string(), z.string()).default({}),
  maxDeliveryCount,
});

/** A topic with its subscriptions; duplicate detection applies on the topic, as in Service Bus. */
export const topicDeclarationSchema = z.strictObject({
  name: entityName,
  duplicateDetectionWindowMs,
  subscriptions: z.array(subscriptionDeclarationSchema),
});

/** Every entity of one bus. Names are unique, case-insensitively, as in a Service Bus namespace. */
export const busEntitiesSchema = z
  .strictObject({
    queues: z.array(queueDeclarationSchema).default([]),
    topics: z.array(topicDeclarationSchema).default([]),
  })
  .superRefine((entities, context) => {
    const names = [...entities.queues, ...entities.topics].map((entity) => entity.name.toLowerCase());
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined)
      context.addIssue({ code: 'custom', message: `entity "${duplicate}" is declared twice` });
    for (const topic of entities.topics) {
      const subs = topic.subscriptions.map((sub) => sub.name.toLowerCase());
      const twice = subs.find((name, index) => subs.indexOf(name) !== index);
      if (twice !== undefined)
        context.addIssue({
          code: 'custom',
          message: `topic "${topic.name}" declares subscription "${twice}" twice`,
        });
    }
  });

/** Declarations as written by callers: optional fields take Service Bus's defaults. */
export type BusEntitiesInput = z.input<typeof busEntitiesSchema>;
/** Declarations with every default filled in. */
export type BusEntities = z.output<typeof busEntitiesSchema>;
/** A parsed queue declaration. */
export type QueueDeclaration = z.output<typeof queueDeclarationSchema>;
/** A parsed topic declaration. */
export type TopicDeclaration = z.output<typeof topicDeclarationSchema>;
/** A parsed subscription declaration. */
export type SubscriptionDeclaration = z.output<typeof subscriptionDeclarationSchema>;

/**
 * Parses entity declarations and fills in defaults.
 *
 * @throws Error naming the first invalid field, when the declaration is malformed.
 */
export function parseBusEntities(input: BusEntitiesInput): BusEntities {
  const result = busEntitiesSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'entities' : issue.path.join('.');
    throw new Error(`Invalid bus entity declaration at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}

/** The entity path of a subscription, as Service Bus spells it (`<topic>/Subscriptions/<subscription>`). */
export function subscriptionPath(topicName: string, subscriptionName: string): string {
  return `${topicName}/Subscriptions/${subscriptionName}`;
}

/** The path of an entity's dead-letter sub-queue (`<entity path>/$DeadLetterQueue`). */
export function deadLetterPath(entityPath: string): string {
  return `${entityPath}/$DeadLetterQueue`;
}

/** True when a message's application properties satisfy a correlation filter (exact, string-wise match). */
export function matchesCorrelationFilter(
  filter: Readonly<Record<string, string>>,
  applicationProperties: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return Object.entries(filter).every(([key, expected]) => {
    const actual = applicationProperties?.[key];
    return (
      (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') &&
      String(actual) === expected
    );
  });
}
