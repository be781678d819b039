/**
 * The settings the local stack runs with — the same keys an Azure deployment has (local.settings.sample.json),
 * pointed at Azurite, the Graph simulator and the dev host. They are passed to `loadConfig` explicitly,
 * never through the process environment.
 */
import type { TargetSetting } from '../../config.js';
import type { GraphSimulator } from '../graph-simulator/index.js';

/** The app registration xtsync signs in as in the simulator's default seed and the example topologies. */
export const localAppKey = 'xtsync';

export interface LocalStackSettingsInput {
  readonly graph: GraphSimulator;
  readonly storageConnectionString: string;
  readonly tablePrefix: string;
  readonly targets: readonly TargetSetting[];
  readonly publicBaseUrl: string;
}

/** Settings for `loadConfig`; the app's client secret is the one the simulator generated at start. */
export function localStackSettings(input: LocalStackSettingsInput): Record<string, string> {
  const app = input.graph.applications.find((candidate) => candidate.key === localAppKey);
  const secret = app?.secrets[0];
  if (!app || secret === undefined) {
    throw new Error(
      `The simulator seed has no '${localAppKey}' application with a secret; the local stack signs in as it.`,
    );
  }
  return {
    TablesConnection: input.storageConnectionString,
    XTSYNC_TABLE_PREFIX: input.tablePrefix,
    // The in-process bus stands in for Service Bus; this connection string is never dialled.
    ServiceBusConnection:
      'Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true',
    XTSYNC_TARGETS: input.targets.map((target) => `${target.key}=${target.tenantId}`).join(','),
    XTSYNC_PUBLIC_BASE_URL: input.publicBaseUrl,
    XTSYNC_APP_CLIENT_ID: app.clientId,
    XTSYNC_APP_CLIENT_SECRET: secret,
    GRAPH_BASE_URL: input.graph.baseUrl,
    GRAPH_AUTHORITY_HOST: input.graph.authorityHost,
  };
}
