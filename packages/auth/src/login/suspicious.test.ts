import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onSuspiciousActivity, type SuspiciousActivity } from '../audit-events.ts';
import { adminQuery, newOrg, newUser, randomIp, type TestOrg } from '../test-support/fixtures.ts';
import { BURST_ACCOUNTS } from './failure.ts';
import { login } from './login.ts';

let org: TestOrg;
const alerts: SuspiciousActivity[] = [];
const off = onSuspiciousActivity((a) => {
  alerts.push(a);
});
beforeAll(async () => {
  org = await newOrg('suspicious');
});
afterEach(() => {
  alerts.length = 0;
});

describe('suspicious activity', () => {
  it('a login from a new device or IP is audited with severity and fires the alert hook', async () => {
    const user = await newUser(org);
    const creds = { organization: org.slug, email: user.email, password: user.password };
    await login(creds, { fingerprint: 'laptop', ip: '10.0.0.1' });
    await login(creds, { fingerprint: 'laptop', ip: '10.0.0.1' });
    expect(alerts).toHaveLength(0); // first sighting has nothing to compare with; same device again is fine
    await login(creds, { fingerprint: 'phone', ip: '10.0.0.2' });
    expect(alerts).toEqual([
      expect.objectContaining({ type: 'auth.suspicious.new_device', severity: 'notice', orgId: org.id }),
    ]);
    expect(alerts[0]?.details.new).toEqual(['device', 'ip']);
    const rows = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT severity FROM audit.log WHERE organization_id = ${org.id}
        AND event_type = 'auth.suspicious.new_device' AND details->>'user_id' = ${user.id}`,
    );
    expect(rows).toEqual([{ severity: 'notice' }]);
  });

  it('failures across many accounts from one IP are reported once as a burst', async () => {
    const ip = randomIp();
    for (let i = 0; i < BURST_ACCOUNTS + 2; i++) {
      await expect(
        login(
          { organization: org.slug, email: `victim${i}@x.test`, password: 'guess-guess-1' },
          { fingerprint: 'f', ip },
        ),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    const bursts = alerts.filter((a) => a.type === 'auth.suspicious.failure_burst');
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({
      severity: 'warning',
      details: { ip, distinct_accounts: BURST_ACCOUNTS },
    });
  });

  it('an alert hook that throws never breaks a login', async () => {
    const user = await newUser(org);
    const creds = { organization: org.slug, email: user.email, password: user.password };
    await login(creds, { fingerprint: 'a', ip: '10.0.0.3' });
    const remove = onSuspiciousActivity(() => {
      throw new Error('pager down');
    });
    await expect(login(creds, { fingerprint: 'b', ip: '10.0.0.3' })).resolves.toHaveProperty('access_token');
    remove();
    off();
  });
});
