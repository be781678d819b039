/**
 * `$search` for users: one or more `"property:term"` clauses joined by AND / OR (AND binds tighter). A
 * clause matches when any word of the property's value starts with the term, ignoring case, which is
 * how the directory's tokenized search behaves for names and addresses.
 */
import { badRequest, unsupportedQuery } from './directory-errors.js';
import type { UserPredicate } from './odata-filter-evaluator.js';
import type { UserSchema } from './user-properties.js';

const searchableProperties = new Set([
  'displayName',
  'givenName',
  'surname',
  'mail',
  'mailNickname',
  'userPrincipalName',
  'jobTitle',
  'department',
  'otherMails',
  'proxyAddresses',
]);

const token = /\s*(?:"([^"]*)"|(AND|OR)\b|(\S+))/gy;

function wordsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((item): item is string => typeof item === 'string')
    .flatMap((item) => {
      const lower = item.toLowerCase();
      return [lower, ...lower.split(/[^\p{L}\p{N}]+/u)];
    })
    .filter((word) => word.length > 0);
}

function clause(text: string, schema: UserSchema, search: string): UserPredicate {
  const colon = text.indexOf(':');
  if (colon <= 0)
    throw badRequest(`Invalid $search clause "${text}" in '${search}': expected "property:term".`);
  const definition = schema.resolve(text.slice(0, colon).trim());
  if (definition === undefined || !searchableProperties.has(definition.name))
    throw unsupportedQuery(`Unsupported property '${text.slice(0, colon)}' for $search on resource 'User'.`);
  const term = text
    .slice(colon + 1)
    .trim()
    .toLowerCase();
  const property = definition.name;
  return (values) => wordsOf(values[property]).some((word) => word.startsWith(term));
}

/**
 * Compiles a `$search` value into a predicate.
 * @throws GraphHttpError 400 for a clause without quotes or `property:`, or an unsearchable property.
 */
export function compileSearch(search: string, schema: UserSchema): UserPredicate {
  const groups: UserPredicate[][] = [[]];
  let expectClause = true;
  token.lastIndex = 0;
  for (let match = token.exec(search); match !== null && match[0].trim() !== ''; match = token.exec(search)) {
    const [, quoted, operator, bare] = match;
    if (bare !== undefined)
      throw badRequest(`Invalid $search '${search}': clauses must be quoted, e.g. "displayName:${bare}".`);
    if ((operator !== undefined) === expectClause)
      throw badRequest(
        `Invalid $search '${search}': expected ${expectClause ? 'a quoted clause' : 'AND or OR'}.`,
      );
    if (operator === 'OR') groups.push([]);
    if (quoted !== undefined) (groups.at(-1) as UserPredicate[]).push(clause(quoted, schema, search));
    expectClause = operator !== undefined;
  }
  if (expectClause) throw badRequest(`Invalid $search '${search}': expected a quoted clause.`);
  return (values) => groups.some((group) => group.every((test) => test(values)));
}
