import { describe, expect, it } from 'vitest';
import { anchorAttributeName } from '../../../src/core/anchors.js';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import type { TopologySync, TopologyTenant } from '../../../src/core/topology/topology.js';
import type { DirectoryUser } from '../../../src/core/user-attributes.js';
import { checkLoopPrevention } from '../../../src/local/demo/check-loop-prevention.js';
import type { DemoDirectory } from '../../../src/local/demo/demo-directory.js';
import { createDemoRun, type TrackedUser } from '../../../src/local/demo/demo-run.js';
import { tenantIds, testAppClientId } from '../../support/builders.js';
import { withSyncs } from '../../support/topology-text.js';

const topology = parseTopology(
  withSyncs(
    `  - { id: c-to-f, from: contoso, to: fabrikam }\n  - { id: f-to-c, from: fabrikam, to: contoso }\n`,
  ),
  'mesh.yaml',
).topology;
const sourceUserId = '0b0b0b0b-0000-4000-8000-000000000001';
const copyId = '0c0c0c0c-0000-4000-8000-000000000002';
const anchor = anchorAttributeName(testAppClientId);

/** Directories whose anchor search answers from `users` per tenant key, and who was searched for. */
function directories(users: Record<string, DirectoryUser[]>) {
  const searched: string[] = [];
  const map = new Map<string, DemoDirectory>(
    topology.tenants.map((tenant) => {
      const unused = (): Promise<never> => Promise.reject(new Error('not used'));
      const directory: DemoDirectory = {
        domains: unused,
        createUser: unused,
        updateUser: unused,
        deleteUser: unused,
        restoreDeletedUser: unused,
        isDeleted: unused,
        findByAnchor: (attribute, value) => {
          searched.push(`${tenant.key} ${value}`);
          return Promise.resolve(
            (users[tenant.key] ?? []).filter((user) => user.attributes[attribute] === value),
          );
        },
      };
      return [tenant.key, directory];
    }),
  );
  return { map, searched };
}

function aTrackedUser(): TrackedUser {
  const [toFabrikam] = topology.syncs as [TopologySync];
  const [contoso] = topology.tenants as [TopologyTenant];
  return {
    source: contoso,
    userPrincipalName: 'demo@contoso.com',
    attributes: {},
    sourceUserId,
    targets: [{ sync: toFabrikam, targetUserId: copyId, blockedBy: null }],
  };
}

const settings = { log: () => undefined, timeoutMs: 1_000, pollMs: 10, now: Date.now };

describe('checkLoopPrevention', () => {
  it('searches the home tenant for the person and every other tenant for each of its copies', async () => {
    const { map, searched } = directories({});
    const run = createDemoRun(topology, map, settings);
    await checkLoopPrevention(run, aTrackedUser(), 'joiner');

    expect(run.loopChecks).toEqual([
      expect.objectContaining({ ok: true, after: 'joiner', source: 'contoso' }),
    ]);
    expect(run.failures).toEqual([]);
    expect(searched).toEqual(
      expect.arrayContaining([
        `contoso ${tenantIds.contoso}:${sourceUserId}`,
        `contoso ${tenantIds.fabrikam}:${copyId}`,
        `northwind ${tenantIds.fabrikam}:${copyId}`,
      ]),
    );
  });

  it('fails when the copy in a target was copied back into the home tenant', async () => {
    const { map } = directories({
      contoso: [{ id: 'bounced', attributes: { [anchor]: `${tenantIds.fabrikam}:${copyId}` } }],
    });
    const run = createDemoRun(topology, map, settings);
    await checkLoopPrevention(run, aTrackedUser(), 'return');

    expect(run.failures).toEqual([
      `loop prevention contoso after return: demo@contoso.com was copied again: bounced in contoso carries anchor ${tenantIds.fabrikam}:${copyId}`,
    ]);
  });
});
