/**
 * Graph's webhooks: change notifications (`graph-notifications`) and lifecycle notifications
 * (`graph-lifecycle`). Each answers the validation handshake, checks the payload's shape and size, hands
 * the notifications to the intake use case (which checks subscription, tenant and client state) and
 * answers 202 well inside Graph's 3-second budget — or 503 when nothing could be enqueued, so Graph retries.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { notificationCollectionSchema } from '../app/graph-notification.js';
import { isSyncError } from '../core/sync-errors.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse, parseJsonBody, readBoundedText } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

/** Graph batches notifications; a body past this is not one of Graph's. */
export const maxNotificationBodyBytes = 1024 * 1024;

function webhookHandler(services: AppServicesProvider) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    // Handshake: echo the decoded token verbatim as text/plain (query.get decodes it).
    const validationToken = request.query.get('validationToken');
    if (validationToken !== null) {
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: validationToken };
    }
    const logger = loggerFor(context);
    const body = await readBoundedText(request, maxNotificationBodyBytes);
    if (!body.ok) {
      logger.warn('Webhook body refused', { event: 'security', status: body.response.status ?? 0 });
      return body.response;
    }
    const parsed = parseJsonBody(body.text, notificationCollectionSchema);
    if (!parsed.ok) {
      logger.warn('Webhook body is not a notification collection', { event: 'security' });
      return parsed.response;
    }
    try {
      await (await services()).receiveNotifications(parsed.value.value, logger);
      return { status: 202 };
    } catch (error) {
      logger.error('Notifications could not be enqueued; Graph will retry', {
        code: isSyncError(error) ? error.code : 'UNEXPECTED',
      });
      return errorResponse(503, 'UNAVAILABLE', 'The notifications could not be accepted now; retry later.');
    }
  };
}

/** `POST /api/graph-notifications`: Graph change notifications (anonymous: the client state authenticates). */
export function graphNotificationsFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'graph-notifications',
    route: 'graph-notifications',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: webhookHandler(services),
  };
}

/** `POST /api/graph-lifecycle`: Graph lifecycle notifications (reauthorizationRequired and friends). */
export function graphLifecycleFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'graph-lifecycle',
    route: 'graph-lifecycle',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: webhookHandler(services),
  };
}
