import { Audit } from '@scip/core';

export type Severity = 'info' | 'notice' | 'warning' | 'error' | 'critical';

/** Authentication events written to the audit chain (`auth.*`). */
export type AuthEventType =
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.login.locked'
  | 'auth.account.locked'
  | 'auth.mfa.failed'
  | 'auth.mfa.enrolled'
  | 'auth.mfa.enabled'
  | 'auth.mfa.disabled'
  | 'auth.mfa.recovery_code_used'
  | 'auth.refresh.succeeded'
  | 'auth.refresh.failed'
  | 'auth.refresh.reused'
  | 'auth.logout'
  | 'auth.password.changed'
  | 'auth.cross_organization'
  | 'auth.suspicious.new_device'
  | 'auth.suspicious.failure_burst'
  | 'auth.api_key.created'
  | 'auth.api_key.rotated'
  | 'auth.api_key.revoked'
  | 'auth.permissions.granted'
  | 'auth.permissions.revoked';

export interface SuspiciousActivity {
  type: AuthEventType;
  severity: Severity;
  orgId?: string | undefined;
  details: Record<string, unknown>;
}

type AlertHook = (activity: SuspiciousActivity) => void | Promise<void>;
const hooks: AlertHook[] = [];

/**
 * Registers an alert hook for suspicious activity (new device/IP, lockout, refresh reuse, failure bursts).
 * Hooks run after the audit row is written; their errors are swallowed so an alerting outage never
 * breaks a login. Returns a function that unregisters the hook.
 *
 * @example
 * onSuspiciousActivity((a) => pagerDuty.notify(a));
 */
export function onSuspiciousActivity(hook: AlertHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/**
 * Records an authentication event. `orgId` names the tenant chain when there is no organization context
 * yet (a failed login); without either it lands in the platform chain.
 */
export async function recordAuthEvent(
  type: AuthEventType,
  severity: Severity,
  details: Record<string, unknown>,
  orgId?: string,
): Promise<void> {
  await Audit.record({ type, severity, details, ...(orgId ? { orgId } : {}) });
}

/** Records a suspicious-activity event and fires the alert hooks. */
export async function reportSuspicious(activity: SuspiciousActivity): Promise<void> {
  await recordAuthEvent(activity.type, activity.severity, activity.details, activity.orgId);
  for (const hook of hooks) {
    try {
      await hook(activity);
    } catch {
      // alerting must never break authentication
    }
  }
}
