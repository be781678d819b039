import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithTrustedCa } from '../../src/local/run-with-trusted-ca.js';

const fixture = path.resolve('test/local/fixtures/report-trusted-ca.ts');
/** A real PEM file (the global setup's), so the child does not warn about a missing one. */
const caCertPath = process.env.XTSYNC_TEST_TLS_CERT ?? '';

describe('runWithTrustedCa', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-trusted-ca-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the script trusting the certificate, passes its arguments and forwards its exit code', async () => {
    const report = path.join(dir, 'report.json');
    const code = await runWithTrustedCa({
      script: fixture,
      args: [report, '3', '--json', '--timeout', '5'],
      caCertPath,
    });
    expect(code).toBe(3);
    expect(JSON.parse(await readFile(report, 'utf8'))).toEqual({
      ca: caCertPath,
      rest: ['--json', '--timeout', '5'],
    });
  });

  it('stops forwarding Ctrl-C once the child has exited', async () => {
    const before = process.listenerCount('SIGINT');
    await runWithTrustedCa({
      script: fixture,
      args: [path.join(dir, 'again.json'), '0'],
      caCertPath,
    });
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
