/**
 * Builds every simulated tenant from a seed (`SimulatedDirectories`), with one clock, one set of knobs
 * and one stream of change events. Events are emitted when the write happens, not after the replication
 * lag: a notification that arrives before delta shows the change is exactly what xtsync must survive.
 */
import type {
  DirectoryChangeEvent,
  DirectoryKnobs,
  SimulatedDirectories,
  SimulatorClock,
  TenantDirectory,
} from './contract.js';
import { GraphHttpError } from '../graph-http-error.js';
import type { SimulatorSeed } from '../seed.js';
import { createIdGenerator } from './guid.js';
import { createSystemClock } from './simulator-clock.js';
import { SimulatedTenantDirectory } from './tenant-directory.js';
import { createUserSchema, toExtensionPropertyName } from './user-properties.js';

/** Options of `createSimulatedDirectories`. */
export interface SimulatedDirectoriesOptions {
  /** Defaults to the real time (still movable with `advance`). */
  readonly clock?: SimulatorClock;
  readonly knobs?: Partial<DirectoryKnobs>;
  /** Source of randomness for object and invitation ids (defaults to crypto-random GUIDs). */
  readonly random?: () => number;
}

/** Knob defaults: changes visible to delta at once, 100 users per delta page. */
export const defaultDirectoryKnobs: Readonly<DirectoryKnobs> = { replicationLagMs: 0, deltaPageSize: 100 };

function extensionNamesFor(seed: SimulatorSeed, tenant: SimulatorSeed['tenants'][number]): string[] {
  return tenant.servicePrincipals.flatMap((sp) => {
    const app = seed.applications.find((a) => a.key === sp.app);
    return app === undefined
      ? []
      : app.extensionProperties.map((name) => toExtensionPropertyName(app.clientId, name));
  });
}

/**
 * Creates the directories of every seed tenant, with their seeded and synthetic users.
 * @throws Error when a seed user is invalid (the message names the tenant and the user).
 */
export function createSimulatedDirectories(
  seed: SimulatorSeed,
  options: SimulatedDirectoriesOptions = {},
): SimulatedDirectories {
  const clock = options.clock ?? createSystemClock();
  // Mutable on purpose: the control API changes knobs while the simulator runs.
  const knobs: DirectoryKnobs = { ...defaultDirectoryKnobs, ...options.knobs };
  const newId = createIdGenerator(options.random);
  const listeners = new Set<(event: DirectoryChangeEvent) => void>();
  const emit = (event: DirectoryChangeEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // The write has happened; a failing listener must not undo it, nor be silenced.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  const directories = seed.tenants.map(
    (tenant) =>
      new SimulatedTenantDirectory({
        tenant,
        schema: createUserSchema(extensionNamesFor(seed, tenant)),
        clock,
        knobs,
        newId,
        emit,
      }),
  );
  const find = (idOrKey: string): SimulatedTenantDirectory | undefined => {
    const lower = idOrKey.toLowerCase();
    return directories.find((d) => d.tenantId === lower || d.key === idOrKey);
  };
  return {
    clock,
    knobs,
    tenants: (): readonly TenantDirectory[] => directories,
    tenant: find,
    generateUsers(tenantIdOrKey: string, count: number): void {
      const directory = find(tenantIdOrKey);
      if (directory === undefined)
        throw new GraphHttpError(404, 'Request_ResourceNotFound', `Unknown tenant '${tenantIdOrKey}'.`);
      if (!Number.isInteger(count) || count < 0)
        throw new GraphHttpError(
          400,
          'Request_BadRequest',
          `Cannot generate ${count} users: expected a whole number ≥ 0.`,
        );
      directory.addSyntheticUsers(count);
    },
    onChange(listener: (event: DirectoryChangeEvent) => void): () => void {
      // Wrapped so the same function can subscribe twice and each unsubscribe removes one.
      const entry = (event: DirectoryChangeEvent): void => {
        listener(event);
      };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
