/**
 * The doctor's report as text: one line per check, `PASS|FAIL|WARN|SKIP  <scope>  <title>`, its detail
 * underneath and, where there is one, `fix: …` — so an administrator can work down the failures in order.
 */
import type { DoctorStatus } from '../app/doctor-report.js';
import type { DoctorReportResponse } from './doctor-response.js';
import type { TerminalStyle } from './terminal-style.js';

type Check = DoctorReportResponse['checks'][number];

const indent = '      ';

/** Formats `report` for a terminal (colours only when `style` has them). */
export function formatDoctorReport(report: DoctorReportResponse, style: TerminalStyle): string {
  const scopes = report.checks.map(describeScope);
  const width = Math.max(0, ...scopes.map((scope) => scope.length));
  const lines: string[] = [];
  report.checks.forEach((check, index) => {
    const scope = (scopes[index] ?? '').padEnd(width);
    lines.push(`${label(check.status, style)}  ${scope}  ${style.bold(check.title)}`);
    lines.push(`${indent}${style.dim(check.detail)}`);
    if (check.fix !== undefined) lines.push(`${indent}fix: ${check.fix}`);
  });
  lines.push('', summarize(report));
  return lines.join('\n');
}

/** `fabrikam`, `fabrikam (sync contoso-to-fabrikam)`, or `infrastructure` for checks about no tenant. */
export function describeScope(check: Check): string {
  const { tenant, tenantId, syncId } = check.scope;
  const who = tenant ?? tenantId ?? 'infrastructure';
  return syncId === undefined ? who : `${who} (sync ${syncId})`;
}

/** `14 checks: 11 passed, 2 failed, 1 skipped`. */
export function summarize(report: DoctorReportResponse): string {
  const count = (status: DoctorStatus): number => report.checks.filter((c) => c.status === status).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`];
  if (count('warn') > 0) parts.push(`${count('warn')} with warnings`);
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  const total = report.checks.length;
  return `${total} check${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function label(status: DoctorStatus, style: TerminalStyle): string {
  switch (status) {
    case 'pass':
      return style.green('PASS');
    case 'fail':
      return style.red('FAIL');
    case 'warn':
      return style.yellow('WARN');
    case 'skip':
      return style.dim('SKIP');
  }
}
