/**
 * What `xtsync doctor` reports: one check per thing an administrator must have set up (a token, the
 * permissions of the tenant's role, invitation and automatic-redemption policies, a live subscription, the
 * Service Bus entities and the state tables), each with its outcome and, when something is missing, the
 * exact fix.
 */

/** The outcome of one check. `skip` means it could not be run; `warn` works today but needs attention. */
export type DoctorStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** What a check is about: a tenant (by topology key and id), a sync, or neither (infrastructure). */
export interface DoctorScope {
  /** The tenant's key in the topology. */
  readonly tenant?: string;
  readonly tenantId?: string;
  readonly syncId?: string;
}

/** One check and its outcome. */
export interface DoctorCheck {
  /** Stable and unique in a report: the kind of check, then what it is about (`graph-roles:contoso`). */
  readonly id: string;
  /** What was checked, in a few words (`Permissions for a target tenant`). */
  readonly title: string;
  readonly scope: DoctorScope;
  readonly status: DoctorStatus;
  /** What was found, in a sentence or two; never a token, secret or client state. */
  readonly detail: string;
  /** What to do about it: portal steps and, where one exists, the Graph call. Set for every `fail`. */
  readonly fix?: string;
}

/** Every check of one run, in a stable order; `passed` is false as soon as one check fails. */
export interface DoctorReport {
  readonly checks: readonly DoctorCheck[];
  readonly passed: boolean;
}

/** Builds a report from checks: it passes when no check failed (warnings and skips do not fail it). */
export function toDoctorReport(checks: readonly DoctorCheck[]): DoctorReport {
  return { checks, passed: checks.every((check) => check.status !== 'fail') };
}

/** Counts the checks of a report per status, for logs and summaries. */
export function countByStatus(checks: readonly DoctorCheck[]): Record<DoctorStatus, number> {
  const counts: Record<DoctorStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}
