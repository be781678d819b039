/**
 * `/directory/deletedItems`: the user-typed list (the `microsoft.graph.user` cast is mandatory), one deleted
 * item, restore and permanent deletion.
 */
import type { GraphObject, TenantDirectory } from '../../directory/contract.js';
import { emptyReply, graphError, jsonReply } from '../graph-exchange.js';
import type { GraphRoute } from '../graph-route.js';
import { odataContext, withContext } from '../odata-links.js';
import { parseListUsersQuery, parseSelect } from '../odata-query.js';
import { canReadUsers, canWriteUsers } from '../permissions.js';
import { collectionReply } from './user-routes.js';

const userCast = 'microsoft.graph.user';

/** Routes under `/directory/deletedItems`; the cast route precedes the `:id` routes. */
export const deletedItemRoutes: readonly GraphRoute[] = [
  {
    pattern: ['directory', 'deletedItems'],
    operations: {
      GET: {
        permission: canReadUsers,
        cost: 'identityRead',
        handle: () => {
          // Graph cannot list deleted items of every type at once; it requires the type cast segment.
          throw graphError(
            400,
            'Request_BadRequest',
            `Listing deleted items requires a type cast segment, e.g. /directory/deletedItems/${userCast}.`,
          );
        },
      },
    },
  },
  {
    pattern: ['directory', 'deletedItems', userCast],
    operations: {
      GET: {
        permission: canReadUsers,
        cost: 'userRead',
        handle: (context) =>
          collectionReply(
            context,
            `directory/deletedItems/${userCast}`,
            `/directory/deletedItems/${userCast}`,
            context.directory.listDeletedUsers(parseListUsersQuery(context.call)),
          ),
      },
    },
  },
  {
    pattern: ['directory', 'deletedItems', ':id'],
    operations: {
      GET: {
        permission: canReadUsers,
        cost: 'identityRead',
        handle: ({ directory, call, params, baseUrl }) => {
          const select = parseSelect(call.query);
          const item = findDeletedUser(directory, params.id ?? '', select);
          return jsonReply(
            200,
            withContext(odataContext(baseUrl, 'directory/deletedItems', undefined, '/$entity'), {
              '@odata.type': '#microsoft.graph.user',
              ...item,
            }),
          );
        },
      },
      DELETE: {
        permission: canWriteUsers,
        cost: 'identityWrite',
        write: 'purge',
        handle: ({ directory, params }) => {
          directory.purgeDeletedUser(params.id ?? '');
          return emptyReply();
        },
      },
    },
  },
  {
    pattern: ['directory', 'deletedItems', ':id', 'restore'],
    operations: {
      POST: {
        permission: canWriteUsers,
        cost: 'identityWrite',
        write: 'restore',
        handle: ({ directory, params, baseUrl }) => {
          const restored = directory.restoreDeletedUser(params.id ?? '');
          return jsonReply(200, withContext(odataContext(baseUrl, 'directoryObjects/$entity'), restored));
        },
      },
    },
  },
];

/**
 * One deleted user by id. The engine lists deleted users page by page; a single lookup walks the pages
 * (deleted items are few, and this keeps the engine contract small).
 */
function findDeletedUser(directory: TenantDirectory, id: string, select?: readonly string[]): GraphObject {
  const wanted = id.toLowerCase();
  const projection = select === undefined ? undefined : [...new Set(['id', ...select])];
  let skipToken: string | undefined;
  do {
    const page = directory.listDeletedUsers({
      top: 999,
      consistencyLevelEventual: false,
      ...(projection === undefined ? {} : { select: projection }),
      ...(skipToken === undefined ? {} : { skipToken }),
    });
    const found = page.value.find((item) => typeof item.id === 'string' && item.id.toLowerCase() === wanted);
    if (found !== undefined) return found;
    skipToken = page.nextSkipToken;
  } while (skipToken !== undefined);
  throw graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
