/**
 * The infrastructure checks: the state tables answer, and every Service Bus entity the topology's syncs use
 * exists and lets the function app in — the drain queue, the target topic and one `target-<key>`
 * subscription per target tenant (infra/ creates them from the `targets` parameter).
 */
import type { Topology } from '../core/topology/topology.js';
import { runCheck, type CheckOutcome } from './doctor-check-runner.js';
import {
  busEntityPath,
  type BusEntity,
  type BusEntityNames,
  type BusEntityProbe,
  type ProbeResult,
  type TableStorageProbe,
} from './doctor-ports.js';
import type { DoctorCheck } from './doctor-report.js';

/** What the infrastructure checks use. */
export interface InfrastructureCheckDeps {
  readonly bus: BusEntityProbe;
  readonly tables: TableStorageProbe;
  readonly entities: BusEntityNames;
  readonly timeoutMs: number;
}

/** The entities the topology needs, in a stable order: queue, topic, then one subscription per target. */
export function requiredBusEntities(topology: Topology, names: BusEntityNames): BusEntity[] {
  const targets = [...new Set(topology.syncs.map((sync) => sync.to))];
  return [
    { kind: 'queue', name: names.sourceQueueName },
    { kind: 'topic', name: names.targetTopicName },
    ...targets.map((key): BusEntity => ({
      kind: 'subscription',
      topicName: names.targetTopicName,
      subscriptionName: `target-${key}`,
    })),
  ];
}

/** `table-storage` and one `service-bus:<path>` check per required entity, probed in parallel. */
export function infrastructureChecks(
  topology: Topology,
  deps: InfrastructureCheckDeps,
): Promise<DoctorCheck[]> {
  const tables = runCheck(
    { id: 'table-storage', title: 'Table Storage reachable', scope: {} },
    async () => judge(await deps.tables.probeTables(), tablesFix),
    deps.timeoutMs,
  );
  const entities = requiredBusEntities(topology, deps.entities).map((entity) =>
    runCheck(
      {
        id: `service-bus:${busEntityPath(entity)}`,
        title: `Service Bus ${describe(entity)} reachable`,
        scope: {},
      },
      async () => judge(await deps.bus.probeEntity(entity), (problem) => busFix(entity, problem)),
      deps.timeoutMs,
    ),
  );
  return Promise.all([tables, ...entities]);
}

type Problem = Extract<ProbeResult, { ok: false }>['problem'];

function judge(result: ProbeResult, fixFor: (problem: Problem) => string): CheckOutcome {
  if (result.ok) return { status: 'pass', detail: result.detail };
  return { status: 'fail', detail: result.message, fix: fixFor(result.problem) };
}

function describe(entity: BusEntity): string {
  switch (entity.kind) {
    case 'queue':
      return `queue ${entity.name}`;
    case 'topic':
      return `topic ${entity.name}`;
    case 'subscription':
      return `subscription ${entity.topicName}/${entity.subscriptionName}`;
  }
}

function busFix(entity: BusEntity, problem: Problem): string {
  if (problem === 'forbidden') {
    return (
      "Grant the function app's system-assigned identity Azure Service Bus Data Sender and Azure Service Bus " +
      'Data Receiver on the namespace (infra/modules/role-assignments.bicep does this).'
    );
  }
  if (problem === 'unreachable') {
    return (
      'Check ServiceBusConnection (or ServiceBusConnection__fullyQualifiedNamespace) and that the namespace ' +
      'is reachable from the function app.'
    );
  }
  switch (entity.kind) {
    case 'queue':
      return `Create queue ${entity.name} (with sessions) by deploying infra/main.bicep, or set XTSYNC_SOURCE_QUEUE to the queue's name.`;
    case 'topic':
      return `Create topic ${entity.name} by deploying infra/main.bicep, or set XTSYNC_TARGET_TOPIC to the topic's name.`;
    case 'subscription': {
      const key = entity.subscriptionName.replace(/^target-/, '');
      return (
        `Add target '${key}' to the targets parameter of infra/main.bicep (and to XTSYNC_TARGETS) and deploy ` +
        `again: that creates subscription ${entity.subscriptionName} with its targetTenantId rule (docs/deploy.md).`
      );
    }
  }
}

function tablesFix(problem: Problem): string {
  if (problem === 'forbidden') {
    return (
      "Grant the function app's system-assigned identity Storage Table Data Contributor on the state storage " +
      'account (infra/modules/role-assignments.bicep does this).'
    );
  }
  return (
    'Check TablesConnection (or TablesConnection__endpoint) and that the state storage account is reachable ' +
    'from the function app.'
  );
}
