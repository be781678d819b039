import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { aDoctorWorld, aGreenTenant, checkOf, contosoId, fabrikamId, oneToOne } from './doctor-fixture.js';

describe('runDoctor', () => {
  describe('on a tenant pair that is set up completely', () => {
    it('passes every check, tenant by tenant and then the infrastructure', async () => {
      const world = aDoctorWorld();

      const report = await runDoctor(oneToOne, world.deps);

      expect(report.passed).toBe(true);
      expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
      expect(report.checks.map((check) => check.id)).toEqual([
        'graph-token:contoso',
        'graph-roles:contoso',
        'outbound-redemption:contoso-to-fabrikam',
        'source-subscription:contoso',
        'graph-token:fabrikam',
        'graph-roles:fabrikam',
        'guest-invitations:fabrikam',
        'inbound-redemption:contoso-to-fabrikam',
        'graph-token:northwind',
        'graph-roles:northwind',
        'graph-token:woodgrove',
        'graph-roles:woodgrove',
        'table-storage',
        'service-bus:source-changes',
        'service-bus:target-changes',
        'service-bus:target-changes/Subscriptions/target-fabrikam',
      ]);
    });

    it('scopes each check to its tenant and sync', async () => {
      const report = await runDoctor(oneToOne, aDoctorWorld().deps);

      expect(checkOf(report, 'inbound-redemption:contoso-to-fabrikam').scope).toEqual({
        tenant: 'fabrikam',
        tenantId: fabrikamId,
        syncId: 'contoso-to-fabrikam',
      });
      expect(checkOf(report, 'table-storage').scope).toEqual({});
    });
  });

  it('fails without stopping the report when the token request never answers', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).token = 'hang';

    const report = await runDoctor(oneToOne, world.deps);

    expect(checkOf(report, 'graph-token:contoso')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no answer within 0.2 s') as unknown,
      fix: expect.stringContaining('GRAPH_AUTHORITY_HOST') as unknown,
    });
    expect(checkOf(report, 'graph-token:fabrikam').status).toBe('pass');
  });

  it('asks no permission of a tenant that no sync uses', async () => {
    const world = aDoctorWorld();
    world.tenants.set('33333333-3333-4333-8333-333333333333', aGreenTenant([]));

    const report = await runDoctor(oneToOne, world.deps);

    expect(checkOf(report, 'graph-roles:northwind')).toMatchObject({
      status: 'pass',
      detail: 'No sync uses this tenant, so it needs no permission.',
    });
    expect(report.passed).toBe(true);
  });
});
