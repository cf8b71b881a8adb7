import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/** Below this many bytes, compressing costs more CPU than it saves on the wire. */
const THRESHOLD_BYTES = 1024;

/**
 * Seventh in the chain: gzip/deflate for clients that accept it, for bodies of at least 1 KiB.
 * `hono/compress` can only skip small bodies that declare a Content-Length, and `c.json()` declares
 * none, so this measures finished (non-streaming) bodies first; without it every tiny JSON answer was
 * gzipped, tripling the cost of `/health`.
 */
export function compression(): MiddlewareHandler {
  const gzip = compress({ threshold: THRESHOLD_BYTES });
  return async function compression(c, next) {
    if (!c.req.header('accept-encoding')) return next();
    await gzip(c, async () => {
      await next();
      const res = c.res;
      const streaming = res.headers.get('content-type')?.startsWith('text/event-stream');
      if (!res.body || streaming || res.headers.has('content-length') || res.headers.has('content-encoding'))
        return;
      const bytes = await res.arrayBuffer();
      c.res = new Response(bytes, res);
      c.res.headers.set('Content-Length', String(bytes.byteLength));
    });
  };
}
