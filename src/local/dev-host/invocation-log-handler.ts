import type { LogHandler } from '@azure/functions';
import type { Logger } from '../../app/ports.js';

/**
 * Routes what a handler logs through its InvocationContext to the dev host's logger, as the Functions host
 * routes it to Application Insights.
 */
export function invocationLogHandler(logger: Logger): LogHandler {
  return (level, ...args) => {
    const message = args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
    switch (level) {
      case 'error':
      case 'critical':
        logger.error(message);
        break;
      case 'warning':
        logger.warn(message);
        break;
      case 'information':
        logger.info(message);
        break;
      default:
        logger.debug(message);
    }
  };
}
