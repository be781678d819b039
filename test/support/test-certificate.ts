import { readLocalCertificate, type LocalCertificate } from '../../src/local/tls/local-certificate.js';

/** The certificate made by the global setup, which every test worker already trusts. */
export function readTestCertificate(): Promise<LocalCertificate> {
  const certPath = process.env.XTSYNC_TEST_TLS_CERT;
  const keyPath = process.env.XTSYNC_TEST_TLS_KEY;
  if (!certPath || !keyPath)
    throw new Error('XTSYNC_TEST_TLS_CERT/KEY are not set: run the tests through vitest.');
  return readLocalCertificate(certPath, keyPath);
}
