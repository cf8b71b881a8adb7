import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A request the bridge cannot read (too large, not JSON). */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('ERR max request size exceeded', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('ERR failed to parse the request body as JSON');
  }
}

/** The body of `/pipeline` and `/multi-exec`: a non-empty array of commands. */
export function parseCommandList(text: string): unknown[] {
  const body = parseJson(text);
  if (!Array.isArray(body) || body.length === 0) {
    throw new BadRequest('ERR the body must be a non-empty JSON array of commands');
  }
  return body;
}

/** `/set/key/value` → `["set","key","value"]`; a POST body is appended as the last argument. */
export function pathCommand(pathname: string, body: string): string[] {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  return body === '' ? parts : [...parts, body];
}
