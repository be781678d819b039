import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readTestCertificate } from '../support/test-certificate.js';

describe('local TLS trust', () => {
  it('lets fetch reach an HTTPS listener that uses the test certificate', async () => {
    const { certPem, keyPem } = await readTestCertificate();
    const server = createServer({ cert: certPem, key: keyPem }, (_req, res) => {
      res.end('trusted');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`https://localhost:${port}/`);
      expect(await response.text()).toBe('trusted');
    } finally {
      server.close();
    }
  });
});
