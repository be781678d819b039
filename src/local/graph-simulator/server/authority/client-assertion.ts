/**
 * Verifies a `client_assertion` JWT the way Entra does for certificate credentials: the certificate named by
 * `x5t#S256` (or `x5t`) must be registered on the app, the signature must verify with its key, and
 * `aud` = the token endpoint, `iss` = `sub` = the client id, `exp` in the future.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { RegisteredApp } from './app-registry.js';

/** The outcome of checking an assertion; failures carry the AADSTS code and description to return. */
export type AssertionCheck =
  { readonly ok: true } | { readonly ok: false; readonly aadstsCode: number; readonly description: string };

/** Checks `assertion` for `app`; `audiences` are the token endpoint URLs the assertion may name. */
export async function verifyClientAssertion(
  assertion: string,
  app: RegisteredApp,
  audiences: readonly string[],
): Promise<AssertionCheck> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return { ok: false, aadstsCode: 50027, description: 'JWT token is invalid or malformed.' };
  }
  const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const certificate = app.certificates.find(
    (c) =>
      (sha256 !== undefined && c.sha256Thumbprint === sha256) ||
      (sha1 !== undefined && c.sha1Thumbprint === sha1),
  );
  if (certificate === undefined) {
    return {
      ok: false,
      aadstsCode: 700027,
      description: `The certificate with identifier used to sign the client assertion is not registered on application '${app.clientId}'.`,
    };
  }
  try {
    await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ['RS256', 'PS256', 'ES256'],
      audience: [...audiences],
      issuer: app.clientId,
      subject: app.clientId,
      requiredClaims: ['exp', 'aud', 'iss', 'sub'],
      // Entra tolerates clock skew; MSAL rounds `nbf` to the nearest second, so it can lie slightly ahead.
      clockTolerance: 300,
    });
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      aadstsCode: 700027,
      description: `Client assertion failed signature or claim validation: ${(error as Error).message}`,
    };
  }
}
