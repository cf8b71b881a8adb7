import { z } from '@hono/zod-openapi';
import { ERROR_CODES, type ErrorCode } from '@scip/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field of a 422 `validation_failed`. */
export const FieldErrorSchema = z
  .object({
    /** Where the field was: json, query, param, header, cookie, form. */
    in: z.string(),
    /** Dotted path inside that target, e.g. `user.email`; empty for the whole target. */
    path: z.string(),
    message: z.string(),
    code: z.string(),
  })
  .openapi('FieldError');

/** RFC 9457 problem details, as every error of the platform is answered. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:scip:problem:not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'No route GET /nope' }),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    request_id: z.string().openapi({ example: '0193a5b0-7e1c-7cc2-9a51-6f1f3f0c2b8e' }),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

/** `validation_failed` → `Validation failed`. */
export function titleOf(code: ErrorCode): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function problemType(code: ErrorCode): string {
  return `urn:scip:problem:${code}`;
}

/** Builds a problem body; `extra` adds public fields (never overriding the standard ones). */
export function problemBody(
  code: ErrorCode,
  detail: string,
  requestId: string,
  status: number = ERROR_CODES[code].status,
  extra: Record<string, unknown> = {},
): Problem & Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: problemType(code),
    title: titleOf(code),
    status,
    detail,
    code,
    request_id: requestId,
  };
  for (const [key, value] of Object.entries(extra)) if (!(key in body)) body[key] = value;
  return body as Problem & Record<string, unknown>;
}

/**
 * OpenAPI `responses` entries for the error codes a route can answer with, grouped by status, so
 * route definitions state their failures in one line.
 *
 * @example
 * createRoute({ method: 'post', path: '/api/v1/auth/login', ..., responses: {
 *   200: { ... }, ...errorResponses('validation_failed', 'invalid_credentials', 'account_locked', 'rate_limited'),
 * } });
 */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const [status, list] of byStatus) {
    responses[status] = {
      description: list.map((code) => `\`${code}\`: ${ERROR_CODES[code].description}`).join('\n\n'),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    };
  }
  return responses;
}
