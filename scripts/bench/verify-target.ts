/**
 * Reading the target back through Graph after the latency run: each changed user must look as its change
 * says (a joiner exists and is enabled, a mover has the new job title, a leaver is disabled), which checks
 * that the provisioning-log entries the latencies come from describe what the target really shows.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import pLimit from 'p-limit';
import { z } from 'zod';
import { formatAnchor } from '../../src/core/anchors.js';
import type { ChangeKind } from './latency-plan.js';

/** What one change should have left in the target. */
export interface TargetExpectation {
  readonly kind: ChangeKind;
  readonly sourceUserId: string;
  /** For movers: the job title written in the source. */
  readonly jobTitle?: string;
}

const pageSchema = z.object({
  value: z.array(z.looseObject({ accountEnabled: z.boolean().nullish(), jobTitle: z.string().nullish() })),
});

/**
 * Checks every expectation against the target (8 reads at a time) and returns one line per mismatch.
 */
export async function verifyTarget(
  admin: Client,
  options: { readonly anchorAttribute: string; readonly sourceTenantId: string },
  expectations: readonly TargetExpectation[],
): Promise<string[]> {
  const limit = pLimit(8);
  const problems = await Promise.all(
    expectations.map((expected) =>
      limit(async (): Promise<string | null> => {
        const anchor = formatAnchor(options.sourceTenantId, expected.sourceUserId);
        const page = pageSchema.parse(
          await admin
            .api('/users')
            .filter(`${options.anchorAttribute} eq '${anchor}'`)
            .select(['id', 'accountEnabled', 'jobTitle'])
            .get(),
        );
        const user = page.value[0];
        const which = `${expected.kind} ${expected.sourceUserId}`;
        if (user === undefined) return `${which}: no target user`;
        if (expected.kind === 'leaver')
          return user.accountEnabled === false ? null : `${which}: still enabled`;
        if (user.accountEnabled !== true) return `${which}: disabled`;
        if (expected.jobTitle !== undefined && user.jobTitle !== expected.jobTitle)
          return `${which}: jobTitle is '${user.jobTitle ?? ''}', expected '${expected.jobTitle}'`;
        return null;
      }),
    ),
  );
  return problems.filter((problem): problem is string => problem !== null);
}
