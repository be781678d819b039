/**
 * Validation of subscription payloads (reference/graph-api.md §1.1): resource, change types, endpoint URLs,
 * lifetime and clientState, plus the subscription resource in Graph's shape.
 */
import { z } from 'zod';
import { graphError } from '../graph-exchange.js';
import type { Subscription, SubscriptionChangeType } from './subscription-store.js';

/** Longest lifetime of a subscription on directory resources. */
export const maxSubscriptionMinutes = 41_760;

/** Body of `POST /subscriptions` (unknown properties are ignored, as Graph does). */
export const createSubscriptionSchema = z.looseObject({
  changeType: z.string().min(1),
  notificationUrl: z.string().min(1),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z.string().max(255, 'clientState must be at most 255 characters').nullish(),
  lifecycleNotificationUrl: z.string().min(1).nullish(),
  latestSupportedTlsVersion: z.enum(['v1_0', 'v1_1', 'v1_2', 'v1_3']).optional(),
  includeResourceData: z.boolean().optional(),
});

/** Body of `PATCH /subscriptions/{id}`. */
export const updateSubscriptionSchema = z.looseObject({
  expirationDateTime: z.string().min(1).optional(),
  notificationUrl: z.string().min(1).optional(),
  lifecycleNotificationUrl: z.unknown().optional(),
});

/** The subscription resource in Graph's shape (reference/graph-api.md §1.1). */
export function toResource(subscription: Subscription): Record<string, unknown> {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.appId,
    changeType: subscription.changeTypes.join(','),
    clientState: subscription.clientState ?? null,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? null,
    expirationDateTime: new Date(subscription.expiresAt).toISOString().replace('.000Z', 'Z'),
    creatorId: subscription.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
    notificationContentType: null,
  };
}

/** 400 `InvalidRequest`, Graph's code for a subscription payload it cannot accept. */
export function invalidRequest(message: string): Error {
  return graphError(400, 'InvalidRequest', message);
}

/**
 * `users` / `/users` (all users) → undefined; `users/{id}` → the id.
 *
 * @throws GraphHttpError 400 for any other resource.
 */
export function parseResource(resource: string): string | undefined {
  const match = /^\/?users(?:\/([^/?]+))?\/?$/i.exec(resource.trim());
  if (match === null) {
    throw invalidRequest(`Resource '${resource}' is not supported. Use 'users' or 'users/{id}'.`);
  }
  return match[1]?.toLowerCase();
}

/** A comma-separated subset of created, updated, deleted; throws 400 otherwise. */
export function parseChangeTypes(value: string): SubscriptionChangeType[] {
  const types = value.split(',').map((type) => type.trim());
  const allowed: readonly string[] = ['created', 'updated', 'deleted'];
  if (types.some((type) => !allowed.includes(type)) || new Set(types).size !== types.length) {
    throw invalidRequest(
      `Invalid changeType '${value}': use a comma-separated subset of created, updated, deleted.`,
    );
  }
  return types as SubscriptionChangeType[];
}

/** HTTPS anywhere; plain HTTP only on loopback (real Graph refuses it; the local stack needs it). */
export function checkEndpoint(value: string, field: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest(`${field} '${value}' is not an absolute URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname.toLowerCase());
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidRequest(`${field} must be an https URL (plain http is accepted on loopback only).`);
  }
}

/** Milliseconds of an expiration in the future and at most 41,760 minutes ahead of `now`; throws 400 otherwise. */
export function parseExpiration(value: string, now: number): number {
  const expiresAt = Date.parse(value);
  if (Number.isNaN(expiresAt))
    throw invalidRequest(`expirationDateTime '${value}' is not an ISO-8601 date-time.`);
  if (expiresAt <= now) throw invalidRequest('Subscription expiration must be in the future.');
  if (expiresAt > now + maxSubscriptionMinutes * 60_000) {
    throw invalidRequest(
      `Subscription expiration can only be ${maxSubscriptionMinutes} minutes in the future.`,
    );
  }
  return expiresAt;
}
