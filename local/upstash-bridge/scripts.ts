import { createHash } from 'node:crypto';

/** Shebang flags real Redis 7 understands; anything else (Upstash's `allow-key-locking`) is dropped. */
const REDIS_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const MAX_ALIASES = 10_000;

export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * Upstash accepts `#!lua flags=allow-key-locking`, real Redis rejects the unknown flag. The bridge rewrites
 * the shebang before Redis sees the script, and remembers which hash the client computed for the original
 * text (`@upstash/ratelimit` ships precomputed hashes) so that EVALSHA with that hash finds the rewrite.
 */
export class ScriptRegistry {
  private readonly aliases = new Map<string, string>();

  /** Rewrites a script for Redis and records `sha1(original) → sha1(rewritten)` when they differ. */
  prepare(script: string): string {
    const rewritten = rewriteShebang(script);
    if (rewritten !== script) this.remember(sha1(script), sha1(rewritten));
    return rewritten;
  }

  /** The hash Redis knows for a hash the client sent (unchanged when it was never rewritten). */
  resolve(sha: string): string {
    return this.aliases.get(sha.toLowerCase()) ?? sha;
  }

  private remember(original: string, rewritten: string): void {
    if (this.aliases.size >= MAX_ALIASES) this.aliases.clear();
    this.aliases.set(original, rewritten);
  }
}

function rewriteShebang(script: string): string {
  if (!script.startsWith('#!')) return script;
  const end = script.indexOf('\n');
  const line = end === -1 ? script : script.slice(0, end);
  const rest = end === -1 ? '' : script.slice(end);
  const match = /^#!(\S+)(?:\s+flags=(\S*))?\s*$/.exec(line);
  if (!match) return script;
  const flags = (match[2] ?? '').split(',').filter((f) => f !== '');
  const kept = flags.filter((f) => REDIS_FLAGS.has(f));
  if (kept.length === flags.length) return script;
  // No flag left: drop the shebang (keeping the newline, so error line numbers stay right), which gives
  // the script the legacy EVAL semantics Upstash scripts were written against.
  return kept.length === 0 ? rest : `#!${match[1]} flags=${kept.join(',')}${rest}`;
}
