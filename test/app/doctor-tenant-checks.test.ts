/**
 * The Graph token and permission checks, through runDoctor over an in-memory world.
 */
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { withSyncs } from '../support/topology-text.js';
import { aDoctorWorld, checkOf, clientId, contosoId, fabrikamId, oneToOne } from './doctor-fixture.js';

describe('the Graph token check', () => {
  it('fails with the admin-consent URL when the app is not in the tenant (AADSTS700016)', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).token = {
      kind: 'failed',
      failure: 'credential',
      aadsts: 'AADSTS700016',
      message: 'Entra refused the token request (AADSTS700016).',
    };

    const report = await runDoctor(oneToOne, world.deps);

    const token = checkOf(report, 'graph-token:fabrikam');
    expect(report.passed).toBe(false);
    expect(token.status).toBe('fail');
    expect(token.detail).toContain('AADSTS700016');
    expect(token.detail).toContain('never consented');
    expect(token.fix).toContain(
      `https://login.microsoftonline.com/${fabrikamId}/adminconsent?client_id=${clientId}`,
    );
    expect(token.fix).toContain('exactly User.Invite.All + User.ReadWrite.All');
  });

  it('skips the checks that need the missing token and points to the token check', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).token = {
      kind: 'failed',
      failure: 'credential',
      message: 'Entra refused the token request.',
    };

    const report = await runDoctor(oneToOne, world.deps);

    for (const id of [
      'graph-roles:fabrikam',
      'guest-invitations:fabrikam',
      'inbound-redemption:contoso-to-fabrikam',
    ]) {
      expect(checkOf(report, id)).toMatchObject({
        status: 'skip',
        detail: expect.stringContaining('Graph token check of fabrikam') as unknown,
      });
    }
    expect(checkOf(report, 'outbound-redemption:contoso-to-fabrikam').status).toBe('pass');
  });

  it('names the secret setting when Entra refuses the client secret (AADSTS7000215)', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).token = {
      kind: 'failed',
      failure: 'credential',
      aadsts: 'AADSTS7000215',
      message: 'Entra refused the token request (AADSTS7000215).',
    };

    const token = checkOf(await runDoctor(oneToOne, world.deps), 'graph-token:contoso');

    expect(token.fix).toMatch(/client secret in XTSYNC_APP_CLIENT_SECRET is wrong or expired/);
    expect(token.fix).toContain(`app ${clientId}`);
  });

  it('says which setting to set when the credential cannot be built', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).token = {
      kind: 'failed',
      failure: 'configuration',
      message: 'secretSetting: setting XTSYNC_APP_CLIENT_SECRET is not set or empty',
    };

    const token = checkOf(await runDoctor(oneToOne, world.deps), 'graph-token:contoso');

    expect(token.status).toBe('fail');
    expect(token.fix).toMatch(/^Set the app setting XTSYNC_APP_CLIENT_SECRET to a client secret of app/);
  });
});

describe('the permissions check', () => {
  it('fails naming the missing permission of a target and the exact app-role assignment', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).token = {
      kind: 'token',
      roles: ['User.Invite.All'],
      servicePrincipalId: 'sp-in-fabrikam',
    };

    const roles = checkOf(await runDoctor(oneToOne, world.deps), 'graph-roles:fabrikam');

    expect(roles.status).toBe('fail');
    expect(roles.detail).toBe(
      'Missing User.ReadWrite.All (needs User.Invite.All + User.ReadWrite.All; the token carries User.Invite.All).',
    );
    expect(roles.fix).toContain(
      'POST https://graph.microsoft.com/v1.0/servicePrincipals/sp-in-fabrikam/appRoleAssignments',
    );
    expect(roles.fix).toContain('"appRoleId":"741f803b-c850-494e-b5df-cde7c675a1ca"');
    expect(roles.fix).not.toContain('09850681');
  });

  it('passes a target whose broader Directory.ReadWrite.All covers what it needs', async () => {
    const world = aDoctorWorld();
    world.tenant(fabrikamId).token = { kind: 'token', roles: ['Directory.ReadWrite.All', 'Policy.Read.All'] };

    expect(checkOf(await runDoctor(oneToOne, world.deps), 'graph-roles:fabrikam').status).toBe('pass');
  });

  it('asks a source only for User.Read.All', async () => {
    const world = aDoctorWorld();
    world.tenant(contosoId).token = { kind: 'token', roles: ['User.Read.All', 'Policy.Read.All'] };

    const roles = checkOf(await runDoctor(oneToOne, world.deps), 'graph-roles:contoso');

    expect(roles).toMatchObject({ status: 'pass', title: 'Graph permissions for a source tenant' });
  });

  it('asks a tenant that is source and target for both sets', async () => {
    const mesh = parseTopology(
      withSyncs(
        '  - { id: c-to-f, from: contoso, to: fabrikam }\n  - { id: f-to-c, from: fabrikam, to: contoso }\n',
      ),
      'mesh.yaml',
    ).topology;
    const world = aDoctorWorld();
    world.tenant(contosoId).token = { kind: 'token', roles: ['User.Read.All'] };

    const roles = checkOf(await runDoctor(mesh, world.deps), 'graph-roles:contoso');

    expect(roles.title).toBe('Graph permissions for a source and target tenant');
    expect(roles.detail).toMatch(/^Missing User\.Invite\.All, User\.ReadWrite\.All/);
  });
});
