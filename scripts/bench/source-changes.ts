/**
 * Making the latency scenario's changes in the source tenant through Graph, as an administrator would:
 * a joiner is a new internal member, a mover a new job title, a leaver a deleted user.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { MadeChange } from './latency-timings.js';
import type { PlannedChange } from './latency-plan.js';

const createdUserSchema = z.looseObject({ id: z.string().min(1) });

/** The job title a mover gets; the scenario reads it back from the target to verify the update. */
export function moverJobTitle(index: number): string {
  return `Bench title ${index}`;
}

/**
 * Makes one planned change and says when it was written.
 *
 * @param baseUserIds - Source ids of the users synced before the run; movers and leavers pick from them.
 * @throws Error when Graph refuses the write or the plan names a base user that does not exist.
 */
export async function makeSourceChange(
  admin: Client,
  change: PlannedChange,
  baseUserIds: readonly string[],
  mailDomain: string,
): Promise<MadeChange> {
  const writtenAtMs = Date.now();
  if (change.kind === 'joiner') {
    const nickname = `bench-${change.index}-${randomBytes(3).toString('hex')}`;
    const mail = `${nickname}@${mailDomain}`;
    const created: unknown = await admin.api('/users').post({
      accountEnabled: true,
      displayName: `Bench Joiner ${change.index}`,
      givenName: 'Bench',
      surname: `Joiner ${change.index}`,
      mailNickname: nickname,
      userPrincipalName: mail,
      mail,
      jobTitle: 'Analyst',
      department: 'Sales',
      passwordProfile: { password: `Not-used-${randomBytes(6).toString('hex')}!` },
    });
    return { kind: 'joiner', sourceUserId: createdUserSchema.parse(created).id, writtenAtMs };
  }
  const sourceUserId = change.baseUser === undefined ? undefined : baseUserIds[change.baseUser];
  if (sourceUserId === undefined) {
    throw new Error(`Change ${change.index} (${change.kind}) has no base user to act on.`);
  }
  if (change.kind === 'mover') {
    await admin.api(`/users/${sourceUserId}`).patch({ jobTitle: moverJobTitle(change.index) });
  } else {
    await admin.api(`/users/${sourceUserId}`).delete();
  }
  return { kind: change.kind, sourceUserId, writtenAtMs };
}
