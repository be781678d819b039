import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBicepFiles, parseBicep, type BicepFile } from '../../scripts/infra/bicep-file.js';
import { checkBicepProject } from '../../scripts/infra/check-bicep-project.js';
import { isPassed } from '../../scripts/infra/check-result.js';
import { findSyntaxProblems } from '../../scripts/infra/syntax-problems.js';

const infraDirectory = fileURLToPath(new URL('../../infra', import.meta.url));
const sampleSettingKeys = [
  'XTSYNC_SOURCE_QUEUE',
  'XTSYNC_TARGETS',
  'XTSYNC_APP_CLIENT_SECRET',
  'ServiceBusConnection',
];

let realFiles: readonly BicepFile[];

beforeAll(async () => {
  realFiles = await loadBicepFiles(infraDirectory);
});

/** The real files with one snippet of one file replaced (re-parsing only that file). */
function withReplaced(file: string, from: string, to: string): BicepFile[] {
  return realFiles.map((original) => {
    if (original.path !== file) return original;
    expect(original.source, `${file} still contains the snippet`).toContain(from);
    return parseBicep(original.path, original.source.replace(from, to));
  });
}

function failures(files: readonly BicepFile[], keys = sampleSettingKeys): Record<string, readonly string[]> {
  const results = checkBicepProject(files, { sampleSettingKeys: keys });
  return Object.fromEntries(results.filter((r) => !isPassed(r)).map((r) => [r.title, r.problems]));
}

describe('findSyntaxProblems', () => {
  it('reports a token the parser had to invent at its 1-based line and column', () => {
    const file = parseBicep('main.bicep', "var a = 1\nvar x = concat('a', 'b'\nvar y = 2\n");

    expect(findSyntaxProblems(file)).toEqual([
      { kind: 'missing', location: 'main.bicep:2:24', detail: 'missing ")"' },
    ]);
  });

  it('reports nothing for a file that parses', () => {
    expect(findSyntaxProblems(parseBicep('main.bicep', "param name string = 'x'\n"))).toEqual([]);
  });
});

describe('checkBicepProject', () => {
  it('does not count an existing reference as a declared resource', () => {
    const files = [
      parseBicep(
        'main.bicep',
        "resource ai 'Microsoft.Insights/components@2020-02-02' existing = {\n  name: 'ai'\n}\n",
      ),
    ];

    expect(failures(files)['every required resource is declared']).toContain(
      'no Microsoft.Insights/components resource is declared (Application Insights)',
    );
  });

  it('fails when a setting of the local sample is not wired into the function app', () => {
    const found = failures(realFiles, [...sampleSettingKeys, 'XTSYNC_NEW_SETTING']);

    expect(found).toEqual({
      'every setting of local.settings.sample.json that applies in Azure is set': [
        'app setting XTSYNC_NEW_SETTING is not set',
      ],
    });
  });

  it('fails when a subscription rule is not named $Default, which leaves the match-all rule in place', () => {
    const files = withReplaced('modules/service-bus.bicep', "name: '$Default'", "name: 'by-tenant'");

    const found =
      failures(files)["each subscription's only rule is a $Default correlation filter on targetTenantId"];

    expect(found).toContainEqual(
      expect.stringMatching(/^modules\/service-bus\.bicep:\d+:1: rule targetRules must be named '\$Default'/),
    );
  });

  it('fails when a role beyond the least-privilege set is granted', () => {
    const files = withReplaced(
      'modules/role-assignments.bicep',
      "serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'",
      "serviceBusDataReceiver: '090c5cfd-751d-490a-894a-3ce6f1109419'",
    );

    const found = failures(files);

    expect(found['role assignments are well formed and grant nothing more']).toEqual([
      expect.stringMatching(
        /serviceBusReceiver grants role 090c5cfd-751d-490a-894a-3ce6f1109419, which is not on the least-privilege list$/,
      ),
    ]);
    expect(found['every least-privilege role is assigned at its scope']).toEqual([
      'missing role assignment: Azure Service Bus Data Receiver (4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0) on a Microsoft.ServiceBus/namespaces',
    ]);
  });

  it('fails when the function app runs Node 20 and sets FUNCTIONS_WORKER_RUNTIME, which Flex rejects', () => {
    const files = withReplaced(
      'modules/function-app.bicep',
      "name: 'node'\n        version: '22'",
      "name: 'node'\n        version: '20'",
    ).map((file) =>
      file.path === 'modules/function-app.bicep'
        ? parseBicep(
            file.path,
            file.source.replace(
              'XTSYNC_TARGET_TOPIC:',
              "FUNCTIONS_WORKER_RUNTIME: 'node'\n    XTSYNC_TARGET_TOPIC:",
            ),
          )
        : file,
    );

    const found = failures(files);

    expect(found['the function app runs on Flex Consumption with Node 22']).toEqual([
      expect.stringContaining(
        "functionAppConfig.runtime must be { name: 'node', version: '22' } (found node 20)",
      ),
    ]);
    expect(found['no local-only setting is set, derived settings come from their sources']).toEqual([
      expect.stringContaining(
        'FUNCTIONS_WORKER_RUNTIME must not be set in Azure: Flex Consumption sets the runtime',
      ),
    ]);
  });

  it('fails when an output exposes a connection string', () => {
    const files = withReplaced(
      'modules/function-app.bicep',
      "@description('Function app name.')",
      "output insightsConnectionString string = appInsights.properties.ConnectionString\n\n@description('Function app name.')",
    );

    expect(failures(files)['no keys or connection strings in templates or outputs']).toEqual([
      expect.stringMatching(
        /^modules\/function-app\.bicep:\d+:1: output insightsConnectionString exposes a connection string or key$/,
      ),
    ]);
  });

  it('fails when the user-assigned identity is detached from the function app', () => {
    const files = withReplaced(
      'modules/function-app.bicep',
      "type: 'SystemAssigned, UserAssigned'",
      "type: 'SystemAssigned'",
    );

    expect(failures(files)['the function app has a system-assigned and a user-assigned identity']).toEqual([
      expect.stringMatching(/identity\.type lacks UserAssigned$/),
    ]);
  });
});

describe('loadBicepFiles', () => {
  it('finds main.bicep and every module with paths relative to the directory', () => {
    expect(realFiles.map((file) => file.path)).toEqual(
      expect.arrayContaining(['main.bicep', 'modules/function-app.bicep', 'modules/service-bus.bicep']),
    );
    expect(realFiles.every((file) => !path.isAbsolute(file.path))).toBe(true);
  });
});
