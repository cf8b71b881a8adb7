import { describe, expect, it } from 'vitest';
import { handler } from './sweep.ts';

describe('scheduled realtime maintenance', () => {
  it('runs the sweep and the connection audit as one scheduled handler', async () => {
    const result = await handler();
    expect(result).toMatchObject({ checked: expect.any(Number), deleted: expect.any(Number), failed: 0 });
    expect(result.audit).toMatchObject({ recorded: expect.any(Number) });
  });
});
