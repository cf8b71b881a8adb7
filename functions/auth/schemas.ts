import { z } from '@hono/zod-openapi';

export const LoginBody = z
  .object({
    organization: z.string().min(1).max(63).openapi({ example: 'acme' }),
    email: z.string().min(3).max(320).openapi({ example: 'ana@acme.example' }),
    password: z.string().min(1).max(256),
    totp: z
      .string()
      .regex(/^(\d{6}|[A-Za-z0-9 -]{16,24})$/)
      .optional()
      .openapi({ description: 'A 6-digit TOTP code, or a recovery code; required once MFA is enabled' }),
  })
  .openapi('LoginRequest');

export const TokenPair = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ example: 900 }),
    refresh_expires_in: z.number().int().openapi({ example: 604_800 }),
  })
  .openapi('TokenPair');

export const RefreshBody = z.object({ refresh_token: z.string().min(16).max(256) }).openapi('RefreshRequest');

export const MeResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.string(),
    permissions: z.array(z.string()),
    session_id: z.string(),
    organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  })
  .openapi('Me');

export const PasswordBody = z
  .object({ current_password: z.string().min(1).max(256), new_password: z.string().min(1).max(256) })
  .openapi('PasswordChangeRequest');

export const TotpCodeBody = z
  .object({ code: z.string().min(6).max(24).openapi({ example: '123456' }) })
  .openapi('TotpCode');

export const EnrollResponse = z
  .object({ secret: z.string(), otpauth_uri: z.string() })
  .openapi('TotpEnrollment');

export const RecoveryCodes = z.object({ recovery_codes: z.array(z.string()) }).openapi('RecoveryCodes');

export const Jwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal('RSA'),
        kid: z.string(),
        alg: z.literal('RS256'),
        use: z.literal('sig'),
        n: z.string(),
        e: z.string(),
      }),
    ),
  })
  .openapi('JsonWebKeySet');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
