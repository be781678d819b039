/** `POST /invitations`: B2B invitations, refused when the tenant's policy lets nobody invite. */
import type { SimulatorSeed } from '../../seed.js';
import { graphError, jsonReply } from '../graph-exchange.js';
import type { GraphRoute } from '../graph-route.js';
import { odataContext, withContext } from '../odata-links.js';
import { canInvite } from '../permissions.js';
import { objectBody } from './request-body.js';

/** The invitations route; `allowInvitesFrom: none` in the seed makes app-only invitations fail with 403. */
export function createInvitationRoute(seed: SimulatorSeed): GraphRoute {
  return {
    pattern: ['invitations'],
    operations: {
      POST: {
        permission: canInvite,
        cost: 'invitation',
        write: 'invitation',
        handle: ({ directory, call, baseUrl }) => {
          const tenant = seed.tenants.find(
            (t) => t.tenantId.toLowerCase() === directory.tenantId.toLowerCase(),
          );
          if (tenant?.policies.allowInvitesFrom === 'none') {
            throw graphError(
              403,
              'Authorization_RequestDenied',
              'Guest invitations not allowed for your company. Contact your company administrator for more details.',
            );
          }
          const invitation = directory.invite(objectBody(call));
          return jsonReply(201, withContext(odataContext(baseUrl, 'invitations/$entity'), invitation));
        },
      },
    },
  };
}
