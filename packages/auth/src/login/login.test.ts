import { beforeAll, describe, expect, it } from 'vitest';
import { newOrg, newUser, type TestOrg, type TestUser } from '../test-support/fixtures.ts';
import { checkPassword, findAccount } from './login.ts';

let org: TestOrg;
let user: TestUser;
beforeAll(async () => {
  org = await newOrg('enum');
  user = await newUser(org);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('credential check cost (no enumeration by timing)', () => {
  it('names the reason internally and costs one argon2 verify on every path', async () => {
    const cases = {
      unknown_organization: await findAccount('no-such-org-zz', user.email),
      unknown_user: await findAccount(org.slug, 'nobody@x.test'),
      wrong_password: await findAccount(org.slug, user.email),
    };
    const samples: Record<string, number[]> = {
      unknown_organization: [],
      unknown_user: [],
      wrong_password: [],
    };
    for (let round = 0; round < 6; round++) {
      for (const [reason, account] of Object.entries(cases)) {
        const t0 = performance.now();
        expect(await checkPassword(account, 'not-the-password')).toBe(reason);
        samples[reason]?.push(performance.now() - t0);
      }
    }
    const wrong = median(samples.wrong_password ?? []);
    // Without the dummy hash the unknown paths would take ~0 ms against ~10+ ms for a real verify.
    for (const reason of ['unknown_organization', 'unknown_user']) {
      const ratio = median(samples[reason] ?? []) / wrong;
      expect(ratio, reason).toBeGreaterThan(0.5);
      expect(ratio, reason).toBeLessThan(2);
    }
    expect(await checkPassword(cases.wrong_password, user.password)).toBeNull();
  });
});
