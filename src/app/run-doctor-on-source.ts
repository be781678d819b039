/**
 * The doctor as the admin API runs it: on a topology file the operator sends (to check a file before
 * applying it), or else on the active topology.
 */
import { parseTopology } from '../core/topology/parse-topology.js';
import type { DoctorReport } from './doctor-report.js';
import { runDoctor, type DoctorDeps } from './run-doctor.js';
import type { TopologySource } from './topology-source.js';

/** The outcome: a report, or nothing to check because no topology was sent and none has been applied. */
export type DoctorRun =
  { readonly kind: 'report'; readonly report: DoctorReport } | { readonly kind: 'no-active-topology' };

/** What {@link runDoctorOnSource} needs: the doctor's dependencies and the active topology. */
export interface DoctorOnSourceDeps extends DoctorDeps {
  readonly topology: TopologySource;
}

/**
 * Runs the doctor on `source` (topology YAML) when given, else on the active topology.
 *
 * @param source - A topology file's text, or null for the active topology.
 * @throws TopologyError (TOPOLOGY.INVALID) listing every problem of an invalid `source`.
 */
export async function runDoctorOnSource(source: string | null, deps: DoctorOnSourceDeps): Promise<DoctorRun> {
  if (source !== null) {
    const { topology } = parseTopology(source, 'topology');
    return { kind: 'report', report: await runDoctor(topology, deps) };
  }
  const active = await deps.topology.current();
  if (active === null) return { kind: 'no-active-topology' };
  deps.logger.info('Doctor checks the active topology', { version: active.version });
  return { kind: 'report', report: await runDoctor(active.topology, deps) };
}
