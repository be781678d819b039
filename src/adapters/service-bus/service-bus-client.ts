import { ServiceBusClient, type ServiceBusClientOptions, type TokenCredential } from '@azure/service-bus';
import { z } from 'zod';
import { SyncError } from '../../core/sync-errors.js';

/**
 * Where the Service Bus namespace is and how to sign in: a connection string (local stack, tests), or a
 * fully-qualified namespace plus an Entra credential (production, identity-based, no secrets).
 */
export interface ServiceBusConnectionOptions {
  /** The `ServiceBusConnection` setting. A secret: never logged, never echoed in errors. */
  readonly connectionString?: string;
  /** The `ServiceBusConnection__fullyQualifiedNamespace` setting, e.g. `sb-xtsync.servicebus.windows.net`. */
  readonly fullyQualifiedNamespace?: string;
  /** The identity to use with `fullyQualifiedNamespace` (managed identity in Azure). */
  readonly credential?: TokenCredential;
  /** Passed to the SDK as is (retry policy, identifier, WebSockets). */
  readonly clientOptions?: ServiceBusClientOptions;
}

const connectionString = z
  .string()
  .regex(/(^|;)\s*Endpoint\s*=\s*sb:\/\/[^;]+/i, 'expected a connection string with Endpoint=sb://…');
const fullyQualifiedNamespace = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]*[a-z0-9](:\d{1,5})?$/i,
    'expected a host name such as <namespace>.servicebus.windows.net (no scheme, no path)',
  );

/**
 * Builds the one `ServiceBusClient` of a process. Makes no network call; the first send opens the connection.
 *
 * @throws SyncError CONFIG.INVALID naming the setting when neither or both ways are given, when the
 *   namespace comes without a credential, or when a value is malformed (the connection string itself is never
 *   repeated in the error: it holds a key).
 */
export function createServiceBusClient(options: ServiceBusConnectionOptions): ServiceBusClient {
  const hasConnectionString = nonEmpty(options.connectionString);
  const hasNamespace = nonEmpty(options.fullyQualifiedNamespace);
  if (hasConnectionString && hasNamespace) {
    throw configError(
      'Service Bus is configured twice: set either ServiceBusConnection (a connection string) or ' +
        'ServiceBusConnection__fullyQualifiedNamespace (identity-based), not both.',
    );
  }
  if (hasConnectionString) {
    const parsed = connectionString.safeParse(options.connectionString);
    if (!parsed.success) {
      throw configError(
        `ServiceBusConnection is not a Service Bus connection string: ${firstMessage(parsed.error)}.`,
      );
    }
    return new ServiceBusClient(parsed.data, options.clientOptions);
  }
  if (hasNamespace) {
    const parsed = fullyQualifiedNamespace.safeParse(options.fullyQualifiedNamespace?.trim());
    if (!parsed.success) {
      throw configError(
        `ServiceBusConnection__fullyQualifiedNamespace "${String(options.fullyQualifiedNamespace)}" is invalid: ` +
          `${firstMessage(parsed.error)}.`,
      );
    }
    if (options.credential === undefined) {
      throw configError(
        'ServiceBusConnection__fullyQualifiedNamespace is set but no credential was given to sign in with.',
      );
    }
    return new ServiceBusClient(parsed.data, options.credential, options.clientOptions);
  }
  throw configError(
    'Service Bus is not configured: set ServiceBusConnection (a connection string, local) or ' +
      'ServiceBusConnection__fullyQualifiedNamespace (the namespace host name, identity-based).',
  );
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'invalid value';
}

function configError(message: string): SyncError {
  return new SyncError('CONFIG.INVALID', message, { retryable: false });
}
