import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type RunAs, StackError } from './process.ts';

/** Creates a directory owned by a service user (postgres, mosquitto). */
export function ownedDir(path: string, as: RunAs, mode = 0o700): void {
  mkdirSync(path, { recursive: true });
  chownSync(path, as.uid, as.gid);
  chmodSync(path, mode);
}

function canRead(user: string, path: string): boolean {
  try {
    execFileSync('runuser', ['-u', user, '--', 'test', '-r', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Service users must reach files inside the checkout. A checkout under a private directory
 * (e.g. `mktemp -d`, mode 700) blocks them; with `fix` (CI or --install) we add only the search bit
 * (o+x, no listing) to the blocking ancestors, otherwise we say exactly what to run.
 */
export function ensureReadableBy(user: string, path: string, fix: boolean): void {
  if (canRead(user, path)) return;
  const blocking: string[] = [];
  for (let dir = dirname(path); dir !== '/'; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) blocking.push(dir);
  }
  if (!fix) {
    throw new StackError(
      `user ${user} cannot read ${path}: ${blocking.join(', ') || 'a parent directory'} lacks the search bit.\n` +
        `Run: chmod o+x ${blocking.join(' ')}  (or pass --install / SCIP_INSTALL=1 to let the stack do it)`,
    );
  }
  for (const dir of blocking) {
    chmodSync(dir, statSync(dir).mode | 0o001);
    console.error(`[stack] chmod o+x ${dir} so that ${user} can reach the checkout`);
  }
  if (!canRead(user, path)) throw new StackError(`user ${user} still cannot read ${path}`);
}
