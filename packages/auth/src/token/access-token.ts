import { randomUUID } from 'node:crypto';
import { type Env, useEnv } from '@scip/config';
import type { Role } from '@scip/context';
import { AppError } from '@scip/errors';
import { type CryptoKey, errors, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type KeySet, useKeySet } from './key-set.ts';

/** RFC 9068 media type of access tokens; anything else (e.g. an ID or refresh token) is refused. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export const AccessClaims = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  role: z.enum(['org_admin', 'member', 'observer']),
  permissions: z.array(z.string()),
  session_id: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

export interface AccessSubject {
  userId: string;
  orgId: string;
  role: Role;
  permissions: readonly string[];
  sessionId: string;
}

type TokenEnv = Pick<Env, 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'ACCESS_TOKEN_TTL_SECONDS' | 'CLOCK_SKEW_SECONDS'>;

/**
 * Signs a 15-minute RS256 access token with the active key (`kid` in the header, `typ: at+jwt`).
 *
 * @example
 * const { token, jti, expiresAt } = await signAccessToken({ userId, orgId, role, permissions, sessionId });
 */
export async function signAccessToken(
  s: AccessSubject,
  opts: { keySet?: KeySet; env?: TokenEnv } = {},
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const env = opts.env ?? useEnv();
  const keys = opts.keySet ?? (await useKeySet());
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const exp = now + env.ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({
    org: s.orgId,
    role: s.role,
    permissions: [...s.permissions],
    session_id: s.sessionId,
  })
    .setProtectedHeader({ alg: 'RS256', kid: keys.activeKid, typ: ACCESS_TOKEN_TYPE })
    .setSubject(s.userId)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setJti(jti)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(keys.signingKey);
  return { token, jti, expiresAt: new Date(exp * 1000) };
}

function keyResolver(keys: KeySet) {
  return function resolveKey(header: JWTHeaderParameters): CryptoKey {
    const key = header.kid ? keys.verifyKeys.get(header.kid) : undefined;
    if (!key) throw new AppError('invalid_token', 'Unknown signing key');
    return key;
  };
}

/**
 * Verifies signature (RS256 only, known `kid`), `typ`, `iss`, `aud`, `exp`, `nbf` (with CLOCK_SKEW_SECONDS)
 * and the claim shape. Does NOT consult the revocation list: `verifyAccessToken` does both.
 */
export async function decodeAccessToken(
  token: string,
  opts: { keySet?: KeySet; env?: TokenEnv } = {},
): Promise<AccessClaims> {
  const env = opts.env ?? useEnv();
  const keys = opts.keySet ?? (await useKeySet());
  try {
    const { payload } = await jwtVerify(token, keyResolver(keys), {
      algorithms: ['RS256'],
      typ: ACCESS_TOKEN_TYPE,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      clockTolerance: env.CLOCK_SKEW_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    return AccessClaims.parse(payload);
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    const expired = cause instanceof errors.JWTExpired;
    throw new AppError(
      'invalid_token',
      expired ? 'The access token has expired' : 'The access token is invalid',
      {
        cause,
      },
    );
  }
}
