/**
 * Graph user payloads (lists, delta pages, single users) validated with zod and turned into xtsync's
 * {@link DirectoryUser} and {@link DeltaUserChange}.
 */
import { z } from 'zod';
import type { DeltaUserChange } from '../../app/ports.js';
import { SyncError } from '../../core/sync-errors.js';
import type { AttributeValue, DirectoryUser } from '../../core/user-attributes.js';

/** A Graph user object: an id plus whatever `$select` returned. */
export const graphUserSchema = z.looseObject({ id: z.string().min(1) });

/** A page of a Graph collection (`/users`, deleted items, subscriptions). */
export const graphPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

/** A page of `/users/delta`: items plus exactly one of the next or delta link. */
export const deltaPageSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      id: z.string().min(1),
      '@removed': z.looseObject({ reason: z.string().optional() }).optional(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/**
 * Validates a Graph response body against a schema.
 *
 * @throws SyncError `GRAPH.UNEXPECTED` naming what was read and the first path that did not fit.
 */
export function parseGraphBody<T>(schema: z.ZodType<T>, body: unknown, what: string, tenantId: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue === undefined ? '' : issue.path.join('.');
  throw new SyncError(
    'GRAPH.UNEXPECTED',
    `Graph returned an unexpected ${what} in tenant ${tenantId}: ${path || '(body)'}: ${issue?.message ?? 'invalid'}`,
    { details: { tenantId } },
  );
}

/**
 * Turns a Graph user object into a DirectoryUser whose attributes are every returned property but `id`.
 * OData annotations (`@odata.*`, `x@delta`) and values xtsync cannot represent (objects, arrays of
 * objects) are left out; `omit` drops properties xtsync asked for only for its own checks.
 */
export function toDirectoryUser(
  user: z.infer<typeof graphUserSchema>,
  omit: ReadonlySet<string> = new Set(),
): DirectoryUser {
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(user)) {
    if (name === 'id' || name.includes('@') || omit.has(name)) continue;
    const attribute = toAttributeValue(value);
    if (attribute !== undefined) attributes[name] = attribute;
  }
  return { id: user.id, attributes };
}

/** Maps one delta item: `@removed` with reason `deleted` is a hard delete, any other reason a soft delete. */
export function toDeltaChange(item: z.infer<typeof deltaPageSchema>['value'][number]): DeltaUserChange {
  const removed = item['@removed'];
  if (removed !== undefined) {
    // Unknown reasons count as soft deletes: restorable, so the safer reading.
    return { kind: 'removed', id: item.id, reason: removed.reason === 'deleted' ? 'deleted' : 'changed' };
  }
  return { kind: 'present', user: toDirectoryUser(item) };
}

function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    return value;
  }
  return undefined;
}
