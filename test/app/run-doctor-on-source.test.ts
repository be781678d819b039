import { describe, expect, it } from 'vitest';
import { runDoctorOnSource } from '../../src/app/run-doctor-on-source.js';
import type { TopologySource } from '../../src/app/topology-source.js';
import { TopologyError } from '../../src/core/topology/topology-error.js';
import { topologyHeader, withSyncs } from '../support/topology-text.js';
import { aDoctorWorld, oneToOne } from './doctor-fixture.js';

function activeTopology(version: number | null): TopologySource {
  return {
    current: () => Promise.resolve(version === null ? null : { version, topology: oneToOne }),
    invalidate: () => undefined,
  };
}

describe('runDoctorOnSource', () => {
  it('checks the active topology when no file is given', async () => {
    const world = aDoctorWorld();

    const run = await runDoctorOnSource(null, { ...world.deps, topology: activeTopology(3) });

    expect(run.kind).toBe('report');
    expect(run.kind === 'report' && run.report.checks.map((check) => check.id)).toContain(
      'inbound-redemption:contoso-to-fabrikam',
    );
  });

  it('checks the file it is given instead of the active topology', async () => {
    const world = aDoctorWorld();
    const file = withSyncs('  - id: fabrikam-to-contoso\n    from: fabrikam\n    to: contoso\n');

    const run = await runDoctorOnSource(file, { ...world.deps, topology: activeTopology(3) });

    const ids = run.kind === 'report' ? run.report.checks.map((check) => check.id) : [];
    expect(ids).toContain('inbound-redemption:fabrikam-to-contoso');
    expect(ids).not.toContain('inbound-redemption:contoso-to-fabrikam');
  });

  it('says there is nothing to check when no topology was applied and no file was given', async () => {
    const run = await runDoctorOnSource(null, { ...aDoctorWorld().deps, topology: activeTopology(null) });

    expect(run).toEqual({ kind: 'no-active-topology' });
  });

  it('refuses an invalid file with every problem and its line', async () => {
    const file = `${topologyHeader}syncs:\n  - { id: a, from: contoso, to: tailspin }\n`;

    const error: unknown = await runDoctorOnSource(file, {
      ...aDoctorWorld().deps,
      topology: activeTopology(3),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TopologyError);
    expect((error as TopologyError).issues[0]?.message).toContain("unknown tenant 'tailspin'");
  });
});
