/**
 * What `npm run graph-sim` leaves on disk for the rest of the local stack: the TLS certificate (reused while
 * it stays valid, so clients started with `NODE_EXTRA_CA_CERTS` keep trusting restarts) and
 * `graph-sim.json` with the URLs and each tenant's admin client.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  generateLocalCertificate,
  readLocalCertificate,
  writeLocalCertificate,
  type LocalCertificate,
} from '../tls/local-certificate.js';
import type { GraphSimulator } from './server/simulator-server.js';

/** The certificate and where its PEM lives. */
export interface StateCertificate {
  readonly certificate: LocalCertificate;
  readonly certPath: string;
}

/** Contents of `graph-sim.json`. */
export interface GraphSimulatorState {
  readonly baseUrl: string;
  readonly authorityHost: string;
  readonly caCertPath: string;
  readonly tenants: readonly {
    key: string;
    tenantId: string;
    defaultDomain: string;
    clientId: string;
    clientSecret: string;
  }[];
}

const minimumRemainingValidityMs = 24 * 60 * 60 * 1000;

/** Reuses `<stateDir>/graph-sim/cert.pem` when it is valid for at least another day, else makes a new one. */
export async function ensureStateCertificate(stateDir: string): Promise<StateCertificate> {
  const dir = path.join(stateDir, 'graph-sim');
  const certPath = path.join(dir, 'cert.pem');
  try {
    const existing = await readLocalCertificate(certPath, path.join(dir, 'key.pem'));
    const validTo = Date.parse(new X509Certificate(existing.certPem).validTo);
    if (validTo - Date.now() > minimumRemainingValidityMs) return { certificate: existing, certPath };
  } catch {
    // Missing or unreadable: a new certificate is generated below.
  }
  const certificate = await generateLocalCertificate();
  await writeLocalCertificate(certificate, dir);
  return { certificate, certPath };
}

/** Writes `<stateDir>/graph-sim.json` (owner-readable only: it holds client secrets) and returns its path. */
export async function writeSimulatorState(
  stateDir: string,
  sim: GraphSimulator,
  certPath: string,
): Promise<string> {
  const state: GraphSimulatorState = {
    baseUrl: sim.baseUrl,
    authorityHost: sim.authorityHost,
    caCertPath: path.resolve(certPath),
    tenants: sim.tenants.map(({ key, tenantId, defaultDomain, clientId, clientSecret }) => ({
      key,
      tenantId,
      defaultDomain,
      clientId,
      clientSecret,
    })),
  };
  await mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, 'graph-sim.json');
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  return file;
}
