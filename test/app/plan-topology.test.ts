import { describe, expect, it } from 'vitest';
import type { LinkStore, MirroredUser, SourceMirror, CursorStore } from '../../src/app/ports.js';
import { planTopology, type PlanTopologyDeps } from '../../src/app/plan-topology.js';
import { formatAnchor } from '../../src/core/anchors.js';
import { computeDesiredState } from '../../src/core/compute-desired-state.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import type { AttributeValue } from '../../src/core/user-attributes.js';
import { tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestLogger } from '../support/test-logger.js';
import { withSyncs } from '../support/topology-text.js';
import { aPerson, type Person } from './reconcile-fixture.js';

const syncId = 'contoso-to-fabrikam';
const sales = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
`);
const salesInAmsterdam = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
            - { attribute: officeLocation, operator: equals, value: Amsterdam }
        - clauses:
            - { attribute: department, operator: equals, value: Legal }
    mappings:
      - { target: companyName, constant: Contoso Ltd }
`);

/** Store methods that write, made to fail the test: a dry run must never call them. */
function readOnly<T extends object>(store: T, writes: readonly (keyof T)[]): T {
  const copy = { ...store };
  for (const name of writes) {
    (copy as Record<keyof T, unknown>)[name] = () => {
      throw new Error(`a dry run wrote through ${String(name)}`);
    };
  }
  return copy;
}

function setup(activeText: string | null) {
  const state = createInMemoryState();
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const source = directories.get(tenantIds.contoso);
  const target = directories.get(tenantIds.fabrikam);
  const active = activeText === null ? null : parseTopology(activeText, 'active.yaml').topology;
  const deps: PlanTopologyDeps = {
    topology: {
      current: () => Promise.resolve(active === null ? null : { version: 1, topology: active }),
      invalidate: () => undefined,
    },
    cursors: readOnly<CursorStore>(state.cursors, ['save', 'delete']),
    mirror: readOnly<SourceMirror>(state.sourceMirror, ['save']),
    links: readOnly<LinkStore>(state.links, ['save']),
    directoriesFor: () => directories,
    anchorAttribute: testAnchorAttribute,
    logger: createTestLogger().logger,
  };
  const sync = active?.syncs[0];
  /** A person as the pipeline left them under the active topology: mirrored, and linked when in scope. */
  const existing = async (person: Person, linked: boolean): Promise<void> => {
    const mirrored: MirroredUser = {
      sourceTenantId: tenantIds.contoso,
      userId: person.id,
      attributes: person.attributes,
      hash: 'h',
      version: 2,
      state: 'present',
      lastSeenAt: '2026-01-05T09:00:00.000Z',
      lastSeenRound: 'r',
      published: {},
    };
    await state.sourceMirror.save(mirrored, null);
    if (!linked || !sync) return;
    const desired = computeDesiredState(person.attributes, sync);
    const id = target.addUser({
      ...desired.attributes,
      creationType: 'Invitation',
      [testAnchorAttribute]: formatAnchor(tenantIds.contoso, person.id),
    });
    await state.links.save(
      {
        syncId,
        sourceTenantId: tenantIds.contoso,
        sourceUserId: person.id,
        targetTenantId: tenantIds.fabrikam,
        targetUserId: id,
        state: 'active',
        appliedHash: desired.hash,
        appliedAttributes: desired.attributes,
        sourceVersion: 2,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        disabledAt: null,
        deletedAt: null,
        lastError: null,
      },
      null,
    );
  };
  const sourceRead = () =>
    state.cursors.save(
      {
        sourceTenantId: tenantIds.contoso,
        link: 'https://graph.example/delta',
        roundComplete: true,
        selectHash: 'h',
        roundId: 'r',
        roundIsFull: true,
        updatedAt: '2026-01-05T09:00:00.000Z',
      },
      null,
    );
  return { state, source, target, deps, existing, sourceRead };
}

const person = (overrides: Record<string, AttributeValue>) => aPerson(overrides);

describe('planTopology', () => {
  it('sorts every user into create, update, remove or unchanged with the pipeline rules, writing nothing', async () => {
    const { deps, existing, sourceRead, target } = setup(sales);
    await sourceRead();
    const keptInAmsterdam = person({ department: 'Sales', officeLocation: 'Amsterdam' });
    const leavingUtrecht = person({ department: 'Sales', officeLocation: 'Utrecht' });
    const joiningLegal = person({ department: 'Legal', officeLocation: 'Utrecht' });
    const neverInScope = person({ department: 'Finance' });
    await existing(keptInAmsterdam, true);
    await existing(leavingUtrecht, true);
    await existing(joiningLegal, false);
    await existing(neverInScope, false);

    const plan = await planTopology(salesInAmsterdam, deps);
    expect(plan.version).toBeNull();
    expect(plan.shape.kind).toBe('one-to-one');
    expect(plan.syncs).toMatchObject([
      {
        id: syncId,
        from: 'contoso',
        to: 'fabrikam',
        source: 'mirror',
        create: [{ sourceUserId: joiningLegal.id, displayName: joiningLegal.attributes.displayName }],
        update: [{ sourceUserId: keptInAmsterdam.id, changedAttributes: ['companyName'] }],
        remove: [
          { sourceUserId: leavingUtrecht.id, reason: expect.stringContaining('officeLocation') as unknown },
        ],
        unchanged: 0,
      },
    ]);
    expect(target.writes.total()).toBe(0);
    expect(target.calls.map((call) => call.method)).toEqual(['listExternalUsers']);
  });

  it('counts a user already as the file wants as unchanged', async () => {
    const { deps, existing, sourceRead } = setup(sales);
    await sourceRead();
    await existing(person({ department: 'Sales' }), true);
    const plan = await planTopology(sales, deps);
    expect(plan.syncs[0]).toMatchObject({ create: [], update: [], remove: [], unchanged: 1 });
  });

  it('plans a create for a user linked in the previous target when the sync points at a new target', async () => {
    const { deps, existing, sourceRead } = setup(sales);
    await sourceRead();
    const linkedInFabrikam = person({ department: 'Sales' });
    await existing(linkedInFabrikam, true);

    const plan = await planTopology(sales.replace('to: fabrikam', 'to: northwind'), deps);
    expect(plan.syncs).toMatchObject([
      { to: 'northwind', create: [{ sourceUserId: linkedInFabrikam.id }], unchanged: 0 },
    ]);
  });

  it('reads a source tenant it has no mirror of once from Graph, and saves no cursor', async () => {
    const { deps, source, state } = setup(null);
    const joiner = person({ department: 'Sales' });
    source.deltaScript.push(
      { kind: 'page', page: { changes: [], nextLink: 'https://graph.example/delta?page=2' } },
      {
        kind: 'page',
        page: {
          changes: [{ kind: 'present', user: { id: joiner.id, attributes: joiner.attributes } }],
          deltaLink: 'https://graph.example/delta?token=x',
        },
      },
    );
    const plan = await planTopology(sales, deps);
    expect(plan.syncs).toMatchObject([{ source: 'graph', create: [{ sourceUserId: joiner.id }] }]);
    expect(source.deltaStarts[0]).toMatchObject({ kind: 'initial' });
    expect(await state.cursors.get(tenantIds.contoso)).toBeNull();
  });

  it('refuses an invalid file with its problems', async () => {
    const { deps } = setup(sales);
    await expect(planTopology('version: 1\nsyncs: nope\n', deps)).rejects.toMatchObject({
      name: 'TopologyError',
    });
  });
});
