/** `GET /api/health`: each dependency's state, for operators and load balancers (503 when one is down). */
import type { AppServicesProvider } from '../app/app-services.js';
import type { HttpFunctionDefinition } from './function-definition.js';

export function healthFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health',
    route: 'health',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: async () => {
      const report = await (await services()).checkHealth();
      return { status: report.status === 'healthy' ? 200 : 503, jsonBody: report };
    },
  };
}
