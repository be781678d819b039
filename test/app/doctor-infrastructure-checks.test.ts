/**
 * The Table Storage and Service Bus checks, through runDoctor over an in-memory world.
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { withSyncs } from '../support/topology-text.js';
import { aDoctorWorld, checkOf, oneToOne } from './doctor-fixture.js';

describe('the infrastructure checks', () => {
  it('probes the queue, the topic and one subscription per target', async () => {
    const world = aDoctorWorld();
    const hub = parseTopology(
      withSyncs(
        '  - { id: c-to-f, from: contoso, to: fabrikam }\n  - { id: c-to-n, from: contoso, to: northwind }\n',
      ),
      'hub.yaml',
    ).topology;

    await runDoctor(hub, world.deps);

    expect(world.probedEntities).toEqual([
      { kind: 'queue', name: 'source-changes' },
      { kind: 'topic', name: 'target-changes' },
      { kind: 'subscription', topicName: 'target-changes', subscriptionName: 'target-fabrikam' },
      { kind: 'subscription', topicName: 'target-changes', subscriptionName: 'target-northwind' },
    ]);
  });

  it('fails a missing target subscription with the infra parameter to add', async () => {
    const world = aDoctorWorld();
    world.busFailures.set('target-changes/Subscriptions/target-fabrikam', {
      ok: false,
      problem: 'missing',
      message: 'Service Bus has no entity target-changes/Subscriptions/target-fabrikam.',
    });

    const report = await runDoctor(oneToOne, world.deps);

    const entity = checkOf(report, 'service-bus:target-changes/Subscriptions/target-fabrikam');
    expect(report.passed).toBe(false);
    expect(entity.fix).toContain("Add target 'fabrikam' to the targets parameter of infra/main.bicep");
  });

  it('fails Table Storage without access with the role to grant', async () => {
    const world = aDoctorWorld();
    world.tablesResult = {
      ok: false,
      problem: 'forbidden',
      message: 'Table Storage rejected the query with status 403.',
    };

    const tables = checkOf(await runDoctor(oneToOne, world.deps), 'table-storage');

    expect(tables).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Storage Table Data Contributor') as unknown,
    });
  });

  it('fails Service Bus without access with the data roles to grant', async () => {
    const world = aDoctorWorld();
    world.busFailures.set('source-changes', {
      ok: false,
      problem: 'forbidden',
      message: 'Service Bus refused access.',
    });

    const queue = checkOf(await runDoctor(oneToOne, world.deps), 'service-bus:source-changes');

    expect(queue.fix).toContain('Azure Service Bus Data Sender and Azure Service Bus Data Receiver');
  });
});
