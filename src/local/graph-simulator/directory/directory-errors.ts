/**
 * The Graph errors the directory engine throws, with Graph's codes and (where known) Graph's wording, so
 * clients that log or surface them see what they would see against real Microsoft Graph.
 */
import { GraphHttpError } from '../graph-http-error.js';

/** 404 `Request_ResourceNotFound` for a user, deleted item or other directory object that does not exist. */
export function resourceNotFound(id: string): GraphHttpError {
  return new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** 400 `Request_BadRequest` with the given message (invalid property, invalid value, bad option). */
export function requestBadRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'Request_BadRequest', message);
}

/** 400 `BadRequest`, the code of Graph's OData layer (syntax errors, malformed tokens, invitation bodies). */
export function badRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', message);
}

/** 400 `Request_UnsupportedQuery` with the given message. */
export function unsupportedQuery(message: string): GraphHttpError {
  return new GraphHttpError(400, 'Request_UnsupportedQuery', message);
}

/** 400 `Request_BadRequest` "Invalid value specified for property 'x' of resource 'User'." */
export function invalidPropertyValue(property: string): GraphHttpError {
  return requestBadRequest(`Invalid value specified for property '${property}' of resource 'User'.`);
}

/** 400 `Request_UnsupportedQuery` for a property that cannot be filtered on (or does not exist). */
export function unsupportedFilterProperty(property: string): GraphHttpError {
  return unsupportedQuery(
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
  );
}

/** 400 `Request_UnsupportedQuery` for an operator that only works as an advanced query. */
export function advancedOperatorRequired(operator: string): GraphHttpError {
  return unsupportedQuery(
    `Operator '${operator}' is not supported because the required parameters might be missing. ` +
      'Try adding $count=true query parameter and ConsistencyLevel:eventual header. ' +
      'Refer to https://aka.ms/graph-docs/advanced-queries for more information',
  );
}

/** 400 `Request_BadRequest` for a `$select` entry that is not a property of `microsoft.graph.user`. */
export function unknownSelectProperty(property: string): GraphHttpError {
  return requestBadRequest(`Could not find a property named '${property}' on type 'microsoft.graph.user'.`);
}
