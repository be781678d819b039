/**
 * The state of one demo run that its steps share: the topology, a directory per tenant, the users being
 * followed through the lifecycle, and the results, notes and failures recorded so far.
 */
import { anchorAttributeName, formatAnchor } from '../../core/anchors.js';
import type { Topology, TopologySync, TopologyTenant } from '../../core/topology/topology.js';
import type { UserAttributes } from '../../core/user-attributes.js';
import type { DemoDirectory } from './demo-directory.js';
import type { DemoLoopCheck, DemoStepResult } from './demo-timeline.js';
import { formatStepLine } from './format-timeline.js';

/** How the demo runs; every field has a default in `runDemo`. */
export interface DemoSettings {
  /** Receives a line for each thing the demo does and each step as it converges or gives up. */
  readonly log: (line: string) => void;
  /** How long each step may take, per target, before it counts as not converged. */
  readonly timeoutMs: number;
  /** How often a target is read while waiting. */
  readonly pollMs: number;
  /** The clock latencies are measured on, in milliseconds. */
  readonly now: () => number;
}

/** A target of a followed user: its user there, once known, and why it is no longer followed, if so. */
export interface TrackedTarget {
  readonly sync: TopologySync;
  targetUserId: string | null;
  /** Set when a step failed for this target: later steps are skipped with this reason. */
  blockedBy: string | null;
}

/** A demo user followed through the lifecycle. */
export interface TrackedUser {
  readonly source: TopologyTenant;
  readonly userPrincipalName: string;
  /** Current source attributes; null when no attributes satisfy the syncs' scope. */
  attributes: UserAttributes | null;
  sourceUserId: string | null;
  readonly targets: readonly TrackedTarget[];
}

/** The shared state of a run. */
export interface DemoRun {
  readonly settings: DemoSettings;
  readonly topology: Topology;
  readonly results: DemoStepResult[];
  readonly loopChecks: DemoLoopCheck[];
  readonly notes: string[];
  readonly failures: string[];
  /** @throws Error when the stack has no admin client for the tenant (checked when the run starts). */
  directoryOf(tenantKey: string): DemoDirectory;
  /** The anchor a copy of `sourceUserId` (of `sourceTenantId`) carries in tenant `tenantKey`. */
  anchorIn(
    tenantKey: string,
    sourceTenantId: string,
    sourceUserId: string,
  ): { readonly attribute: string; readonly value: string };
  record(result: DemoStepResult): void;
  /** Records a fact worth telling the reader (and logs it at once). */
  note(message: string): void;
  fail(message: string): void;
}

/**
 * Starts a run over `topology`.
 *
 * @throws Error naming every tenant of the topology the stack has no admin client for.
 */
export function createDemoRun(
  topology: Topology,
  directories: ReadonlyMap<string, DemoDirectory>,
  settings: DemoSettings,
): DemoRun {
  const missing = topology.tenants.filter((tenant) => !directories.has(tenant.key)).map((t) => t.key);
  if (missing.length > 0) {
    throw new Error(
      `The topology names tenant(s) ${missing.join(', ')}, but stack.json has no simulator admin client for them.`,
    );
  }
  const tenant = (key: string): TopologyTenant => {
    const found = topology.tenants.find((candidate) => candidate.key === key);
    if (!found) throw new Error(`The topology has no tenant '${key}'.`);
    return found;
  };
  const run: DemoRun = {
    settings,
    topology,
    results: [],
    loopChecks: [],
    notes: [],
    failures: [],
    directoryOf: (key) => {
      const directory = directories.get(key);
      if (!directory) throw new Error(`stack.json has no simulator admin client for tenant '${key}'.`);
      return directory;
    },
    anchorIn: (key, sourceTenantId, sourceUserId) => ({
      // The anchor is named after the app xtsync signs in to that tenant as.
      attribute: anchorAttributeName(tenant(key).auth.clientId),
      value: formatAnchor(sourceTenantId, sourceUserId),
    }),
    record: (result) => {
      run.results.push(result);
      settings.log(formatStepLine(result));
    },
    note: (message) => {
      run.notes.push(message);
      settings.log(`Note: ${message}`);
    },
    fail: (message) => {
      run.failures.push(message);
    },
  };
  return run;
}
