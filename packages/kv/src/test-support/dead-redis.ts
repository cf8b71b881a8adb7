import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from '@upstash/redis';
import { createRedis } from '../client.ts';

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A client whose REST endpoint refuses connections: every call must fail closed. */
export async function deadRedis(): Promise<Redis> {
  return createRedis({ url: `http://127.0.0.1:${await closedPort()}`, token: 'dead-redis-token-000000' });
}

/**
 * An endpoint that accepts connections and never answers (a hung proxy, a black-holed host).
 * Only the client's deadline can end a request to it.
 */
export async function hungEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A key fragment unique to one test. */
export const unique = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;
