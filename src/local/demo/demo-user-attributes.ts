/**
 * What the demo's source users look like: a unique identity per run at one of the tenant's domains, a
 * readable profile, and — for the mover step — one change to a mapped attribute that keeps the user in
 * scope of every sync it crosses.
 */
import { computeDesiredState } from '../../core/compute-desired-state.js';
import { diffAttributes } from '../../core/diff-attributes.js';
import { evaluateScope } from '../../core/scope.js';
import type { TopologySync } from '../../core/topology/topology.js';
import type { AttributeValue, UserAttributes } from '../../core/user-attributes.js';

/** Who a demo user is: `demo-<stamp>-<source>-<number>@<domain>` for each candidate domain. */
export interface DemoUserIdentity {
  /** Unique per run, e.g. the start time in base 36. */
  readonly stamp: string;
  readonly sourceKey: string;
  readonly companyName: string;
  readonly number: number;
}

/** The base attributes of a demo user, one candidate per domain (in the order given). */
export function demoUserBases(identity: DemoUserIdentity, domains: readonly string[]): UserAttributes[] {
  const local = `demo-${identity.stamp}-${identity.sourceKey}-${identity.number}`;
  const surname = `${identity.sourceKey} ${identity.number}`;
  return domains.map((domain) => ({
    userPrincipalName: `${local}@${domain}`,
    mail: `${local}@${domain}`,
    mailNickname: local,
    givenName: 'Demo',
    surname,
    displayName: `Demo ${surname}`,
    jobTitle: 'Demo Joiner',
    department: 'Demo',
    companyName: identity.companyName,
    officeLocation: 'Demo Office',
    usageLocation: 'US',
  }));
}

/** The mover step's change and the syncs whose target must show it. */
export interface MoverChange {
  readonly attribute: string;
  readonly value: string;
  /** Syncs whose always-applied mapped attributes change; the others have nothing to show. */
  readonly visibleIn: readonly string[];
}

const moverCandidates: readonly (readonly [string, string])[] = [
  ['jobTitle', 'Demo Mover'],
  ['officeLocation', 'Demo Office 2'],
  ['city', 'Demo City'],
  ['department', 'Demo Moved'],
];

/**
 * Chooses the change for the mover step: among a new jobTitle, officeLocation, city, department and every
 * other department value the syncs' scope clauses name, the first that keeps the user in scope of every
 * sync and changes the target in the most of them. Null when no candidate keeps the user in scope.
 */
export function chooseMoverChange(
  attributes: UserAttributes,
  syncs: readonly TopologySync[],
): MoverChange | null {
  const departments = syncs.flatMap((sync) =>
    sync.scope.flatMap((filter) =>
      filter.clauses.flatMap((clause): string[] => {
        if (clause.attribute !== 'department') return [];
        if (clause.operator === 'in' || clause.operator === 'not-in') return [...clause.values];
        return 'value' in clause ? [clause.value] : [];
      }),
    ),
  );
  const candidates = [...moverCandidates, ...departments.map((value) => ['department', value] as const)];
  let best: MoverChange | null = null;
  for (const [attribute, value] of candidates) {
    if (attributes[attribute] === value) continue;
    const after: Record<string, AttributeValue> = { ...attributes, [attribute]: value };
    if (!syncs.every((sync) => evaluateScope(after, sync.scope).inScope)) continue;
    const visibleIn = syncs
      .filter((sync) => {
        const before = computeDesiredState(attributes, sync).attributes;
        return Object.keys(diffAttributes(before, computeDesiredState(after, sync).attributes)).length > 0;
      })
      .map((sync) => sync.id);
    if (best === null || visibleIn.length > best.visibleIn.length) best = { attribute, value, visibleIn };
    if (visibleIn.length === syncs.length) break;
  }
  return best;
}
