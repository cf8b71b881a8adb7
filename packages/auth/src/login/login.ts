import { type Role, withActor } from '@scip/context';
import { useSql, useTransaction, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { Lockout } from '@scip/kv';
import { recordAuthEvent, reportSuspicious } from '../audit-events.ts';
import { verifySecondFactor } from '../mfa/mfa.ts';
import * as Password from '../password.ts';
import { create as createSession, seenBefore } from '../session/create.ts';
import { effectivePermissions } from '../session/permissions.ts';
import { pairFor, type TokenPair } from '../token/issue.ts';
import { generateRefreshToken, hashToken } from '../token/refresh-token.ts';
import { type FailedLogin, lockKeyOf, recordFailedLogin } from './failure.ts';

export interface LoginInput {
  organization: string;
  email: string;
  password: string;
  totp?: string | undefined;
}

export interface LoginClient {
  ip?: string | undefined;
  userAgent?: string | undefined;
  fingerprint: string;
}

interface Account {
  organization_id: string;
  user_id: string | null;
  password_hash: string | null;
  role: Role | null;
  disabled: boolean | null;
  mfa_enabled: boolean | null;
}

/** One round trip whatever exists, so unknown organizations and users cost the same as real ones. */
export async function findAccount(organization: string, email: string): Promise<Account | undefined> {
  const [row] = await useSql()<Account[]>`
    SELECT o.organization_id, l.user_id, l.password_hash, l.role, l.disabled, l.mfa_enabled
    FROM app.organization_lookup(${organization}) o
    LEFT JOIN app.login_lookup(${organization}, ${email}) l ON true`;
  return row;
}

const invalid = () => new AppError('invalid_credentials', 'The organization, email or password is wrong');

/** Checks the password (or a dummy hash) and names why it failed; null when it matched. */
export async function checkPassword(
  a: Account | undefined,
  password: string,
): Promise<FailedLogin['reason'] | null> {
  if (!a) return (await Password.verifyDummy(password)) || 'unknown_organization';
  if (!a.user_id) return (await Password.verifyDummy(password)) || 'unknown_user';
  if (!a.password_hash) return (await Password.verifyDummy(password)) || 'no_password';
  const ok = await Password.verify(a.password_hash, password);
  if (!ok) return 'wrong_password';
  return a.disabled ? 'disabled' : null;
}

async function openSession(a: Account & { user_id: string; role: Role }, input: LoginInput, c: LoginClient) {
  const tx = useTransaction();
  if (a.password_hash && Password.needsRehash(a.password_hash)) {
    await tx`UPDATE app.users SET password_hash = ${await Password.hash(input.password)} WHERE id = ${a.user_id}`;
  }
  // Reads first; the writes below take the organization's audit-chain lock until commit.
  const [seen, permissions] = await Promise.all([
    seenBefore(a.user_id, c.fingerprint, c.ip),
    effectivePermissions(a.user_id, a.role),
  ]);
  const refreshToken = generateRefreshToken();
  const session = await createSession({
    userId: a.user_id,
    fingerprint: c.fingerprint,
    ip: c.ip,
    userAgent: c.userAgent,
    refreshTokenHash: hashToken(refreshToken),
  });
  const details = {
    user_id: a.user_id,
    session_id: session.id,
    ip: c.ip ?? null,
    fingerprint: c.fingerprint,
  };
  await recordAuthEvent('auth.login.succeeded', 'info', details);
  if (seen.any && (!seen.device || !seen.ip)) {
    const what = [!seen.device && 'device', !seen.ip && 'ip'].filter(Boolean);
    await reportSuspicious({
      type: 'auth.suspicious.new_device',
      severity: 'notice',
      orgId: a.organization_id,
      details: { ...details, new: what },
    });
  }
  const holder = {
    userId: a.user_id,
    orgId: a.organization_id,
    role: a.role,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
  };
  return { holder, refreshToken, permissions };
}

/**
 * Password (+ TOTP) login. Every failure of organization, user, disabled account or password is the same
 * 401 `invalid_credentials`, computed at the same cost; LOCKOUT_THRESHOLD consecutive failures lock the
 * account (as typed) for LOCKOUT_SECONDS — 423 `account_locked`, even with the right password.
 *
 * @example
 * const pair = await login({ organization: 'acme', email, password }, { ip, userAgent, fingerprint });
 */
export async function login(input: LoginInput, client: LoginClient): Promise<TokenPair> {
  const key = lockKeyOf(input.organization, input.email);
  const [lock, account] = await Promise.all([
    Lockout.status(key),
    findAccount(input.organization, input.email),
  ]);
  const orgId = account?.organization_id;
  if (lock.locked) {
    await recordAuthEvent(
      'auth.login.locked',
      'notice',
      { organization: input.organization, email: input.email, ip: client.ip ?? null },
      orgId,
    );
    throw new AppError('account_locked', 'Too many failed attempts; try again later', {
      headers: { 'Retry-After': String(lock.retryAfterSeconds) },
    });
  }
  const base = {
    organization: input.organization,
    email: input.email,
    orgId,
    userId: account?.user_id ?? undefined,
    ip: client.ip,
  };
  const reason = await checkPassword(account, input.password);
  if (reason || !account?.user_id || !account.role) {
    await recordFailedLogin({ ...base, reason: reason ?? 'unknown_user' });
    throw invalid();
  }
  const a = { ...account, user_id: account.user_id, role: account.role };
  return withActor({ type: 'system', reason: 'auth.login', orgId: a.organization_id }, async () => {
    if (a.mfa_enabled) await requireSecondFactor(a.user_id, input.totp, base);
    if (lock.failures > 0) await Lockout.reset(key); // saves a Redis round trip on the common path
    const opened = await withTransaction(() => openSession(a, input, client));
    return pairFor(opened.holder, opened.refreshToken, opened.permissions); // signed after the commit
  });
}

async function requireSecondFactor(
  userId: string,
  code: string | undefined,
  base: Omit<FailedLogin, 'reason'>,
) {
  if (!code) throw new AppError('mfa_required', 'This account needs a one-time code: send `totp`');
  const ok = await withTransaction(() => verifySecondFactor(userId, code));
  if (!ok) {
    await recordFailedLogin({ ...base, reason: 'wrong_totp' });
    throw new AppError('invalid_totp', 'The one-time code is wrong or was already used');
  }
}
