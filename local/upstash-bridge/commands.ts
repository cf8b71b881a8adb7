import { type ScriptRegistry, sha1 } from './scripts.ts';

/** A command ready for Redis; `finish` adjusts the raw reply where the bridge rewrote the request. */
export interface PreparedCommand {
  name: string;
  args: string[];
  finish?: (reply: unknown) => unknown;
}

/** A request the bridge refuses before it reaches Redis; answered like a Redis error. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

// Commands that would block, or change the state of, the connection every request shares.
const REFUSED = new Set([
  'auth',
  'hello',
  'select',
  'quit',
  'reset',
  'client',
  'monitor',
  'sync',
  'psync',
  'replicaof',
  'slaveof',
  'shutdown',
  'debug',
  'multi',
  'exec',
  'discard',
  'watch',
  'unwatch',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
  'blmpop',
  'bzpopmin',
  'bzpopmax',
  'bzmpop',
  'wait',
  'waitaof',
]);

function toArg(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? 'null';
}

/** Validates one JSON command (`["SET", "k", "v"]`) and applies the bridge's script rewrites. */
export function prepareCommand(raw: unknown, scripts: ScriptRegistry): PreparedCommand {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new CommandError('ERR a command must be a non-empty JSON array');
  }
  const [head, ...rest] = raw.map(toArg);
  const name = (head ?? '').toLowerCase();
  if (REFUSED.has(name)) throw new CommandError(`ERR Command is not available: '${name}'`);
  const args = rest;
  if ((name === 'eval' || name === 'eval_ro') && args[0] !== undefined) {
    args[0] = scripts.prepare(args[0]);
  } else if ((name === 'evalsha' || name === 'evalsha_ro') && args[0] !== undefined) {
    args[0] = scripts.resolve(args[0]);
  } else if (name === 'script') {
    return prepareScriptCommand(args, scripts);
  }
  return { name, args };
}

function prepareScriptCommand(args: string[], scripts: ScriptRegistry): PreparedCommand {
  const sub = (args[0] ?? '').toLowerCase();
  if (sub === 'load' && args[1] !== undefined) {
    const original = args[1];
    // Redis answers with the hash of the rewritten text; the client expects the hash of what it sent.
    return {
      name: 'script',
      args: ['load', scripts.prepare(original)],
      finish: () => Buffer.from(sha1(original)),
    };
  }
  if (sub === 'exists') {
    return { name: 'script', args: ['exists', ...args.slice(1).map((sha) => scripts.resolve(sha))] };
  }
  return { name: 'script', args };
}
