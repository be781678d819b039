/**
 * Entry point for the Azure Functions host (package.json `main`): registers every definition of the function
 * table with `app`. Nothing here does I/O; the services are built on the first invocation.
 */
import { app } from '@azure/functions';
import { appConfig } from '../config.js';
import { createAppServicesProvider } from '../composition-root.js';
import { buildFunctionDefinitions } from './function-table.js';
import { registerWithHost } from './register-with-host.js';

const config = appConfig();
app.setup({ enableHttpStream: false });
for (const definition of buildFunctionDefinitions(createAppServicesProvider(config), config)) {
  registerWithHost(app, definition);
}
