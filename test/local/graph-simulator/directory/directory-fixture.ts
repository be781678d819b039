/**
 * Builders for directory-engine tests: a two-tenant seed (Contoso with a few users and a verified domain,
 * Fabrikam with none) where the xtsync app's anchor extension is known in both tenants.
 */
import type {
  DirectoryKnobs,
  GraphObject,
  TenantDirectory,
} from '../../../../src/local/graph-simulator/directory/contract.js';
import { createSimulatedDirectories } from '../../../../src/local/graph-simulator/directory/simulated-directories.js';
import {
  createSimulatorClock,
  type MutableSimulatorClock,
} from '../../../../src/local/graph-simulator/directory/simulator-clock.js';
import { GraphHttpError } from '../../../../src/local/graph-simulator/graph-http-error.js';
import { parseSimulatorSeed, type SimulatorSeed } from '../../../../src/local/graph-simulator/seed.js';

export const contosoTenantId = 'c0000000-0000-4000-8000-000000000001';
export const fabrikamTenantId = 'f0000000-0000-4000-8000-000000000002';
export const xtsyncClientId = 'a1b2c3d4-0000-4000-8000-00000000abcd';
export const anchorProperty = 'extension_a1b2c3d400004000800000000000abcd_xtsyncSourceAnchor';
export const adeleId = '00000000-0000-4000-8000-00000000ade1';
export const startMs = Date.parse('2025-01-01T00:00:00Z');
export const dayMs = 24 * 60 * 60 * 1000;

/** A valid seed; `tenantOverrides` is merged into Contoso's seed entry. */
export function aSeed(tenantOverrides: Record<string, unknown> = {}): SimulatorSeed {
  return parseSimulatorSeed({
    applications: [
      {
        key: 'xtsync',
        clientId: xtsyncClientId,
        displayName: 'xtsync',
        homeTenant: 'contoso',
        extensionProperties: ['xtsyncSourceAnchor'],
      },
    ],
    tenants: [
      {
        key: 'contoso',
        tenantId: contosoTenantId,
        displayName: 'Contoso',
        defaultDomain: 'contoso.onmicrosoft.com',
        verifiedDomains: ['contoso.com'],
        servicePrincipals: [{ app: 'xtsync', roles: ['User.ReadWrite.All'] }],
        users: [
          {
            id: adeleId,
            userPrincipalName: 'adele.vance@contoso.com',
            displayName: 'Adele Vance',
            givenName: 'Adele',
            surname: 'Vance',
            mail: 'adele.vance@contoso.com',
            department: 'Sales',
            jobTitle: 'Account Executive',
            companyName: 'Contoso',
            otherMails: ['adele@private.example'],
          },
          {
            userPrincipalName: 'megan.bowen@contoso.com',
            displayName: 'Megan Bowen',
            mail: 'megan.bowen@contoso.com',
            department: 'Marketing',
            accountEnabled: false,
          },
          {
            userPrincipalName: 'sync.user@contoso.com',
            displayName: 'Synced User',
            onPremisesSyncEnabled: true,
          },
        ],
        ...tenantOverrides,
      },
      {
        key: 'fabrikam',
        tenantId: fabrikamTenantId,
        displayName: 'Fabrikam',
        defaultDomain: 'fabrikam.onmicrosoft.com',
        servicePrincipals: [{ app: 'xtsync', roles: ['User.Invite.All'] }],
      },
    ],
  });
}

/** The simulator directories over `aSeed()` with a manual clock at `startMs`. */
export function aDirectory(options: { knobs?: Partial<DirectoryKnobs>; seed?: SimulatorSeed } = {}): {
  clock: MutableSimulatorClock;
  contoso: TenantDirectory;
  fabrikam: TenantDirectory;
  directories: ReturnType<typeof createSimulatedDirectories>;
} {
  const clock = createSimulatorClock(startMs);
  let n = 0;
  // A deterministic id source so failures are reproducible.
  const random = (): number => (n = (n * 1103515245 + 12345) % 2147483648) / 2147483648;
  const directories = createSimulatedDirectories(options.seed ?? aSeed(), {
    clock,
    random,
    ...(options.knobs === undefined ? {} : { knobs: options.knobs }),
  });
  const contoso = directories.tenant('contoso');
  const fabrikam = directories.tenant('fabrikam');
  if (contoso === undefined || fabrikam === undefined) throw new Error('seed tenants missing');
  return { clock, contoso, fabrikam, directories };
}

/** Runs `action` and returns the GraphHttpError it throws (fails the test when it does not throw one). */
export function graphErrorOf(action: () => unknown): GraphHttpError {
  try {
    action();
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error('expected a GraphHttpError, but nothing was thrown');
}

/** The ids of a page of users. */
export function idsOf(items: readonly GraphObject[]): string[] {
  return items.map((item) => String(item.id));
}

/** A valid POST /users body. */
export function aNewUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountEnabled: true,
    displayName: 'Nestor Wilke',
    mailNickname: 'nestorw',
    userPrincipalName: 'nestor.wilke@contoso.com',
    passwordProfile: { password: 'x9!Strong-Password', forceChangePasswordNextSignIn: true },
    ...overrides,
  };
}
