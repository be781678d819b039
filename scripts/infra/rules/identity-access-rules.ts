import { appSettingsOf } from '../app-settings.js';
import { locate } from '../bicep-file.js';
import { resourcesOfType, type BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';
import { descendantsOf, literalAt } from '../bicep-values.js';

/** The identity-based settings through which the app and the host reach Service Bus, tables and host storage. */
export const identitySettings: readonly string[] = [
  'ServiceBusConnection__fullyQualifiedNamespace',
  'TablesConnection__endpoint',
  'AzureWebJobsStorage__accountName',
];

// Text that only appears in key-based connection strings.
const keyMarkers = /SharedAccessKey|AccountKey/i;
// Outputs are logged by every deployment tool, so nothing secret-shaped may be one.
const secretOutputName = /connectionstring|secret|password|keys?$/i;
const secretOutputValue = /connectionstring|listkeys|primarykey|secondarykey/i;

function listCallProblems(project: BicepProject): string[] {
  return project.files.flatMap((file) =>
    descendantsOf(file.root, 'call_expression').flatMap((call) => {
      const callee = call.childForFieldName('function');
      // `listKeys(id, v)` or `account.listKeys()`: every list* function returns keys or secrets.
      const name =
        callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
      return name && /^list/i.test(name)
        ? [`${locate(file, call)}: ${name}( reads keys; use identity instead`]
        : [];
    }),
  );
}

function keyStringProblems(project: BicepProject): string[] {
  return project.files.flatMap((file) =>
    descendantsOf(file.root, 'string_content')
      .filter((content) => keyMarkers.test(content.text))
      .map(
        (content) =>
          `${locate(file, content)}: a key-based connection string ("${content.text.slice(0, 40)}")`,
      ),
  );
}

function outputProblems(project: BicepProject): string[] {
  return project.outputs
    .filter((output) => secretOutputName.test(output.name) || secretOutputValue.test(output.value.text))
    .map((output) => `${output.location}: output ${output.name} exposes a connection string or key`);
}

function settingProblems(project: BicepProject): string[] {
  const keys = new Set(appSettingsOf(project).map((setting) => setting.key));
  return identitySettings.filter((key) => !keys.has(key)).map((key) => `app setting ${key} is not set`);
}

function localAuthProblems(project: BicepProject): string[] {
  const storage = resourcesOfType(project, 'Microsoft.Storage/storageAccounts')
    .filter((account) => literalAt(account.body, 'properties', 'allowSharedKeyAccess') !== false)
    .map(
      (account) => `${account.location}: storage account ${account.symbol} needs allowSharedKeyAccess: false`,
    );
  const insights = resourcesOfType(project, 'Microsoft.Insights/components')
    .filter((component) => literalAt(component.body, 'properties', 'DisableLocalAuth') !== true)
    .map(
      (component) => `${component.location}: Application Insights needs DisableLocalAuth: true (Entra auth)`,
    );
  const vaults = resourcesOfType(project, 'Microsoft.KeyVault/vaults')
    .filter((vault) => literalAt(vault.body, 'properties', 'enableRbacAuthorization') !== true)
    .map((vault) => `${vault.location}: Key Vault needs enableRbacAuthorization: true`);
  return [...storage, ...insights, ...vaults];
}

/**
 * Checks that everything is reached by identity: the `__fullyQualifiedNamespace`, `__endpoint` and
 * `__accountName` settings exist, shared keys and local auth are off, and no template reads keys (`list*()`),
 * builds a key-based connection string, or outputs a connection string or key.
 */
export function checkIdentityAccess(project: BicepProject): CheckResult[] {
  return [
    checkResult('Service Bus, tables and host storage are reached by identity', settingProblems(project)),
    checkResult('shared keys and local auth are disabled', localAuthProblems(project)),
    checkResult('no keys or connection strings in templates or outputs', [
      ...listCallProblems(project),
      ...keyStringProblems(project),
      ...outputProblems(project),
    ]),
  ];
}
