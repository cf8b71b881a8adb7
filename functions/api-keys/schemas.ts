import { z } from '@hono/zod-openapi';
import { Scope } from '@scip/auth/api-key/api-key';

export const ApiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    name: z.string(),
    permissions: z.array(z.string()),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    rotated_from: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ApiKey');

export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    permissions: z
      .array(Scope)
      .max(100)
      .openapi({ example: ['users:read'] }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({ example: '2027-01-01T00:00:00Z' }),
  })
  .openapi('CreateApiKeyRequest');

export const CreatedApiKey = ApiKeySchema.extend({
  key: z.string().openapi({ description: 'The full key `prefix.secret`; shown only in this response' }),
}).openapi('CreatedApiKey');

export const RotatedApiKey = CreatedApiKey.extend({
  previous: z.object({ id: z.string(), expires_at: z.string().nullable() }),
}).openapi('RotatedApiKey');

export const ApiKeyList = z.object({ items: z.array(ApiKeySchema) }).openapi('ApiKeyList');

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
