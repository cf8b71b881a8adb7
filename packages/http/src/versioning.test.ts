import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { captureLogs } from './test-support/log-capture.ts';
import { deprecated } from './versioning.ts';

describe('deprecation', () => {
  it('adds Deprecation, Sunset and Link to a deprecated route only', async () => {
    const app = createApp({ name: 'v', logger: captureLogs().logger });
    const sunset = new Date('2027-06-30T00:00:00Z');
    const since = new Date('2026-12-01T00:00:00Z');
    app.get('/old', deprecated({ sunset, since, link: 'https://docs.example/migrate' }), (c) =>
      c.json({ old: true }),
    );
    app.get('/new', (c) => c.json({ new: true }));
    const old = await app.request('/old');
    expect(old.headers.get('deprecation')).toBe(`@${since.getTime() / 1000}`);
    expect(old.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(old.headers.get('link')).toBe('<https://docs.example/migrate>; rel="deprecation"');
    expect(old.headers.get('api-version')).toBe('1');
    const fresh = await app.request('/new');
    expect(fresh.headers.get('deprecation')).toBeNull();
    expect(fresh.headers.get('sunset')).toBeNull();
  });

  it('refuses an invalid sunset date at creation', () => {
    expect(() => deprecated({ sunset: new Date('nope') })).toThrow(/sunset/);
  });
});
