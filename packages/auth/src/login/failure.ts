import { guarded, Lockout, useRedis } from '@scip/kv';
import { recordAuthEvent, reportSuspicious } from '../audit-events.ts';

/** Distinct accounts failing from one IP within the window that count as a burst (credential stuffing). */
export const BURST_ACCOUNTS = 10;
export const BURST_WINDOW_SECONDS = 300;

/** The lockout key of an account as typed: unknown accounts lock exactly like real ones (no enumeration). */
export function lockKeyOf(organization: string, email: string): string {
  return `login:${organization.toLowerCase()}:${email.toLowerCase()}`;
}

/** Counts distinct failing accounts per IP; reports once when the burst threshold is crossed. */
async function trackBurst(ip: string | undefined, account: string, orgId: string | undefined) {
  if (!ip) return;
  const key = `auth:failures-by-ip:${ip}`;
  // One ordered pipeline (scard sees this sadd); Redis errors fail closed like every other kv call.
  const [, , distinct] = await guarded('login failure burst', () =>
    useRedis()
      .pipeline()
      .sadd(key, account)
      .expire(key, BURST_WINDOW_SECONDS)
      .scard(key)
      .exec<[number, number, number]>(),
  );
  if (distinct === BURST_ACCOUNTS) {
    await reportSuspicious({
      type: 'auth.suspicious.failure_burst',
      severity: 'warning',
      orgId,
      details: { ip, distinct_accounts: distinct, window_seconds: BURST_WINDOW_SECONDS },
    });
  }
}

export interface FailedLogin {
  organization: string;
  email: string;
  orgId: string | undefined;
  userId: string | undefined;
  reason:
    | 'unknown_organization'
    | 'unknown_user'
    | 'disabled'
    | 'no_password'
    | 'wrong_password'
    | 'wrong_totp';
  ip: string | undefined;
}

/**
 * Books a failed attempt: lockout counter, audit event (in the organization's chain when it exists, else
 * the platform chain), a lockout event when this failure locked the account, and burst detection.
 */
export async function recordFailedLogin(f: FailedLogin): Promise<void> {
  const account = lockKeyOf(f.organization, f.email);
  const state = await Lockout.recordFailure(account);
  const details = {
    organization: f.organization,
    email: f.email,
    user_id: f.userId ?? null,
    reason: f.reason,
    ip: f.ip ?? null,
  };
  const type = f.reason === 'wrong_totp' ? 'auth.mfa.failed' : 'auth.login.failed';
  await recordAuthEvent(type, 'notice', details, f.orgId);
  if (state.locked) {
    await reportSuspicious({
      type: 'auth.account.locked',
      severity: 'warning',
      orgId: f.orgId,
      details: { ...details, lock_seconds: state.retryAfterSeconds },
    });
  }
  await trackBurst(f.ip, account, f.orgId);
}
