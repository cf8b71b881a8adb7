import { describe, expect, it } from 'vitest';
import { ScriptRegistry, sha1 } from './scripts.ts';

describe('ScriptRegistry', () => {
  it('drops flags Redis does not know and maps the original hash to the rewritten one', () => {
    const registry = new ScriptRegistry();
    const original = '#!lua flags=allow-key-locking\nreturn 1';
    const rewritten = registry.prepare(original);
    expect(rewritten).toBe('\nreturn 1');
    expect(registry.resolve(sha1(original))).toBe(sha1(rewritten));
  });

  it('keeps flags Redis knows', () => {
    const registry = new ScriptRegistry();
    expect(registry.prepare('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    );
    expect(registry.prepare('#!lua flags=no-writes\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
  });

  it('leaves plain scripts and unknown hashes alone', () => {
    const registry = new ScriptRegistry();
    expect(registry.prepare('return 1')).toBe('return 1');
    expect(registry.resolve('abc')).toBe('abc');
  });
});
