import { type Env, useEnv } from '@scip/config';
import { type CryptoKey, importJWK, type JWK } from 'jose';

/** A public signing key as published in the JWKS. */
export interface PublicJwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

export interface KeySet {
  activeKid: string;
  signingKey: CryptoKey;
  /** Every key that still verifies: current signing keys and retired public keys. */
  verifyKeys: ReadonlyMap<string, CryptoKey>;
  publicJwks: readonly PublicJwk[];
}

type RsaJwk = { kid: string; n: string; e: string } & Record<string, unknown>;

function toPublic(jwk: RsaJwk): PublicJwk {
  return { kty: 'RSA', kid: jwk.kid, alg: 'RS256', use: 'sig', n: jwk.n, e: jwk.e };
}

function assertStrong(jwk: RsaJwk): void {
  const bits = Buffer.from(jwk.n, 'base64url').length * 8;
  if (bits < 2048) throw new Error(`JWT key ${jwk.kid} is ${bits} bits; RS256 keys must have at least 2048`);
}

/**
 * Builds the key set from JWT_SIGNING_KEYS (private JWKs), JWT_ACTIVE_KID and JWT_RETIRED_PUBLIC_KEYS.
 * Rotation: add the new key to JWT_SIGNING_KEYS and point JWT_ACTIVE_KID at it (it signs from then on,
 * the old one keeps verifying); after ACCESS_TOKEN_TTL_SECONDS move the old key's public half to
 * JWT_RETIRED_PUBLIC_KEYS (or drop it). See packages/auth/README.md.
 */
export async function loadKeySet(
  env: Pick<Env, 'JWT_SIGNING_KEYS' | 'JWT_ACTIVE_KID' | 'JWT_RETIRED_PUBLIC_KEYS'>,
): Promise<KeySet> {
  const verifyKeys = new Map<string, CryptoKey>();
  const publicJwks: PublicJwk[] = [];
  let signingKey: CryptoKey | undefined;
  for (const jwk of env.JWT_SIGNING_KEYS) {
    assertStrong(jwk);
    const pub = toPublic(jwk);
    verifyKeys.set(jwk.kid, (await importJWK(pub as JWK, 'RS256')) as CryptoKey);
    publicJwks.push(pub);
    if (jwk.kid === env.JWT_ACTIVE_KID) {
      signingKey = (await importJWK({ ...jwk, alg: 'RS256' } as JWK, 'RS256')) as CryptoKey;
    }
  }
  for (const jwk of env.JWT_RETIRED_PUBLIC_KEYS) {
    if (verifyKeys.has(jwk.kid)) continue;
    assertStrong(jwk);
    const pub = toPublic(jwk);
    verifyKeys.set(jwk.kid, (await importJWK(pub as JWK, 'RS256')) as CryptoKey);
    publicJwks.push(pub);
  }
  if (!signingKey) throw new Error(`JWT_ACTIVE_KID ${env.JWT_ACTIVE_KID} is not among JWT_SIGNING_KEYS`);
  return { activeKid: env.JWT_ACTIVE_KID, signingKey, verifyKeys, publicJwks };
}

const cache = new WeakMap<object, Promise<KeySet>>();

/** The key set of the current environment, built once per parsed environment. */
export function useKeySet(env: Env = useEnv()): Promise<KeySet> {
  let set = cache.get(env);
  if (!set) {
    set = loadKeySet(env);
    cache.set(env, set);
  }
  return set;
}

/** The public JWKS document served at /.well-known/jwks.json. */
export async function jwks(env: Env = useEnv()): Promise<{ keys: PublicJwk[] }> {
  return { keys: [...(await useKeySet(env)).publicJwks] };
}
