/** `GET /users/delta`: pages with absolute `@odata.nextLink` / `@odata.deltaLink` built from engine tokens. */
import { jsonReply } from '../graph-exchange.js';
import type { GraphRoute } from '../graph-route.js';
import { absoluteLink, odataContext } from '../odata-links.js';
import { parseDeltaRequest } from '../odata-query.js';
import { canReadUsers } from '../permissions.js';

/** The delta route; it must precede `users/:id` in the table so `delta` is not read as a user id. */
export const deltaRoute: GraphRoute = {
  pattern: ['users', 'delta'],
  operations: {
    GET: {
      permission: canReadUsers,
      cost: 'userRead',
      handle: ({ directory, call, baseUrl }) => {
        const request = parseDeltaRequest(call);
        const result = directory.delta(request);
        const select = request.kind === 'initial' ? request.select : undefined;
        const body: Record<string, unknown> = {
          '@odata.context': odataContext(baseUrl, 'users', select),
          value: result.value,
        };
        if (result.nextSkipToken !== undefined) {
          body['@odata.nextLink'] = absoluteLink(baseUrl, '/users/delta', [
            ['$skiptoken', result.nextSkipToken],
          ]);
        } else if (result.deltaToken !== undefined) {
          body['@odata.deltaLink'] = absoluteLink(baseUrl, '/users/delta', [
            ['$deltatoken', result.deltaToken],
          ]);
        }
        return jsonReply(200, body);
      },
    },
  },
};
