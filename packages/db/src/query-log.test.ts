import { useEnv } from '@scip/config';
import { afterAll, describe, expect, it } from 'vitest';
import { setDbLogger } from './logger.ts';
import { maskParameter } from './query-log.ts';
import { createSql } from './sql.ts';

describe('query log', () => {
  it('masks parameters: ids and scalars stay, strings and structures do not', () => {
    expect(maskParameter('01a21a74-1a1a-71ad-86ed-3f75d1639d33')).toBe(
      '01a21a74-1a1a-71ad-86ed-3f75d1639d33',
    );
    expect(maskParameter('$argon2id$v=19$m=19456,t=2,p=1$secret')).toBe('[string:37]');
    expect(maskParameter('ana@example.test')).toBe('[string:16]');
    expect(maskParameter(42)).toBe('42');
    expect(maskParameter(null)).toBeNull();
    expect(maskParameter(['a'])).toBe('[array:1]');
    expect(maskParameter({ password: 'x' })).toBe('[object]');
  });

  const sql = createSql({ url: useEnv().DATABASE_URL, max: 1, queryLog: true });
  afterAll(() => sql.end());

  it('logs each statement through the configured logger, never the clear-text parameter', async () => {
    const lines: Record<string, unknown>[] = [];
    setDbLogger({ debug: (obj) => lines.push(obj as Record<string, unknown>), error: () => {} });
    await sql`select ${'hunter2-very-secret'}::text as x, ${7}::int as n`;
    const line = lines.find((l) => String(l.query).includes('as x'));
    expect(line).toMatchObject({ query: 'select $1::text as x, $2::int as n', params: ['[string:19]', '7'] });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});
