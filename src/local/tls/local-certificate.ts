import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import selfsigned from 'selfsigned';

/** A PEM certificate and its private key, for a local HTTPS listener on loopback. */
export interface LocalCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Generates a fresh self-signed certificate for `localhost`, `127.0.0.1` and `::1`.
 *
 * Nothing is stored in the repository: every start of the local stack makes its own key. Clients trust it
 * by adding the certificate to `NODE_EXTRA_CA_CERTS` (Node reads that variable only at process start).
 */
export async function generateLocalCertificate(validDays = 30): Promise<LocalCertificate> {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + validDays * 86_400_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}

/** Writes the certificate and key as `cert.pem` / `key.pem` under `dir` and returns their paths. */
export async function writeLocalCertificate(
  certificate: LocalCertificate,
  dir: string,
): Promise<{ certPath: string; keyPath: string }> {
  await mkdir(dir, { recursive: true });
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  await writeFile(certPath, certificate.certPem, { mode: 0o644 });
  await writeFile(keyPath, certificate.keyPem, { mode: 0o600 });
  return { certPath, keyPath };
}

/** Reads a certificate pair written by {@link writeLocalCertificate}. */
export async function readLocalCertificate(certPath: string, keyPath: string): Promise<LocalCertificate> {
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPem, keyPem };
}
