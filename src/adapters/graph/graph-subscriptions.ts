/**
 * {@link SubscriptionGateway} over Microsoft Graph: one `users` subscription per source tenant, for
 * `updated,deleted` (for users `updated` also fires on create and soft delete; `created` never fires).
 */
import { z } from 'zod';
import type { GraphSubscription, SubscriptionGateway } from '../../app/ports.js';
import type { GraphClientSource } from './graph-client-factory.js';
import { toSyncError } from './graph-errors.js';
import { isFollowableLink } from './graph-query.js';
import { graphPageSchema, parseGraphBody } from './graph-user-mapping.js';

const subscriptionSchema = z.looseObject({
  id: z.string().min(1),
  resource: z.string(),
  changeType: z.string(),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: z.string().nullish(),
  expirationDateTime: z.string().min(1),
});

// Guards against a listing that never ends (a link pointing back at itself).
const maxListPages = 50;

/**
 * Builds the subscription gateway on the per-tenant Graph clients. Client states are sent to Graph but
 * never returned, logged or put in error messages.
 */
export function createGraphSubscriptionGateway(clients: GraphClientSource): SubscriptionGateway {
  const toSubscription = (body: unknown, tenantId: string): GraphSubscription => {
    const parsed = parseGraphBody(subscriptionSchema, body, 'subscription', tenantId);
    // Picked field by field so the echoed clientState never leaves this function.
    return {
      id: parsed.id,
      resource: parsed.resource,
      changeType: parsed.changeType,
      notificationUrl: parsed.notificationUrl,
      lifecycleNotificationUrl: parsed.lifecycleNotificationUrl ?? null,
      expirationDateTime: parsed.expirationDateTime,
    };
  };

  /** Runs a call on a subscription; 404 (gone or expired) gives `undefined`. */
  async function onSubscription<T>(
    tenantId: string,
    subscriptionId: string,
    run: (path: string) => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await run(`/subscriptions/${encodeURIComponent(subscriptionId)}`);
    } catch (error) {
      const mapped = toSyncError(error, {
        tenantId,
        operation: 'manage subscriptions',
        objectId: subscriptionId,
      });
      if (mapped.code === 'GRAPH.NOT_FOUND') return undefined;
      throw mapped;
    }
  }

  return {
    async create(tenantId, request) {
      let body: unknown;
      try {
        body = await clients.clientFor(tenantId).api('/subscriptions').post({
          changeType: 'updated,deleted',
          notificationUrl: request.notificationUrl,
          lifecycleNotificationUrl: request.lifecycleNotificationUrl,
          resource: 'users',
          expirationDateTime: request.expirationDateTime.toISOString(),
          clientState: request.clientState,
        });
      } catch (error) {
        throw toSyncError(error, {
          tenantId,
          operation: 'manage subscriptions',
          redact: [request.clientState],
        });
      }
      return toSubscription(body, tenantId);
    },

    async renew(tenantId, subscriptionId, expirationDateTime) {
      const body = await onSubscription(
        tenantId,
        subscriptionId,
        (path) =>
          clients
            .clientFor(tenantId)
            .api(path)
            .patch({ expirationDateTime: expirationDateTime.toISOString() }) as Promise<unknown>,
      );
      return body === undefined ? null : toSubscription(body, tenantId);
    },

    async reauthorize(tenantId, subscriptionId) {
      const done = await onSubscription(tenantId, subscriptionId, async (path) => {
        await clients.clientFor(tenantId).api(`${path}/reauthorize`).post(undefined);
        return true;
      });
      return done === true;
    },

    async delete(tenantId, subscriptionId) {
      const done = await onSubscription(tenantId, subscriptionId, async (path) => {
        await clients.clientFor(tenantId).api(path).delete();
        return true;
      });
      return done === true;
    },

    async list(tenantId) {
      const client = clients.clientFor(tenantId);
      const result: GraphSubscription[] = [];
      let link: string | undefined = '/subscriptions';
      for (let page = 0; link !== undefined && page < maxListPages; page += 1) {
        const current: string = link;
        let body: unknown;
        try {
          body = await client.api(current).get();
        } catch (error) {
          throw toSyncError(error, { tenantId, operation: 'manage subscriptions' });
        }
        const parsed = parseGraphBody(graphPageSchema, body, 'subscription list', tenantId);
        for (const item of parsed.value) result.push(toSubscription(item, tenantId));
        const next = parsed['@odata.nextLink'];
        link = next !== undefined && isFollowableLink(next) ? next : undefined;
      }
      return result;
    },
  };
}
