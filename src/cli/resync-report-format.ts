/**
 * Provision-on-demand reports and resync jobs as text: per user a headline and its five steps (source read,
 * scope, match, action, Graph result) with the attributes seen, and for a job its outcome and counts — so
 * an operator sees at a glance where a user stopped and why. Pure: no I/O.
 */
import type { JobResponse, OnDemandReportResponse } from './resync-responses.js';
import { renderTable } from './text-table.js';
import type { TerminalStyle } from './terminal-style.js';

type StepStatus = OnDemandReportResponse['outcome'];

const stepNames = [
  ['sourceRead', 'source read'],
  ['scope', 'scope'],
  ['match', 'match'],
  ['action', 'action'],
  ['graphResult', 'graph result'],
] as const;

/** Formats one user's report: headline, numbered steps, attributes seen, warnings. */
export function formatOnDemandReport(report: OnDemandReportResponse, style: TerminalStyle): string {
  const name = report.steps.sourceRead.attributes?.displayName;
  const who = typeof name === 'string' ? `${name} (${report.sourceUserId})` : report.sourceUserId;
  const lines = [`${style.bold(who)} in ${report.syncId}: ${label(report.outcome, style)}`];
  const rows = stepNames.map(([key, title], index) => {
    const step = report.steps[key];
    return step === null
      ? [`${index + 1} ${title}`, style.dim('not reached'), '']
      : [`${index + 1} ${title}`, label(step.status, style), stepDetail(key, report)];
  });
  lines.push(indent(renderTable(['step', 'status', 'detail'], rows, style)));
  const seen = seenAttributes(report);
  if (seen.length > 0) {
    lines.push('  attributes seen in the source:');
    lines.push(indent(renderTable(['attribute', 'value'], seen, style), 4));
  }
  for (const warning of report.warnings) lines.push(`  ${style.yellow('warning:')} ${warning}`);
  return lines.join('\n');
}

/** `3 users: 1 succeeded, 1 skipped (nothing to write), 1 failed` (zero counts left out but successes). */
export function summarizeReports(reports: readonly OnDemandReportResponse[]): string {
  const count = (outcome: StepStatus): number => reports.filter((r) => r.outcome === outcome).length;
  const parts = [`${count('success')} succeeded`];
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped (nothing to write)`);
  if (count('failure') > 0) parts.push(`${count('failure')} failed`);
  return `${reports.length} user${reports.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The live progress line of a job: `running: reading source users, 120 done`. */
export function describeJobProgress(job: JobResponse): string {
  const { phase, done, total } = job.progress;
  const count = total === null ? `${done} done` : `${done}/${total} done`;
  return `${job.status}: ${phase}, ${count}`;
}

/** Formats an ended (or still running) job: outcome, timing, counts, error. */
export function formatJob(job: JobResponse, style: TerminalStyle): string {
  const what = job.scope.syncId ?? job.scope.sourceTenantId ?? 'every sync';
  const status =
    job.status === 'succeeded'
      ? style.green(job.status)
      : job.status === 'failed'
        ? style.red(job.status)
        : style.yellow(job.status);
  const took =
    job.startedAt !== null && job.finishedAt !== null
      ? ` in ${((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000).toFixed(1)} s`
      : '';
  const lines = [`${style.bold(`Full ${job.kind} of ${what}`)}: ${status}${took} (job ${job.id})`];
  const counts = Object.entries(job.result ?? {}).filter(([, value]) => typeof value === 'number');
  if (counts.length > 0) {
    lines.push(
      indent(
        renderTable(
          counts.map(([name]) => name),
          [counts.map(([, value]) => String(value))],
          style,
        ),
      ),
    );
  }
  if (job.error !== null) lines.push(`  ${style.red(job.error.code)}: ${job.error.message}`);
  return lines.join('\n');
}

function stepDetail(key: (typeof stepNames)[number][0], report: OnDemandReportResponse): string {
  const { steps } = report;
  switch (key) {
    case 'sourceRead':
      return steps.sourceRead.summary;
    case 'scope':
      return steps.scope?.summary ?? '';
    case 'match':
      return steps.match?.summary ?? '';
    case 'action': {
      const action = steps.action;
      if (!action) return '';
      const changed =
        action.changedAttributes.length > 0 ? ` (writes ${action.changedAttributes.join(', ')})` : '';
      return `${action.summary}${changed}`;
    }
    case 'graphResult':
      return steps.graphResult?.summary ?? '';
  }
}

/** Non-empty source attributes, by name. */
function seenAttributes(report: OnDemandReportResponse): string[][] {
  const attributes = report.steps.sourceRead.attributes ?? {};
  return Object.entries(attributes)
    .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => [name, Array.isArray(value) ? value.map(String).join(', ') : String(value)]);
}

function label(status: StepStatus, style: TerminalStyle): string {
  switch (status) {
    case 'success':
      return style.green('success');
    case 'skipped':
      return style.dim('skipped');
    case 'failure':
      return style.red('failure');
  }
}

function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n');
}
