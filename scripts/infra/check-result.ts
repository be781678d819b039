/** The outcome of one named check: it passed when it found no problems. */
export interface CheckResult {
  readonly title: string;
  /** What is wrong and where (`file:line:column` when a place is known); empty when the check passed. */
  readonly problems: readonly string[];
}

/** Builds a check result from its title and the problems found (none means passed). */
export function checkResult(title: string, problems: readonly string[]): CheckResult {
  return { title, problems };
}

/** Tells whether a check passed. */
export function isPassed(result: CheckResult): boolean {
  return result.problems.length === 0;
}
