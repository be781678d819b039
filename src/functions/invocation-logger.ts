import type { InvocationContext } from '@azure/functions';
import type { Logger } from '../app/ports.js';
import { createStructuredLogger, formatLogFields } from '../adapters/logging/structured-logger.js';

/** A Logger writing through the invocation's context, so entries carry the invocation id in App Insights. */
export function loggerFor(context: InvocationContext): Logger {
  return createStructuredLogger(
    (level, message, fields) => {
      const line = `${message}${formatLogFields(fields)}`;
      switch (level) {
        case 'debug':
          context.debug(line);
          break;
        case 'info':
          context.info(line);
          break;
        case 'warn':
          context.warn(line);
          break;
        case 'error':
          context.error(line);
          break;
      }
    },
    { invocationId: context.invocationId, function: context.functionName },
  );
}
