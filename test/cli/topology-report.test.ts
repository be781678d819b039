import { describe, expect, it } from 'vitest';
import { formatApplyReport } from '../../src/cli/apply-report.js';
import { formatPlanReport } from '../../src/cli/plan-report.js';
import { formatShape, formatValidationReport } from '../../src/cli/topology-report.js';
import { describeRemoval, describeScope, describeThreshold } from '../../src/cli/topology-summary.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { withSyncs } from '../support/topology-text.js';

const parsed = parseTopology(
  withSyncs(`  - id: contoso-to-fabrikam
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: in, values: [Sales, Marketing] }
            - { attribute: country, operator: equals, value: NL }
        - clauses:
            - { attribute: jobTitle, operator: is-not-null }
    removal: { mode: delete }
    deletionThreshold: '10%'
  - { id: woodgrove-to-northwind, from: woodgrove, to: northwind }
`),
  'two.yaml',
);

describe('describeScope', () => {
  it('joins clauses with and, filters with or, in the file’s own words', () => {
    expect(describeScope(parsed.topology.syncs[0]?.scope ?? [])).toBe(
      "(department in (Sales, Marketing) and country equals 'NL') or jobTitle is-not-null",
    );
  });

  it('reads no filter as every internal member', () => {
    expect(describeScope([])).toBe('every internal member');
  });
});

describe('describeRemoval and describeThreshold', () => {
  it('names the policy and the limit', () => {
    expect(describeRemoval({ mode: 'disable', deleteAfterDays: 30 })).toBe('disable, delete after 30 days');
    expect(describeRemoval({ mode: 'delete', deleteAfterDays: 30 })).toBe('delete at once');
    expect(describeThreshold({ kind: 'percent', percent: 10 })).toBe('10%');
    expect(describeThreshold({ kind: 'count', count: 500 })).toBe('500');
  });
});

describe('formatValidationReport', () => {
  it('names each group of tenants of a mixed topology', () => {
    expect(formatShape(parsed.shape)).toBe(
      'Shape: mixed (2 groups of tenants)\n  one-to-one (contoso → fabrikam)\n  one-to-one (woodgrove → northwind)',
    );
  });

  it('shows each tenant’s role and each sync’s policy', () => {
    const report = formatValidationReport('two.yaml', parsed.topology, parsed.shape);

    expect(report).toMatch(
      /^contoso\s+11111111-1111-4111-8111-111111111111\s+Contoso\s+source\s+client-secret/m,
    );
    expect(report).toMatch(/^woodgrove\s+\S+\s+woodgrove\s+source\s/m);
    expect(report).toMatch(/^northwind\s+\S+\s+northwind\s+target\s/m);
    expect(report).toMatch(
      /^contoso-to-fabrikam\s+contoso → fabrikam\s+\(department in .{20,}…\s+delete at once\s+10%$/m,
    );
    expect(report).toMatch(
      /^woodgrove-to-northwind\s+woodgrove → northwind\s+every internal member\s+disable, delete after 30 days\s+500$/m,
    );
  });
});

describe('formatApplyReport', () => {
  it('names subscription tenants by their key in the file', () => {
    const report = formatApplyReport(
      'two.yaml',
      {
        version: 2,
        shape: 'mixed',
        syncs: [],
        subscriptions: [{ tenantId: '44444444-4444-4444-8444-444444444444', action: 'renewed' }],
      },
      parsed.topology,
    );

    expect(report).toContain('Applied two.yaml as topology version 2.');
    expect(report).toMatch(/^woodgrove\s+44444444-4444-4444-8444-444444444444\s+renewed$/m);
  });
});

describe('formatPlanReport', () => {
  it('summarises counts per sync and lists the users only when the server lists them', () => {
    const report = formatPlanReport('two.yaml', {
      version: null,
      shape: 'mixed',
      syncs: [
        { id: 'a', from: 'contoso', to: 'fabrikam', create: 3, update: 0, remove: 1, unchanged: 9 },
        {
          id: 'b',
          from: 'woodgrove',
          to: 'northwind',
          create: [],
          update: [],
          remove: [{ sourceUserId: 'u-9', targetUserId: 't-9', reason: 'Source user disabled.' }],
          unchanged: [],
        },
      ],
    });

    expect(report).toMatch(/^a\s+contoso → fabrikam\s+3\s+0\s+1\s+9$/m);
    expect(report).toMatch(/^b\s+woodgrove → northwind\s+0\s+0\s+1\s+0$/m);
    expect(report).not.toContain('a (contoso → fabrikam)');
    expect(report).toContain('b (woodgrove → northwind): 0 to create, 0 to update, 1 to remove, 0 unchanged');
    expect(report).toMatch(/^remove\s+u-9\s+t-9\s+Source user disabled\.$/m);
  });
});
