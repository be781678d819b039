import { isPassed } from './check-result.js';
import type { InfraReport } from './check-infra.js';

/**
 * Renders a report as a readable pass/fail list, problems indented under the failed check, with a count line.
 *
 * @returns the lines to print, without trailing newlines
 */
export function formatReport(report: InfraReport): string[] {
  const lines = [`infra check: ${report.infraDirectory} (${report.files.length} Bicep files)`];
  for (const result of report.results) {
    lines.push(`  ${isPassed(result) ? 'PASS' : 'FAIL'}  ${result.title}`);
    for (const problem of result.problems) lines.push(`          - ${problem}`);
  }
  const failed = report.results.filter((result) => !isPassed(result)).length;
  lines.push(`${report.results.length - failed} passed, ${failed} failed`);
  return lines;
}
