/**
 * Signs and verifies the simulator's access tokens with an RSA key generated at start (RS256, like Entra).
 * Token lifetimes follow the wall clock, not the simulator clock: clients cache tokens by wall time, so
 * advancing the simulator clock must not invalidate tokens they still consider fresh.
 */
import { randomUUID } from 'node:crypto';
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { z } from 'zod';

/** Audience of Microsoft Graph access tokens. */
export const graphAudience = 'https://graph.microsoft.com';

/** What an access token says about its caller. */
export interface AccessTokenSubject {
  readonly tenantId: string;
  readonly appId: string;
  readonly servicePrincipalId: string;
  readonly roles: readonly string[];
}

/** Options for issuing a token (tests use them to mint expired or wrong-audience tokens). */
export interface IssueTokenOptions {
  readonly audience?: string;
  /** Seconds until `exp`; negative values make an already expired token. Default 3600. */
  readonly lifetimeSeconds?: number;
}

/** Why a bearer token was refused. */
export type TokenRejection = 'malformed' | 'expired' | 'audience' | 'issuer';

/** The outcome of verifying a bearer token. */
export type TokenVerification =
  | { readonly ok: true; readonly subject: AccessTokenSubject }
  | { readonly ok: false; readonly reason: TokenRejection };

/** Issues and verifies access tokens; `jwks` is what `/discovery/v2.0/keys` publishes. */
export interface TokenSigner {
  readonly jwks: { readonly keys: readonly JWK[] };
  issue(subject: AccessTokenSubject, options?: IssueTokenOptions): Promise<string>;
  verify(token: string): Promise<TokenVerification>;
}

const claimsSchema = z.object({
  tid: z.string(),
  appid: z.string(),
  oid: z.string(),
  iss: z.string(),
  roles: z.array(z.string()).default([]),
});

/** Creates a signer with a fresh key pair. */
export async function createTokenSigner(): Promise<TokenSigner> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return {
    jwks: { keys: [jwk] },
    issue: async (subject, options = {}) => {
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT({
        tid: subject.tenantId,
        appid: subject.appId,
        azp: subject.appId,
        oid: subject.servicePrincipalId,
        sub: subject.servicePrincipalId,
        roles: [...subject.roles],
        idtyp: 'app',
        appidacr: '1',
        ver: '1.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(`https://sts.windows.net/${subject.tenantId}/`)
        .setAudience(options.audience ?? graphAudience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 3600))
        .setJti(randomUUID())
        .sign(privateKey);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          algorithms: ['RS256'],
          audience: graphAudience,
        });
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) return { ok: false, reason: 'malformed' };
        if (claims.data.iss !== `https://sts.windows.net/${claims.data.tid}/`)
          return { ok: false, reason: 'issuer' };
        return {
          ok: true,
          subject: {
            tenantId: claims.data.tid,
            appId: claims.data.appid,
            servicePrincipalId: claims.data.oid,
            roles: claims.data.roles,
          },
        };
      } catch (error) {
        return { ok: false, reason: rejectionOf(error) };
      }
    },
  };
}

function rejectionOf(error: unknown): TokenRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') return 'audience';
  return 'malformed';
}
