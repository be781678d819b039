/**
 * Loading and checking the PEM (certificate + private key) of a certificate credential at start-up, so a bad
 * file is a configuration error now rather than an authentication failure on the first Graph call.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Where a certificate PEM comes from, for messages: the field (and setting) that gave it. */
export interface CertificateSource {
  readonly pem?: string;
  readonly path?: string;
  /** Names the field or setting in problems, e.g. `certificatePath` or `setting CONTOSO_CERT`. */
  readonly label: string;
}

/**
 * Returns the PEM text holding both the certificate and its private key, or a problem that names the source.
 * The problem never quotes the PEM.
 */
export function loadCertificatePem(
  source: CertificateSource,
): { readonly pem: string } | { readonly problem: string } {
  let pem = source.pem;
  if (pem === undefined && source.path !== undefined) {
    try {
      pem = readFileSync(source.path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return { problem: `${source.label}: cannot read certificate file '${source.path}' (${reason})` };
    }
  }
  if (pem === undefined || pem.trim() === '') return { problem: `${source.label}: empty certificate` };
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const privateKey =
    /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]+?-----END (?:[A-Z]+ )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (certificate === undefined || privateKey === undefined) {
    return {
      problem: `${source.label}: expected a PEM with both a CERTIFICATE and a PRIVATE KEY block`,
    };
  }
  try {
    new X509Certificate(certificate);
    createPrivateKey(privateKey);
  } catch {
    return { problem: `${source.label}: the certificate or private key in the PEM cannot be parsed` };
  }
  return { pem };
}
