import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInfra, type InfraReport } from '../../scripts/infra/check-infra.js';
import { isPassed } from '../../scripts/infra/check-result.js';
import { runInfraCheck } from '../../scripts/infra/run-infra-check.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const realInfra = path.join(repoRoot, 'infra');
const settingsSamplePath = path.join(repoRoot, 'local.settings.sample.json');

let workDir: string;
let copies = 0;

/** Copies infra/ to a temp dir and replaces one exact snippet of one file; fails if the snippet is gone. */
async function brokenCopy(file: string, from: string | RegExp, to: string): Promise<string> {
  copies += 1;
  const dir = path.join(workDir, `copy-${copies}`);
  await cp(realInfra, dir, { recursive: true });
  const target = path.join(dir, file);
  const source = await readFile(target, 'utf8');
  const changed = source.replace(from, to);
  expect(changed, `the snippet to replace is still in ${file}`).not.toBe(source);
  await writeFile(target, changed);
  return dir;
}

function failures(report: InfraReport): Record<string, readonly string[]> {
  return Object.fromEntries(report.results.filter((r) => !isPassed(r)).map((r) => [r.title, r.problems]));
}

async function check(infraDirectory: string): Promise<InfraReport> {
  return checkInfra({ infraDirectory, settingsSamplePath });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-infra-check-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('checkInfra', () => {
  it('passes the real infra with every check', async () => {
    const report = await check(realInfra);

    expect(failures(report)).toEqual({});
    expect(report.passed).toBe(true);
    expect(report.files).toContain('main.bicep');
    expect(report.files).toContain('modules/service-bus.bicep');
  });

  it('fails when the topic subscriptions no longer come from a loop over the targets', async () => {
    const dir = await brokenCopy(
      'modules/service-bus.bicep',
      /= \[\n {2}for target in targets: \{\n {4}parent: targetTopic\n {4}name: 'target-\$\{target.key\}'([\s\S]*?)\n {2}\}\n\]/,
      "= {\n  parent: targetTopic\n  name: 'target-all'$1\n}",
    );

    const report = await check(dir);

    expect(report.passed).toBe(false);
    expect(failures(report)['one session-enabled subscription per target, from a loop over targets']).toEqual(
      ['topic subscriptions: no subscription resource is declared as a loop over the targets parameter'],
    );
  });

  it('fails naming the role when a role assignment is removed', async () => {
    const dir = await brokenCopy(
      'modules/role-assignments.bicep',
      /resource metricsPublisher [\s\S]*?\n\}\n/,
      '',
    );

    const report = await check(dir);

    expect(failures(report)).toEqual({
      'every least-privilege role is assigned at its scope': [
        'missing role assignment: Monitoring Metrics Publisher (3913510d-42f4-4e42-8a64-420c390055eb) on a Microsoft.Insights/components',
      ],
    });
  });

  it('fails when Service Bus is reached by a connection string instead of identity', async () => {
    const dir = await brokenCopy(
      'modules/function-app.bicep',
      'ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace',
      "ServiceBusConnection: 'Endpoint=sb://${serviceBusNamespace}/;SharedAccessKeyName=RootManageSharedAccessKey;" +
        "SharedAccessKey=${listKeys(resourceId('Microsoft.ServiceBus/namespaces/authorizationRules', 'sb', " +
        "'RootManageSharedAccessKey'), '2022-10-01-preview').primaryKey}'",
    );

    const found = failures(await check(dir));

    expect(found['Service Bus, tables and host storage are reached by identity']).toEqual([
      'app setting ServiceBusConnection__fullyQualifiedNamespace is not set',
    ]);
    expect(found['no keys or connection strings in templates or outputs']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^modules\/function-app\.bicep:\d+:\d+: a key-based connection string/),
        expect.stringMatching(
          /^modules\/function-app\.bicep:\d+:\d+: listKeys\( reads keys; use identity instead$/,
        ),
      ]),
    );
    expect(found['no local-only setting is set, derived settings come from their sources']).toEqual([
      expect.stringContaining('ServiceBusConnection must not be set in Azure'),
    ]);
  });

  it('fails with file, line and column when a file has a syntax error', async () => {
    const dir = await brokenCopy(
      'modules/key-vault.bicep',
      "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {",
      "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' {",
    );
    const line = (await readFile(path.join(dir, 'modules/key-vault.bicep'), 'utf8'))
      .split('\n')
      .findIndex((text) => text.startsWith('resource vault'));

    const found = failures(await check(dir));

    expect(found['every .bicep file parses']).toContain(
      `modules/key-vault.bicep:${line + 1}:1: ERROR cannot parse "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' {"`,
    );
  });

  it('fails when a parameters file sets an undeclared parameter or a malformed target', async () => {
    const dir = await brokenCopy('main.parameters.json', '"key": "fabrikam"', '"key": "Fabrikam Inc"');
    const parametersPath = path.join(dir, 'main.parameters.json');
    const parameters = JSON.parse(await readFile(parametersPath, 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    parameters.parameters.region = { value: 'westeurope' };
    await writeFile(parametersPath, JSON.stringify(parameters));

    const problems = failures(await check(dir))['main.parameters.json matches main.bicep'];

    expect(problems).toContain('main.parameters.json: parameter region is not declared in main.bicep');
    expect(problems).toContainEqual(
      expect.stringMatching(/^main\.parameters\.json: targets: .*lower-case letters/),
    );
  });
});

describe('runInfraCheck', () => {
  it('prints a pass/fail list and exits 1 when a check fails', async () => {
    const dir = await brokenCopy(
      'modules/role-assignments.bicep',
      /resource keyVaultSecretsUser [\s\S]*?\n\}\n/,
      '',
    );
    const lines: string[] = [];

    const code = await runInfraCheck([dir], { repoRoot, write: (line) => lines.push(line) });

    expect(code).toBe(1);
    expect(lines).toContain('  FAIL  every least-privilege role is assigned at its scope');
    expect(lines).toContain(
      '          - missing role assignment: Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6) on a Microsoft.KeyVault/vaults',
    );
    expect(lines).toContain('  PASS  every .bicep file parses');
    expect(lines.at(-1)).toMatch(/^\d+ passed, 1 failed$/);
  });

  it('checks infra/ of the repository by default and exits 0', async () => {
    const lines: string[] = [];

    const code = await runInfraCheck([], { repoRoot, write: (line) => lines.push(line) });

    expect(code).toBe(0);
    expect(lines[0]?.startsWith(`infra check: ${realInfra} (`)).toBe(true);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('exits 2 naming the directory when it cannot be read', async () => {
    const missing = path.join(workDir, 'no-such-infra');
    const lines: string[] = [];

    const code = await runInfraCheck([missing], { repoRoot, write: (line) => lines.push(line) });

    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^cannot check ${missing}: ENOENT`))]);
  });

  it('exits 2 and prints the usage on an unknown option', async () => {
    const lines: string[] = [];

    const code = await runInfraCheck(['--nope'], { repoRoot, write: (line) => lines.push(line) });

    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('usage: npm run infra:check');
  });
});
