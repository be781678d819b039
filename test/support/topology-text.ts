/**
 * Helpers for topology-file tests: a valid file around the part under test, the line of a marked node, and
 * the issues a file produces.
 */
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { TopologyError, type TopologyIssue } from '../../src/core/topology/topology-error.js';

/** The four tenants of the local simulator, with one shared client-secret auth in defaults. */
export const topologyHeader = `version: 1
defaults:
  auth:
    type: client-secret
    clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
    secretSetting: XTSYNC_APP_CLIENT_SECRET
tenants:
  - key: contoso
    tenantId: 11111111-1111-4111-8111-111111111111
    displayName: Contoso
  - key: fabrikam
    tenantId: 22222222-2222-4222-8222-222222222222
  - key: northwind
    tenantId: 33333333-3333-4333-8333-333333333333
  - key: woodgrove
    tenantId: 44444444-4444-4444-8444-444444444444
`;

/** A topology file: {@link topologyHeader} followed by `syncs:` and the given YAML (indented as list items). */
export function withSyncs(syncs: string): string {
  return `${topologyHeader}syncs:\n${syncs}`;
}

/** The 1-based line of the first line containing `marker` (e.g. a `# here` comment). */
export function lineWith(text: string, marker: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`marker '${marker}' is not in the text`);
  return index + 1;
}

/** The issues of an invalid topology file; throws when the file is valid or fails otherwise. */
export function issuesOf(text: string, fileName = 'topology.yaml'): readonly TopologyIssue[] {
  try {
    parseTopology(text, fileName);
  } catch (error) {
    if (error instanceof TopologyError) return error.issues;
    throw error;
  }
  throw new Error('expected the topology to be invalid, but it parsed');
}

/** The only issue of an invalid topology file; throws when there is not exactly one. */
export function onlyIssueOf(text: string): TopologyIssue {
  const issues = issuesOf(text);
  const [issue] = issues;
  if (issue === undefined || issues.length !== 1) {
    throw new Error(`expected one issue, got ${issues.length}: ${JSON.stringify(issues, null, 2)}`);
  }
  return issue;
}
