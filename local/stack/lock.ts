import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIRS } from './paths.ts';
import { isAlive, StackError } from './process.ts';

const LOCK = `${DIRS.run}/stack.lock`;

/**
 * Serialises `up`/`down` of one checkout (vitest's globalSetup and a terminal may race).
 * The lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
export async function withStackLock<T>(fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  mkdirSync(DIRS.run, { recursive: true, mode: 0o755 });
  const start = Date.now();
  const deadline = start + timeoutMs;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const owner = Number(safeRead(LOCK));
      // An empty file is a lock being written right now: wait for it like for a live owner.
      if (owner > 0 && !isAlive(owner)) rmSync(LOCK, { force: true });
      else if (Date.now() > deadline) throw new StackError(`stack is locked by pid ${owner} (${LOCK})`);
      else await sleep(200);
    }
  }
  if (Date.now() - start > 1_000) console.error(`[stack] waited ${Date.now() - start} ms for ${LOCK}`);
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
