/**
 * Validation of a sync's scoping filters beyond their shape: the attributes must be ones Graph can filter a
 * single value on (as in Entra cross-tenant sync), operators must suit the attribute, and regular
 * expressions must compile.
 */
import { compileScopePattern, type ScopeFilter } from '../scope.js';
import { describeUserAttribute } from '../user-attribute-catalog.js';
import type { TopologyFileClause } from './topology-file-schema.js';
import type { TopologyProblem } from './topology-error.js';

/**
 * Checks the filters of one sync and returns them as scope filters, with every problem found.
 *
 * @param path - The document path of the sync's `scope.filters` list.
 */
export function checkScope(
  filters: readonly { readonly clauses: readonly TopologyFileClause[] }[],
  path: readonly PropertyKey[],
): { filters: readonly ScopeFilter[]; problems: readonly TopologyProblem[] } {
  const problems: TopologyProblem[] = [];
  for (const [filterIndex, filter] of filters.entries()) {
    for (const [clauseIndex, clause] of filter.clauses.entries()) {
      const clausePath = [...path, filterIndex, 'clauses', clauseIndex];
      const attributeProblem = checkAttribute(clause.attribute, clause.operator);
      if (attributeProblem !== null) {
        problems.push({ path: [...clausePath, 'attribute'], message: attributeProblem });
      }
      if (clause.operator === 'regex' || clause.operator === 'not-regex') {
        try {
          compileScopePattern(clause.value);
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error)).replace(
            /^Invalid regular expression: /,
            '',
          );
          problems.push({ path: [...clausePath, 'value'], message: `invalid regular expression: ${reason}` });
        }
      }
    }
  }
  return { filters, problems };
}

function checkAttribute(attribute: string, operator: TopologyFileClause['operator']): string | null {
  if (attribute === 'userType') {
    return (
      "userType can't be a scoping attribute: loop prevention already limits every sync to internal members " +
      '(userType Member, not invited, no #EXT#, no xtsync anchor)'
    );
  }
  const info = describeUserAttribute(attribute);
  if (info === undefined) {
    return (
      `unknown user attribute '${attribute}': use a Microsoft Graph user property such as department, ` +
      'or a directory extension extension_<appIdWithoutHyphens>_<name>'
    );
  }
  switch (info.kind) {
    case 'date':
    case 'reference':
    case 'complex':
      return `${attribute} can't be a scoping attribute: ${info.kind} attributes are not supported (as in Entra cross-tenant sync)`;
    case 'string-list':
      return `${attribute} can't be a scoping attribute: multi-valued attributes are not supported (as in Entra cross-tenant sync)`;
    case 'string':
      return operator === 'is-true' || operator === 'is-false'
        ? `${operator} needs a true/false attribute, and ${attribute} is text: use equals instead`
        : null;
    case 'boolean':
    case 'scalar':
      return null;
  }
}
