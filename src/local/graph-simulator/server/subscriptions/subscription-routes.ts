/**
 * `/subscriptions` (reference/graph-api.md §1): create (after the validation handshake), list, read, renew,
 * delete and reauthorize, with Graph's limits on resource, change types, URLs, lifetime, clientState and
 * quotas. Each app sees only its own subscriptions in the token's tenant.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorClock } from '../../directory/contract.js';
import { emptyReply, graphError, jsonReply } from '../graph-exchange.js';
import type { GraphRoute, RouteContext } from '../graph-route.js';
import { odataContext } from '../odata-links.js';
import { canSubscribeToUsers } from '../permissions.js';
import type { Subscription, SubscriptionStore } from './subscription-store.js';
import {
  checkEndpoint,
  createSubscriptionSchema,
  invalidRequest,
  parseChangeTypes,
  parseExpiration,
  parseResource,
  toResource,
  updateSubscriptionSchema,
} from './subscription-input.js';
import { validateNotificationEndpoint } from './validation-handshake.js';

/** What the routes need. */
export interface SubscriptionRoutesOptions {
  readonly store: SubscriptionStore;
  readonly clock: SimulatorClock;
  /** Time allowed for each validation handshake (Graph: 10 s). */
  readonly validationTimeoutMs: number;
}

const quotas = [
  {
    limit: 100,
    of: (s: Subscription, c: RouteContext) => s.appId === c.caller.appId && s.tenantId === c.caller.tenantId,
    what: 'this application in this tenant',
  },
  {
    limit: 1_000,
    of: (s: Subscription, c: RouteContext) => s.tenantId === c.caller.tenantId,
    what: 'this tenant',
  },
  {
    limit: 50_000,
    of: (s: Subscription, c: RouteContext) => s.appId === c.caller.appId,
    what: 'this application',
  },
];

/** The subscription routes. */
export function createSubscriptionRoutes(options: SubscriptionRoutesOptions): readonly GraphRoute[] {
  const { store, clock } = options;
  const own = (context: RouteContext): Subscription => {
    const subscription = store.get(context.params.id ?? '');
    if (subscription?.appId !== context.caller.appId || subscription.tenantId !== context.caller.tenantId) {
      throw graphError(
        404,
        'ResourceNotFound',
        `The object was not found: subscription '${context.params.id ?? ''}'.`,
      );
    }
    return subscription;
  };
  const toBody = (context: RouteContext, subscription: Subscription): Record<string, unknown> => ({
    '@odata.context': odataContext(context.baseUrl, 'subscriptions/$entity'),
    ...toResource(subscription),
  });
  return [
    {
      pattern: ['subscriptions'],
      operations: {
        GET: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionRead',
          handle: (context) =>
            jsonReply(200, {
              '@odata.context': odataContext(context.baseUrl, 'subscriptions'),
              value: store
                .list({ appId: context.caller.appId, tenantId: context.caller.tenantId })
                .map(toResource),
            }),
        },
        POST: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionWrite',
          handle: async (context) => {
            const parsed = createSubscriptionSchema.safeParse(context.call.body);
            if (!parsed.success) {
              const detail = parsed.error.issues
                .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
                .join('; ');
              throw invalidRequest(`Could not process subscription creation payload. ${detail}`);
            }
            const body = parsed.data;
            const userId = parseResource(body.resource);
            if (body.includeResourceData === true) {
              throw invalidRequest('Rich notifications (includeResourceData) are not supported for users.');
            }
            const changeTypes = parseChangeTypes(body.changeType);
            checkEndpoint(body.notificationUrl, 'notificationUrl');
            const lifecycleUrl = body.lifecycleNotificationUrl ?? undefined;
            if (lifecycleUrl !== undefined) checkEndpoint(lifecycleUrl, 'lifecycleNotificationUrl');
            const expiresAt = parseExpiration(body.expirationDateTime, clock.now());
            const all = store.list();
            for (const quota of quotas) {
              if (all.filter((s) => quota.of(s, context)).length >= quota.limit) {
                throw graphError(
                  403,
                  'ExtensionError',
                  `Operation failed as the number of subscriptions for ${quota.what} has reached the limit of ${quota.limit}.`,
                );
              }
            }
            await validateNotificationEndpoint(body.notificationUrl, options.validationTimeoutMs);
            if (lifecycleUrl !== undefined)
              await validateNotificationEndpoint(lifecycleUrl, options.validationTimeoutMs);
            const subscription: Subscription = {
              id: randomUUID(),
              tenantId: context.caller.tenantId.toLowerCase(),
              appId: context.caller.appId.toLowerCase(),
              creatorId: context.caller.servicePrincipalId,
              resource: body.resource,
              ...(userId === undefined ? {} : { userId }),
              changeTypes,
              notificationUrl: body.notificationUrl,
              ...(lifecycleUrl === undefined ? {} : { lifecycleNotificationUrl: lifecycleUrl }),
              expiresAt,
              ...(body.clientState == null ? {} : { clientState: body.clientState }),
              latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? 'v1_2',
            };
            store.add(subscription);
            return jsonReply(201, toBody(context, subscription));
          },
        },
      },
    },
    {
      pattern: ['subscriptions', ':id'],
      operations: {
        GET: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionRead',
          handle: (context) => jsonReply(200, toBody(context, own(context))),
        },
        PATCH: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionWrite',
          handle: async (context) => {
            const subscription = own(context);
            const parsed = updateSubscriptionSchema.safeParse(context.call.body);
            if (!parsed.success) throw invalidRequest('Could not process subscription update payload.');
            const body = parsed.data;
            if (body.lifecycleNotificationUrl !== undefined) {
              throw invalidRequest(
                'lifecycleNotificationUrl can only be set when a subscription is created; delete and recreate it.',
              );
            }
            const expiresAt =
              body.expirationDateTime === undefined
                ? undefined
                : parseExpiration(body.expirationDateTime, clock.now());
            if (body.notificationUrl !== undefined && body.notificationUrl !== subscription.notificationUrl) {
              checkEndpoint(body.notificationUrl, 'notificationUrl');
              await validateNotificationEndpoint(body.notificationUrl, options.validationTimeoutMs);
              subscription.notificationUrl = body.notificationUrl;
            }
            if (expiresAt !== undefined) subscription.expiresAt = expiresAt;
            return jsonReply(200, toBody(context, subscription));
          },
        },
        DELETE: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionWrite',
          handle: (context) => {
            store.remove(own(context).id);
            return emptyReply();
          },
        },
      },
    },
    {
      pattern: ['subscriptions', ':id', 'reauthorize'],
      operations: {
        POST: {
          permission: canSubscribeToUsers,
          cost: 'subscriptionWrite',
          handle: (context) => {
            own(context);
            return emptyReply();
          },
        },
      },
    },
  ];
}
