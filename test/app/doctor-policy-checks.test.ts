/**
 * The guest invitation and automatic redemption checks, through runDoctor over an in-memory world.
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { aDoctorWorld, checkOf, contosoId, fabrikamId, oneToOne } from './doctor-fixture.js';

describe('the guest invitation check', () => {
  it('fails when no one may invite in the target, with the setting and the Graph call', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).allowInvitesFrom = 'none';

    const invitations = checkOf(await runDoctor(oneToOne, world.deps), 'guest-invitations:fabrikam');

    expect(invitations.status).toBe('fail');
    expect(invitations.fix).toContain('External collaboration settings → Guest invite settings');
    expect(invitations.fix).toContain(
      'PATCH https://graph.microsoft.com/v1.0/policies/authorizationPolicy {"allowInvitesFrom":"adminsAndGuestInviters"}',
    );
  });

  it('passes for a restricted setting that still lets admins invite', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).allowInvitesFrom = 'adminsAndGuestInviters';

    expect(checkOf(await runDoctor(oneToOne, world.deps), 'guest-invitations:fabrikam').status).toBe('pass');
  });

  it('fails saying the check could not run when Graph errors', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).allowInvitesFrom = new SyncError(
      'GRAPH.UNAVAILABLE',
      'Graph read policies in tenant x failed with 503',
    );

    const invitations = checkOf(await runDoctor(oneToOne, world.deps), 'guest-invitations:fabrikam');

    expect(invitations).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('GRAPH.UNAVAILABLE') as unknown,
    });
  });
});

describe('the automatic redemption checks', () => {
  it('fails inbound in the target with the portal steps and a PATCH that keeps the outbound value', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).partners = { [contosoId]: { inboundAllowed: false, outboundAllowed: true } };

    const inbound = checkOf(await runDoctor(oneToOne, world.deps), 'inbound-redemption:contoso-to-fabrikam');

    expect(inbound.status).toBe('fail');
    expect(inbound.detail).toContain('automaticUserConsentSettings.inboundAllowed: false');
    expect(inbound.fix).toContain(
      `Inbound access → Trust settings → tick "Automatically redeem invitations with the tenant ${contosoId}"`,
    );
    expect(inbound.fix).toContain(
      `PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/${contosoId} ` +
        '{"automaticUserConsentSettings":{"inboundAllowed":true,"outboundAllowed":true}}',
    );
  });

  it('fails outbound in the source, scoped to the source tenant', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).partners = { [fabrikamId]: { inboundAllowed: null, outboundAllowed: null } };

    const outbound = checkOf(
      await runDoctor(oneToOne, world.deps),
      'outbound-redemption:contoso-to-fabrikam',
    );

    expect(outbound).toMatchObject({
      status: 'fail',
      scope: { tenant: 'contoso', syncId: 'contoso-to-fabrikam' },
    });
    expect(outbound.fix).toContain('Outbound access → Trust settings');
    expect(outbound.fix).toContain(
      '{"automaticUserConsentSettings":{"inboundAllowed":false,"outboundAllowed":true}}',
    );
  });

  it('fails with the steps to add the organization when the partner entry is missing', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).partners = {};

    const inbound = checkOf(await runDoctor(oneToOne, world.deps), 'inbound-redemption:contoso-to-fabrikam');

    expect(inbound.detail).toContain('has no cross-tenant access settings for contoso');
    expect(inbound.fix).toContain(`Organizational settings → Add organization → ${contosoId}`);
    expect(inbound.fix).toContain(
      `POST https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners {"tenantId":"${contosoId}","automaticUserConsentSettings":{"inboundAllowed":true}}`,
    );
  });

  it('skips the policy checks of a tenant where the app may not read policies, asking for Policy.Read.All', async () => {
    const world = aDoctorWorld();
    Object.assign(world.tenant(fabrikamId), { allowInvitesFrom: 'forbidden', partners: 'forbidden' });

    const report = await runDoctor(oneToOne, world.deps);

    for (const id of ['guest-invitations:fabrikam', 'inbound-redemption:contoso-to-fabrikam']) {
      const check = checkOf(report, id);
      expect(check.status).toBe('skip');
      expect(check.fix).toMatch(/^Grant Policy\.Read\.All so the doctor can check\./);
      expect(check.fix).toContain('246dd0d5-5bd0-4def-940b-0421030a5b68');
    }
    expect(report.passed).toBe(true);
  });
});
