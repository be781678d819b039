/**
 * Graph's change-notification and lifecycle-notification payloads (graph-api.md §1.3, §1.5), parsed with
 * zod at the webhook. Real payloads vary (tenant as `tenantId` or `organizationId`, `Users/` or `users/`),
 * so the schema is tolerant where Graph is inconsistent and strict where xtsync depends on a field.
 */
import { z } from 'zod';

/** One notification item; items are validated one by one so a bad one never costs the others. */
export const notificationItemSchema = z.looseObject({
  id: z.string().max(200).optional(),
  subscriptionId: z.string().min(1).max(128),
  subscriptionExpirationDateTime: z.string().max(64).optional(),
  clientState: z.string().max(255).optional(),
  changeType: z.string().max(64).optional(),
  lifecycleEvent: z.string().max(64).optional(),
  resource: z.string().max(400).optional(),
  tenantId: z.string().max(64).optional(),
  organizationId: z.string().max(64).optional(),
  resourceData: z
    .looseObject({
      id: z.string().max(64).optional(),
      organizationId: z.string().max(64).optional(),
    })
    .optional(),
});

/** A notification collection as Graph POSTs it: the envelope only (items are checked one by one). */
export const notificationCollectionSchema = z.looseObject({
  value: z.array(z.unknown()).min(1).max(1000),
});

export type GraphNotification = z.infer<typeof notificationItemSchema>;

/** The tenant a notification is about: `tenantId`, else `resourceData.organizationId`, else `organizationId`. */
export function notificationTenantId(notification: GraphNotification): string | undefined {
  return (
    notification.tenantId ??
    notification.resourceData?.organizationId ??
    notification.organizationId
  )?.toLowerCase();
}

/** Graph's subscription, tenant and object ids are GUIDs. */
export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user a change notification is about, from `resourceData.id` (preferred) or `resource`. */
export function notificationUserId(notification: GraphNotification): string | undefined {
  const fromData = notification.resourceData?.id;
  if (fromData && guidPattern.test(fromData)) return fromData.toLowerCase();
  const match = /^\/?users\/([0-9a-f-]{36})$/i.exec(notification.resource ?? '');
  return match?.[1]?.toLowerCase();
}
