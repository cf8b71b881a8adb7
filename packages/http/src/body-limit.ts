import { AppError } from '@scip/errors';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/**
 * Fifth in the chain: bodies over `maxBytes` (by Content-Length, or counted while streaming when the
 * length is not declared) end in 413 `payload_too_large` before any handler parses them.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body exceeds ${maxBytes} bytes`);
    },
  });
}
