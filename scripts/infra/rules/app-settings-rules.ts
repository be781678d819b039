import { appSettingsOf, type AppSetting } from '../app-settings.js';
import type { BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';
import { literalOf, mentionsName } from '../bicep-values.js';

/** Local settings that take an identity-based form in Azure (docs/architecture.md, "Settings"). */
export const identityForms: Readonly<Record<string, string>> = {
  AzureWebJobsStorage: 'AzureWebJobsStorage__accountName',
  TablesConnection: 'TablesConnection__endpoint',
  ServiceBusConnection: 'ServiceBusConnection__fullyQualifiedNamespace',
};

/** Local settings that must not be set in Azure, and why. */
export const localOnlySettings: Readonly<Record<string, string>> = {
  FUNCTIONS_WORKER_RUNTIME: 'Flex Consumption sets the runtime in functionAppConfig',
  FUNCTIONS_EXTENSION_VERSION: 'Flex Consumption sets the runtime in functionAppConfig',
  XTSYNC_APP_CLIENT_SECRET: "the managed identity's federated credential replaces secrets",
  XTSYNC_APP_CERTIFICATE_PATH: "the managed identity's federated credential replaces certificates",
  AzureWebJobsStorage: 'a connection string; use AzureWebJobsStorage__accountName',
  TablesConnection: 'a connection string; use TablesConnection__endpoint',
  ServiceBusConnection: 'a connection string; use ServiceBusConnection__fullyQualifiedNamespace',
  XTSYNC_TABLE_PREFIX: 'the template gives each deployment its own state account, so no prefix is needed',
};

/** Settings Azure needs that have no local counterpart. */
export const azureOnlySettings: readonly string[] = ['APPLICATIONINSIGHTS_AUTHENTICATION_STRING'];

/** The Azure setting a local setting becomes, or undefined when it has no place in Azure. */
export function azureSettingFor(localKey: string): string | undefined {
  const form = identityForms[localKey];
  if (form !== undefined) return form;
  return localOnlySettings[localKey] === undefined ? localKey : undefined;
}

// Settings computed from deployment inputs must stay computed: a pasted value goes stale on the next deploy.
const derivedSettings: readonly (readonly [key: string, source: string, description: string])[] = [
  ['XTSYNC_TARGETS', 'targets', 'the targets parameter'],
  ['XTSYNC_PUBLIC_BASE_URL', 'defaultHostName', "the app's default host name"],
];

function derivationProblems(settings: ReadonlyMap<string, AppSetting>): string[] {
  const problems = derivedSettings.flatMap(([key, source, description]) => {
    const setting = settings.get(key);
    return setting && !mentionsName(setting.value, source)
      ? [`${setting.location}: ${key} must be built from ${description}`]
      : [];
  });
  const clientId = settings.get('XTSYNC_MANAGED_IDENTITY_CLIENT_ID');
  if (clientId && literalOf(clientId.value) !== undefined) {
    problems.push(
      `${clientId.location}: XTSYNC_MANAGED_IDENTITY_CLIENT_ID must come from the user-assigned identity`,
    );
  }
  return problems;
}

/**
 * Checks the function app's settings against the local settings sample: every sample key that applies in
 * Azure is set (in its identity-based form where it has one), no local-only key is set, and the derived
 * settings are built from their sources.
 *
 * @param sampleKeys - the keys of `Values` in local.settings.sample.json
 */
export function checkAppSettings(project: BicepProject, sampleKeys: readonly string[]): CheckResult[] {
  const settings = new Map(appSettingsOf(project).map((setting) => [setting.key, setting]));
  const expected = [
    ...sampleKeys.flatMap((key) => {
      const azureKey = azureSettingFor(key);
      return azureKey === undefined ? [] : [[key, azureKey] as const];
    }),
    ...azureOnlySettings.map((key) => [key, key] as const),
  ];
  const missing = expected
    .filter(([, azureKey]) => !settings.has(azureKey))
    .map(([key, azureKey]) =>
      key === azureKey ? `app setting ${key} is not set` : `app setting ${azureKey} (for ${key}) is not set`,
    );
  const forbidden = Object.entries(localOnlySettings).flatMap(([key, reason]) => {
    const setting = settings.get(key);
    return setting ? [`${setting.location}: ${key} must not be set in Azure: ${reason}`] : [];
  });
  return [
    checkResult('every setting of local.settings.sample.json that applies in Azure is set', missing),
    checkResult('no local-only setting is set, derived settings come from their sources', [
      ...forbidden,
      ...derivationProblems(settings),
    ]),
  ];
}
