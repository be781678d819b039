import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { repoRoot, runCli } from './support/run-cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-cli-infra-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function localTopology() {
  return parseTopology(await readFile(path.join(repoRoot, 'examples/local.yaml'), 'utf8'), 'local.yaml')
    .topology;
}

describe('xtsync infra params', () => {
  it('writes every sync target, sorted by key, and the shared app client id', async () => {
    const out = path.join(dir, 'fresh', 'main.parameters.json');
    const topology = await localTopology();
    const expectedTargets = [...new Set(topology.syncs.map((sync) => sync.to))].sort().map((tenantKey) => ({
      key: tenantKey,
      tenantId: topology.tenants.find((tenant) => tenant.key === tenantKey)?.tenantId,
    }));

    const run = await runCli(['infra', 'params', 'examples/local.yaml', '--out', out]);

    expect(run.code).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        baseName: { value: 'xtsync' },
        appClientId: { value: topology.tenants[0]?.auth.clientId },
        targets: { value: expectedTargets },
      },
    });
    const setting = expectedTargets.map((target) => `${target.key}=${target.tenantId ?? ''}`).join(',');
    expect(run.stdout).toContain(`XTSYNC_TARGETS=${setting}`);
  });

  it('keeps the other parameters of an existing file and says what changed', async () => {
    const out = path.join(dir, 'existing.parameters.json');
    await writeFile(
      out,
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        contentVersion: '1.0.0.0',
        parameters: {
          baseName: { value: 'xtsync-prod' },
          serviceBusSku: { value: 'Premium' },
          appClientId: { value: '00000000-0000-4000-8000-000000000000' },
          targets: { value: [{ key: 'tailspin', tenantId: '55555555-5555-4555-8555-555555555555' }] },
          tags: { value: { owner: 'identity-team' } },
        },
      }),
    );

    const run = await runCli(['infra', 'params', 'examples/user-hub.yaml', '--out', out]);

    expect(run.code).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as { parameters: Record<string, unknown> };
    expect(written.parameters).toEqual({
      baseName: { value: 'xtsync-prod' },
      serviceBusSku: { value: 'Premium' },
      appClientId: { value: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' },
      targets: {
        value: [
          { key: 'fabrikam', tenantId: '22222222-2222-4222-8222-222222222222' },
          { key: 'northwind', tenantId: '33333333-3333-4333-8333-333333333333' },
        ],
      },
      tags: { value: { owner: 'identity-team' } },
    });
    expect(run.stdout).toContain(
      'appClientId: 00000000-0000-4000-8000-000000000000 → aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    );
    expect(run.stdout).toContain(
      'targets: + fabrikam (22222222-2222-4222-8222-222222222222), + northwind (33333333-3333-4333-8333-333333333333), - tailspin (55555555-5555-4555-8555-555555555555)',
    );
    expect(run.stdout).toContain('kept: baseName, serviceBusSku, tags');
  });

  it('refuses to overwrite a file that is not JSON', async () => {
    const out = path.join(dir, 'broken.parameters.json');
    await writeFile(out, '{ "parameters": ');

    const run = await runCli(['infra', 'params', 'examples/one-to-one.yaml', '--out', out]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not valid JSON');
    expect(await readFile(out, 'utf8')).toBe('{ "parameters": ');
  });
});
