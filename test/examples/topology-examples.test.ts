import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/core/topology/parse-topology.js';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

async function parseExample(name: string) {
  const fileName = path.join(examplesDir, name);
  return parseTopology(await readFile(fileName, 'utf8'), fileName);
}

describe('example topology files', () => {
  it('are all covered by this test', async () => {
    const files = (await readdir(examplesDir)).filter((name) => name.endsWith('.yaml')).sort();
    expect(files).toEqual([
      'application-hub.yaml',
      'local.yaml',
      'mesh.yaml',
      'one-to-one.yaml',
      'user-hub.yaml',
    ]);
  });

  it.each([
    ['one-to-one.yaml', 'one-to-one', 'one-to-one (contoso → fabrikam)'],
    ['application-hub.yaml', 'application-hub', 'application-hub (fabrikam, northwind → contoso)'],
    ['user-hub.yaml', 'user-hub', 'user-hub (woodgrove → fabrikam, northwind)'],
    ['mesh.yaml', 'mesh', 'mesh, full (contoso, fabrikam, northwind)'],
    [
      'local.yaml',
      'mesh',
      'mesh, partial (contoso, fabrikam, northwind, woodgrove: 9 of 12 possible syncs; woodgrove only sends)',
    ],
  ])('%s parses as %s', async (name, kind, description) => {
    const { shape } = await parseExample(name);
    expect(shape.kind).toBe(kind);
    expect(shape.description).toBe(description);
  });

  it('local.yaml gives every sync a scoping filter and a mapping override', async () => {
    const { topology } = await parseExample('local.yaml');
    for (const sync of topology.syncs) {
      expect(sync.scope, sync.id).not.toEqual([]);
    }
    expect(
      topology.syncs.filter((sync) => sync.mappings.some((m) => m.kind === 'template')),
    ).not.toHaveLength(0);
  });

  it('local.yaml uses the Graph simulator tenants and app', async () => {
    const { topology } = await parseExample('local.yaml');
    expect(topology.tenants.map((tenant) => [tenant.key, tenant.tenantId])).toEqual([
      ['contoso', '11111111-1111-4111-8111-111111111111'],
      ['fabrikam', '22222222-2222-4222-8222-222222222222'],
      ['northwind', '33333333-3333-4333-8333-333333333333'],
      ['woodgrove', '44444444-4444-4444-8444-444444444444'],
    ]);
    const appAuth = {
      type: 'client-secret',
      clientId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      secretSetting: 'XTSYNC_APP_CLIENT_SECRET',
    };
    expect(topology.tenants.map((tenant) => tenant.auth)).toEqual([appAuth, appAuth, appAuth, appAuth]);
  });
});
