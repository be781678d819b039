/**
 * The few Graph calls the demo makes as a tenant's administrator, through the real Graph client: create,
 * change, soft-delete and restore a source user, and read target users by xtsync's anchor. Responses are
 * validated with zod, because a demo that misreads Graph would report latencies of nothing.
 */
import { randomBytes } from 'node:crypto';
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { AttributeValue, DirectoryUser, UserAttributes } from '../../core/user-attributes.js';

/** A tenant's directory as the demo drives it. */
export interface DemoDirectory {
  /** The tenant's domains, verified custom domains first and the initial (`*.onmicrosoft.com`) one last. */
  domains(): Promise<string[]>;
  /** Creates an enabled internal member with these attributes; returns its object id. */
  createUser(attributes: UserAttributes): Promise<string>;
  updateUser(userId: string, patch: UserAttributes): Promise<void>;
  /** Soft-deletes the user (into deleted items, restorable for 30 days). */
  deleteUser(userId: string): Promise<void>;
  restoreDeletedUser(userId: string): Promise<void>;
  /** Active users whose `anchorAttribute` equals `anchor`, with `select` read (plus the anchor). */
  findByAnchor(anchorAttribute: string, anchor: string, select: readonly string[]): Promise<DirectoryUser[]>;
  /** True when the user is in deleted items. */
  isDeleted(userId: string): Promise<boolean>;
}

const attributeValueSchema = z.union([z.string(), z.boolean(), z.number(), z.array(z.string()), z.null()]);
const userSchema = z.looseObject({ id: z.string().min(1) });
const userListSchema = z.object({ value: z.array(userSchema) });
const organizationSchema = z.object({
  value: z
    .array(
      z.object({
        verifiedDomains: z.array(z.object({ name: z.string().min(1), isInitial: z.boolean().optional() })),
      }),
    )
    .min(1),
});

/** A {@link DemoDirectory} over `client`, the tenant admin's Graph client; `tenant` names it in errors. */
export function createDemoDirectory(client: Client, tenant: string): DemoDirectory {
  const parse = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
    const result = schema.safeParse(body);
    if (!result.success) {
      throw new Error(`Unexpected Graph response to ${what} in ${tenant}: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  };

  return {
    domains: async () => {
      const body: unknown = await client.api('/organization').select(['verifiedDomains']).get();
      const domains = parse(organizationSchema, body, 'GET /organization').value.flatMap(
        (organization) => organization.verifiedDomains,
      );
      // A custom domain makes a realistic mail address; the initial domain always exists.
      return [...domains]
        .sort((a, b) => Number(a.isInitial ?? false) - Number(b.isInitial ?? false))
        .map((d) => d.name);
    },
    createUser: async (attributes) => {
      const body: unknown = await client.api('/users').post({
        accountEnabled: true,
        // Nobody signs in as a demo user; the password only satisfies Graph's create contract.
        passwordProfile: {
          password: `Demo-${randomBytes(12).toString('base64url')}-1a`,
          forceChangePasswordNextSignIn: true,
        },
        ...attributes,
      });
      return parse(userSchema, body, 'POST /users').id;
    },
    updateUser: async (userId, patch) => {
      await client.api(`/users/${encodeURIComponent(userId)}`).patch(patch);
    },
    deleteUser: async (userId) => {
      await client.api(`/users/${encodeURIComponent(userId)}`).delete();
    },
    restoreDeletedUser: async (userId) => {
      await client.api(`/directory/deletedItems/${encodeURIComponent(userId)}/restore`).post({});
    },
    findByAnchor: async (anchorAttribute, anchor, select) => {
      const fields = [...new Set(['id', anchorAttribute, ...select])];
      const body: unknown = await client
        .api('/users')
        .filter(`${anchorAttribute} eq '${anchor.replaceAll("'", "''")}'`)
        .select(fields)
        .get();
      return parse(userListSchema, body, `GET /users by anchor ${anchor}`).value.map((user) =>
        toDirectoryUser(user, fields, tenant),
      );
    },
    isDeleted: async (userId) => {
      try {
        await client
          .api(`/directory/deletedItems/${encodeURIComponent(userId)}`)
          .select(['id'])
          .get();
        return true;
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) return false;
        throw error;
      }
    },
  };
}

function toDirectoryUser(
  raw: z.infer<typeof userSchema>,
  fields: readonly string[],
  tenant: string,
): DirectoryUser {
  const attributes: Record<string, AttributeValue> = {};
  for (const field of fields) {
    const value = attributeValueSchema.safeParse(raw[field] ?? null);
    if (!value.success) {
      throw new Error(
        `Unexpected value of ${field} for user ${raw.id} in ${tenant}: ${JSON.stringify(raw[field])}`,
      );
    }
    attributes[field] = value.data;
  }
  return { id: raw.id, attributes };
}
