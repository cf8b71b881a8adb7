import { AppError } from '@scip/errors';
import type { MiddlewareHandler } from 'hono';

/**
 * Sixth in the chain: a request still running after `ms` is answered 504 `request_timeout`. The work
 * itself is not cancelled (JavaScript cannot); database statements have their own statement timeout.
 */
export function timeout(ms: number): MiddlewareHandler {
  return async function timeout(_c, next) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('request_timeout', `The request took longer than ${ms} ms`)),
        ms,
      );
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
