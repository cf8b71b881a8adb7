import { randomBytes } from 'node:crypto';
import type { Role } from '@scip/context';
import { adminPool, asOrg, randomSlug } from '@scip/db/test-support/index';
import { hash } from '../password/hash.ts';

/** Test-only: organizations and users with real argon2id hashes, created as app_admin. */

let admin: ReturnType<typeof adminPool> | undefined;
const pool = () => {
  admin ??= adminPool(2);
  return admin;
};

export interface TestOrg {
  id: string;
  slug: string;
  name: string;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  orgId: string;
  orgSlug: string;
}

export async function newOrg(prefix = 'auth'): Promise<TestOrg> {
  const slug = randomSlug(prefix);
  const name = `Test ${slug}`;
  const [row] = await asOrg(
    pool(),
    undefined,
    (tx) =>
      tx<{ id: string }[]>`INSERT INTO app.organizations (slug, name) VALUES (${slug}, ${name}) RETURNING id`,
  );
  return { id: row?.id as string, slug, name };
}

export function strongPassword(): string {
  return `tangerine-${randomBytes(6).toString('hex')}-Orbit`;
}

export async function newUser(
  org: TestOrg,
  opts: { role?: Role; password?: string } = {},
): Promise<TestUser> {
  const email = `${randomBytes(4).toString('hex')}@${org.slug}.test`;
  const password = opts.password ?? strongPassword();
  const passwordHash = await hash(password);
  const [row] = await asOrg(
    pool(),
    org.id,
    (tx) => tx<{ id: string }[]>`
      INSERT INTO app.users (email, role, password_hash) VALUES (${email}, ${opts.role ?? 'member'}, ${passwordHash})
      RETURNING id`,
  );
  return { id: row?.id as string, email, password, orgId: org.id, orgSlug: org.slug };
}

/** Runs SQL as app_admin in `orgId`'s context (assertions on rows the app wrote). */
export function adminQuery<T>(orgId: string, fn: Parameters<typeof asOrg<T>>[2]): Promise<T> {
  return asOrg(pool(), orgId, fn);
}

/** A random client IP, so each test has its own rate-limit window. */
export function randomIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** A test client of an app: JSON requests from a fixed client IP (Node socket binding, as the local server). */
// biome-ignore lint/suspicious/noExplicitAny: response bodies in tests are asserted field by field
type Body = any;
/** A Response whose `json()` is loosely typed, so tests read fields directly. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<Body> };

interface Requestable {
  request(path: string, init: RequestInit, env: unknown): Response | Promise<Response>;
}

export function client(app: Requestable, ip = randomIp()) {
  const env = { incoming: { socket: { remoteAddress: ip } } };
  const request = (
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = opts.token.includes(' ') ? opts.token : `Bearer ${opts.token}`;
    const init: RequestInit = { method, headers };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    return Promise.resolve(app.request(path, init, env)) as Promise<TestResponse>;
  };
  return {
    ip,
    get: (path: string, opts?: Parameters<typeof request>[2]) => request('GET', path, opts),
    post: (path: string, opts?: Parameters<typeof request>[2]) => request('POST', path, opts),
    delete: (path: string, opts?: Parameters<typeof request>[2]) => request('DELETE', path, opts),
    login: (u: TestUser, extra: Record<string, unknown> = {}) =>
      request('POST', '/api/v1/auth/login', {
        body: { organization: u.orgSlug, email: u.email, password: u.password, ...extra },
      }),
  };
}
