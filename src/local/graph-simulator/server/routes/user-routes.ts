/** `/users` and `/users/{id | userPrincipalName}`: list, create, read, update, soft-delete. */
import type { ListUsersResult } from '../../directory/contract.js';
import type { GraphReply } from '../graph-exchange.js';
import { emptyReply, jsonReply } from '../graph-exchange.js';
import type { GraphRoute, RouteContext } from '../graph-route.js';
import { absoluteLink, odataContext, paramsWithout, withContext } from '../odata-links.js';
import { parseListUsersQuery, parseSelect } from '../odata-query.js';
import { canReadUsers, canUpdateUser, canWriteUsers } from '../permissions.js';
import { objectBody } from './request-body.js';

/**
 * The body of a paged collection: `@odata.context`, `@odata.count` when the engine counted, `value`, and
 * an absolute `@odata.nextLink` that repeats the original options with the engine's skip token.
 */
export function collectionReply(
  context: RouteContext,
  entitySet: string,
  path: string,
  result: ListUsersResult,
): GraphReply {
  const select = parseSelect(context.call.query);
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(context.baseUrl, entitySet, select),
  };
  if (result.count !== undefined) body['@odata.count'] = result.count;
  body.value = result.value;
  if (result.nextSkipToken !== undefined) {
    const params = paramsWithout(context.call.query, 'skiptoken');
    body['@odata.nextLink'] = absoluteLink(context.baseUrl, path, [
      ...params,
      ['$skiptoken', result.nextSkipToken],
    ]);
  }
  return jsonReply(200, body);
}

/** Routes for the users collection and single users. */
export const userRoutes: readonly GraphRoute[] = [
  {
    pattern: ['users'],
    operations: {
      GET: {
        permission: canReadUsers,
        cost: 'userRead',
        handle: (context) =>
          collectionReply(
            context,
            'users',
            '/users',
            context.directory.listUsers(parseListUsersQuery(context.call)),
          ),
      },
      POST: {
        permission: canWriteUsers,
        cost: 'identityWrite',
        write: 'userCreate',
        handle: ({ directory, call, baseUrl }) => {
          const created = directory.createUser(objectBody(call));
          return jsonReply(201, withContext(odataContext(baseUrl, 'users/$entity'), created));
        },
      },
    },
  },
  {
    pattern: ['users', ':id'],
    operations: {
      GET: {
        permission: canReadUsers,
        cost: 'userRead',
        handle: ({ directory, call, params, baseUrl }) => {
          const select = parseSelect(call.query);
          const user = directory.getUser(params.id ?? '', select);
          return jsonReply(200, withContext(odataContext(baseUrl, 'users', select, '/$entity'), user));
        },
      },
      PATCH: {
        permission: canUpdateUser,
        cost: 'identityWrite',
        write: 'userUpdate',
        handle: ({ directory, call, params }) => {
          directory.updateUser(params.id ?? '', objectBody(call));
          return emptyReply();
        },
      },
      DELETE: {
        permission: canWriteUsers,
        cost: 'identityWrite',
        write: 'userDelete',
        handle: ({ directory, params }) => {
          directory.deleteUser(params.id ?? '');
          return emptyReply();
        },
      },
    },
  },
];
