import { resourcesOf, variablesOf, type ResourceDeclaration } from '../bicep-declarations.js';
import { resourcesOfType, type BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';
import { literalAt, propertyAt } from '../bicep-values.js';
import { resolvedStrings } from '../resolved-strings.js';

/** A built-in role the function app's identity needs, and the resource type it is granted on. */
export interface RequiredRole {
  readonly name: string;
  readonly id: string;
  readonly scopeType: string;
}

/** The least-privilege role set (reference/azure-platform.md §5.3); nothing else may be granted. */
export const requiredRoles: readonly RequiredRole[] = [
  {
    name: 'Azure Service Bus Data Sender',
    id: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    scopeType: 'Microsoft.ServiceBus/namespaces',
  },
  {
    name: 'Azure Service Bus Data Receiver',
    id: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
    scopeType: 'Microsoft.ServiceBus/namespaces',
  },
  {
    name: 'Storage Table Data Contributor',
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    name: 'Storage Blob Data Owner',
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    name: 'Storage Queue Data Contributor',
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
    scopeType: 'Microsoft.Storage/storageAccounts',
  },
  {
    name: 'Key Vault Secrets User',
    id: '4633458b-17de-408a-b874-0445c86b69e6',
    scopeType: 'Microsoft.KeyVault/vaults',
  },
  {
    name: 'Monitoring Metrics Publisher',
    id: '3913510d-42f4-4e42-8a64-420c390055eb',
    scopeType: 'Microsoft.Insights/components',
  },
];

const guidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface Grant {
  readonly assignment: ResourceDeclaration;
  readonly roleIds: readonly string[];
  /** ARM type of the resource named by `scope:`, or `resourceGroup` when there is no scope. */
  readonly scopeType: string;
}

function grantOf(assignment: ResourceDeclaration): Grant {
  const scope = { variables: variablesOf(assignment.file), loop: assignment.loop };
  const definition = propertyAt(assignment.body, 'properties', 'roleDefinitionId');
  const roleIds = (definition ? resolvedStrings(definition, scope) : [])
    .flatMap((text) => text.match(guidPattern) ?? [])
    .map((id) => id.toLowerCase());
  const scopeNode = propertyAt(assignment.body, 'scope');
  // `existing` references count here: a scope is usually one.
  const scopeResource = scopeNode
    ? resourcesOf(assignment.file).find((resource) => resource.symbol === scopeNode.text)
    : undefined;
  return {
    assignment,
    roleIds: [...new Set(roleIds)],
    scopeType: scopeResource?.type ?? (scopeNode ? scopeNode.text : 'resourceGroup'),
  };
}

function shapeProblems(grant: Grant): string[] {
  const { assignment } = grant;
  const problems: string[] = [];
  const name = propertyAt(assignment.body, 'name');
  const isGuidName =
    name?.type === 'call_expression' &&
    name.childForFieldName('function')?.text === 'guid' &&
    (name.childForFieldName('arguments')?.namedChildren.length ?? 0) === 3;
  if (!isGuidName)
    problems.push(
      `${assignment.location}: ${assignment.symbol} must be named guid(scope.id, principalId, roleId)`,
    );
  if (literalAt(assignment.body, 'properties', 'principalType') !== 'ServicePrincipal') {
    problems.push(`${assignment.location}: ${assignment.symbol} needs principalType 'ServicePrincipal'`);
  }
  const allowed = new Set(requiredRoles.map((role) => role.id));
  for (const id of grant.roleIds.filter((roleId) => !allowed.has(roleId))) {
    problems.push(
      `${assignment.location}: ${assignment.symbol} grants role ${id}, which is not on the least-privilege list`,
    );
  }
  if (grant.roleIds.length === 0)
    problems.push(`${assignment.location}: ${assignment.symbol} names no role definition id`);
  return problems;
}

/**
 * Checks the role assignments: each required role is granted on a resource of the right type, names follow
 * `guid(scope.id, principalId, roleId)` with principalType ServicePrincipal, and no other role is granted.
 */
export function checkRoleAssignments(project: BicepProject): CheckResult[] {
  const grants = resourcesOfType(project, 'Microsoft.Authorization/roleAssignments').map(grantOf);
  const missing = requiredRoles
    .filter(
      (role) =>
        !grants.some(
          (grant) =>
            grant.roleIds.includes(role.id) && grant.scopeType.toLowerCase() === role.scopeType.toLowerCase(),
        ),
    )
    .map((role) => `missing role assignment: ${role.name} (${role.id}) on a ${role.scopeType}`);
  const wellFormed = grants.flatMap(shapeProblems);
  return [
    checkResult('every least-privilege role is assigned at its scope', missing),
    checkResult('role assignments are well formed and grant nothing more', wellFormed),
  ];
}
