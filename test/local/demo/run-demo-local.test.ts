import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorAttributeName, formatAnchor } from '../../../src/core/anchors.js';
import { demoSteps } from '../../../src/local/demo/demo-timeline.js';
import { formatSummary } from '../../../src/local/demo/format-timeline.js';
import { runDemo } from '../../../src/local/demo/run-demo.js';
import { fetchActiveTopology } from '../../../src/local/demo/running-stack.js';
import type { StackInfo } from '../../../src/local/stack/stack-file.js';
import { tenantIds, testAppClientId } from '../../support/builders.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';
import { demoStackInfo, readExample } from './demo-stack-info.js';

const anchor = anchorAttributeName(testAppClientId);

describe('runDemo on the local stack (examples/local.yaml)', () => {
  let stack: TestStack;
  let info: StackInfo;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'local.yaml' });
    info = demoStackInfo(stack, await readExample('local.yaml'));
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  /** The user with `anchorValue` in `tenantKey`, read independently of the demo. */
  async function copyIn(tenantKey: string, anchorValue: string): Promise<Record<string, unknown>[]> {
    const page = (await stack
      .admin(tenantKey)
      .api('/users')
      .filter(`${anchor} eq '${anchorValue}'`)
      .select(['id', 'displayName', 'jobTitle', 'department', 'accountEnabled', 'showInAddressList'])
      .get()) as { value: Record<string, unknown>[] };
    return page.value;
  }

  it('drives joiner, mover, leaver and return through every sync and times each step', async () => {
    const lines: string[] = [];
    const active = await fetchActiveTopology(info);
    const timeline = await runDemo(info, active.source, {
      log: (line) => lines.push(line),
      timeoutMs: 15_000,
      pollMs: 50,
    });

    expect(timeline.failures).toEqual([]);
    expect(timeline.ok).toBe(true);
    const syncIds = info.topology.syncs.map((sync) => sync.id).sort();
    for (const step of demoSteps) {
      const ofStep = timeline.steps.filter((result) => result.step === step);
      expect(ofStep.map((result) => result.syncId).sort(), step).toEqual(syncIds);
      expect(
        ofStep.every((result) => result.outcome === 'ok' && (result.latencyMs ?? -1) >= 0),
        step,
      ).toBe(true);
    }
    for (const summary of timeline.summary) {
      expect(summary).toMatchObject({ converged: syncIds.length, attempted: syncIds.length });
      expect(summary.minMs ?? Infinity).toBeLessThanOrEqual(summary.p50Ms ?? -1);
      expect(summary.p50Ms ?? Infinity).toBeLessThanOrEqual(summary.maxMs ?? -1);
    }
    expect(timeline.users.map((user) => user.source).sort()).toEqual([
      'contoso',
      'fabrikam',
      'northwind',
      'woodgrove',
    ]);
    expect(timeline.loopChecks).toHaveLength(8);
    expect(timeline.loopChecks.every((check) => check.ok)).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^joiner +contoso → fabrikam +\d+\.\d\d s {2}ok$/));
    expect(formatSummary(timeline).at(-1)).toBe('Demo passed: every step converged in every sync.');

    // What the demo claims, seen through the targets' own Graph: the people are back, enabled and moved.
    const contosoUser = timeline.users.find((user) => user.source === 'contoso')?.sourceUserId ?? '';
    expect(await copyIn('fabrikam', formatAnchor(tenantIds.contoso, contosoUser))).toEqual([
      expect.objectContaining({
        displayName: 'Demo contoso 1 (Contoso)',
        department: 'Sales',
        jobTitle: 'Demo Mover',
        accountEnabled: true,
        showInAddressList: true,
      }),
    ]);
    const woodgroveUser = timeline.users.find((user) => user.source === 'woodgrove')?.sourceUserId ?? '';
    expect(await copyIn('contoso', formatAnchor(tenantIds.woodgrove, woodgroveUser))).toEqual([
      expect.objectContaining({ department: 'IT', accountEnabled: true }),
    ]);
  }, 60_000);

  it('uses one user per sync, and says so, when no single user is in scope of every sync of a source', async () => {
    // Both running contoso syncs share Sales and Marketing; the demo is told each shares only one of them.
    const believed = `version: 1
defaults:
  auth: { type: client-secret, clientId: ${testAppClientId}, secretSetting: XTSYNC_APP_CLIENT_SECRET }
tenants:
  - { key: contoso, tenantId: ${tenantIds.contoso} }
  - { key: fabrikam, tenantId: ${tenantIds.fabrikam} }
  - { key: northwind, tenantId: ${tenantIds.northwind} }
syncs:
  - id: contoso-to-fabrikam
    from: contoso
    to: fabrikam
    scope: { filters: [{ clauses: [{ attribute: department, operator: equals, value: Sales }] }] }
    mappings: [{ target: displayName, template: '{givenName} {surname} (Contoso)' }]
  - id: contoso-to-northwind
    from: contoso
    to: northwind
    scope: { filters: [{ clauses: [{ attribute: department, operator: equals, value: Marketing }] }] }
    mappings: [{ target: displayName, template: '{givenName} {surname} (Contoso)' }]
`;
    const timeline = await runDemo(info, believed, { timeoutMs: 15_000, pollMs: 50 });

    expect(timeline.failures).toEqual([]);
    expect(timeline.notes).toEqual([
      'contoso: no single user is in scope of every sync from it (contoso-to-fabrikam, contoso-to-northwind), so the demo uses one user per sync.',
    ]);
    expect(timeline.users.map((user) => user.syncIds)).toEqual([
      ['contoso-to-fabrikam'],
      ['contoso-to-northwind'],
    ]);
    expect(timeline.steps.filter((result) => result.outcome === 'ok')).toHaveLength(8);
  }, 60_000);

  it('fails with the step and sync that did not converge when the stack leaves the user out of scope', async () => {
    // The demo believes contoso shares Legal with fabrikam; the running sync only shares Sales and Marketing.
    const believed = `version: 1
defaults:
  auth: { type: client-secret, clientId: ${testAppClientId}, secretSetting: XTSYNC_APP_CLIENT_SECRET }
tenants:
  - { key: contoso, tenantId: ${tenantIds.contoso} }
  - { key: fabrikam, tenantId: ${tenantIds.fabrikam} }
syncs:
  - id: contoso-to-fabrikam
    from: contoso
    to: fabrikam
    scope: { filters: [{ clauses: [{ attribute: department, operator: equals, value: Legal }] }] }
`;
    const started = Date.now();
    const timeline = await runDemo(info, believed, { timeoutMs: 1_500, pollMs: 50 });

    expect(Date.now() - started).toBeLessThan(8_000);
    expect(timeline.ok).toBe(false);
    expect(timeline.failures).toEqual([
      expect.stringMatching(
        /^joiner contoso → fabrikam \(contoso-to-fabrikam, demo-[a-z0-9]+-contoso-1@contoso\.com\) did not converge within 1\.50 s: no active user carries anchor 11111111-1111-4111-8111-111111111111:[0-9a-f-]{36}$/,
      ),
    ]);
    expect(timeline.steps.map((result) => [result.step, result.outcome])).toEqual([
      ['joiner', 'timeout'],
      ['mover', 'skipped'],
      ['leaver', 'skipped'],
      ['return', 'skipped'],
    ]);
    expect(formatSummary(timeline).slice(-2)).toEqual([
      `FAILED: ${timeline.failures[0] ?? ''}`,
      'Demo failed: 1 problem(s).',
    ]);
  }, 30_000);
});
