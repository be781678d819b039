/**
 * The compact tables `npm run bench` prints: latency per change kind, the initial sync against the write
 * ceiling, and the reconcile's cost, each with the target it is measured against.
 */
import { renderTable } from '../../src/cli/text-table.js';
import type { LatencyReport } from './latency-scenario.js';
import type { LatencySummary } from './percentiles.js';
import type { ReconcileReport } from './reconcile-scenario.js';
import type { ThroughputReport } from './throughput-scenario.js';

const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);
const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);
const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const counts = (record: Readonly<Record<string, number>>): string =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ') || 'none';

function latencyCells(summary: LatencySummary): string[] {
  return [ms(summary.p50Ms), ms(summary.p95Ms), ms(summary.maxMs)];
}

/** The latency scenario as lines. */
export function formatLatency(report: LatencyReport): string[] {
  const rows = (['joiner', 'mover', 'leaver', 'all'] as const).map((kind) => {
    const figures = report.latency[kind];
    return [
      kind,
      `${figures.applied}/${figures.changes}`,
      ...latencyCells(figures.endToEnd),
      ...latencyCells(figures.pipeline),
      ms(figures.notification.p95Ms),
    ];
  });
  return [
    `Pipeline latency — ${report.changes} changes at ${report.ratePerSecond}/s, one-to-one, throttling off ` +
      `(${report.baseUsers} base users synced first)`,
    renderTable(
      ['kind', 'applied', 'e2e p50', 'e2e p95', 'e2e max', 'pipe p50', 'pipe p95', 'pipe max', 'notif p95'],
      rows,
    ),
    '  e2e = source write → target shows it (provisioning-log entry); pipe = notification received → target' +
      " shows it; notif = source write → notification received (Graph's part, excluded from the target).",
    `  target writes ${report.targetWrites}, unapplied ${report.unapplied}, read-back mismatches ` +
      `${report.mismatches.length}, failed attempts ${counts(report.outcome.failedAttempts)}, dead letters ` +
      `${report.outcome.deadLetters}`,
  ];
}

/** The throughput scenario as lines. */
export function formatThroughput(report: ThroughputReport): string[] {
  const throttle =
    typeof report.throttle === 'string' ? `'${report.throttle}'` : `scale ${report.throttle.scale}`;
  const bound = report.quotaBound;
  return [
    `Initial sync — ${report.users} users, one target, throttling ${throttle}`,
    renderTable(
      ['figure', 'value'],
      [
        ['users linked', `${report.linked}/${report.users}`],
        ['duration (apply → last link)', `${fixed(report.durationMs / 1000, 2)} s`],
        ['users/s', fixed(report.usersPerSecond)],
        ['Graph writes', `${report.totalWrites} (${counts(report.writes)})`],
        ['writes/s', fixed(report.writesPerSecond)],
        ['of the 20 writes/s app+tenant ceiling', percent(report.fractionOfSustainedCeiling)],
        [
          'quota-bound minimum',
          bound === null
            ? '- (throttling off)'
            : bound.binding === null
              ? "none (every write fits in the quotas' bursts)"
              : `${fixed(bound.minimumMs / 1000, 2)} s (${bound.binding})`,
        ],
        ['of what the quotas allow', percent(report.quotaEfficiency)],
        ['429s received (target)', String(report.outcome.throttled.target)],
        ['failed attempts, retried', counts(report.outcome.failedAttempts)],
        ['most failed attempts of one user', String(report.outcome.mostFailedAttemptsOfOneUser)],
        ['failed users', String(report.users - report.linked)],
        ['dead letters', String(report.outcome.deadLetters)],
      ],
    ),
  ];
}

/** The reconcile scenario as lines. */
export function formatReconcile(report: ReconcileReport): string[] {
  return [
    `Reconcile of the unchanged tenant — ${report.users} linked users, one run`,
    renderTable(
      ['figure', 'value'],
      [
        ['job', report.jobError === null ? report.jobStatus : `${report.jobStatus} (${report.jobError})`],
        ['duration (run)', `${fixed(report.durationMs / 1000, 2)} s`],
        ['duration (until the bus is idle)', `${fixed(report.settledMs / 1000, 2)} s`],
        ['Graph reads source / target', `${report.source.reads} / ${report.target.reads}`],
        ['Graph writes source / target', `${report.source.writes} / ${report.target.writes}`],
        ['provisioning entries caused', counts(report.entries)],
      ],
    ),
  ];
}

/** Warning and error lines counted during a scenario, most frequent first, as lines. */
export function formatProblems(problems: Readonly<Record<string, number>>): string[] {
  const sorted = Object.entries(problems).sort(([, a], [, b]) => b - a);
  return sorted.length === 0
    ? []
    : ['  stack warnings/errors:', ...sorted.map(([what, n]) => `    ${n}× ${what}`)];
}
