import type { Context } from 'hono';

interface LambdaBindings {
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
}
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The address of the peer that connected: API Gateway's view on Lambda, the socket locally. */
function peerAddress(c: Context): string | undefined {
  const env = (c.env ?? {}) as LambdaBindings & NodeBindings;
  const context = env.event?.requestContext;
  return context?.http?.sourceIp ?? context?.identity?.sourceIp ?? env.incoming?.socket?.remoteAddress;
}

/**
 * The client's IP address. `X-Forwarded-For` is read only when `trustProxy` is set, and then only its
 * last entry (the one our own proxy appended; earlier entries are whatever the client claimed).
 */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return peerAddress(c);
}
