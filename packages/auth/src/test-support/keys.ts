import { generateKeyPairSync } from 'node:crypto';

/** A fresh RSA private JWK with `kid`, for key-rotation tests (node:crypto, so undersized keys are possible). */
export function newRsaJwk(kid: string, modulusLength = 2048) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid, kty: 'RSA' as const, n: jwk.n ?? '', e: jwk.e ?? '', d: jwk.d ?? '' };
}
