/**
 * The `@azure/functions` classes the dev host constructs. The package is CommonJS and Node's ESM loader
 * cannot see these names as named exports (only `app` is detected), so they are read off the default export.
 */
import functions from '@azure/functions';

export const { HttpRequest, InvocationContext } = functions;
