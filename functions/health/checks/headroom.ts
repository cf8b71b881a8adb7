import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { BelowThreshold, type ReadyCheck } from './check.ts';

/** Warn when headroom is under this many times the critical threshold. */
const WARN_FACTOR = 5;

function judge(what: string, freeBytes: number, totalBytes: number, minFreePercent: number) {
  const freePercent = totalBytes > 0 ? Math.round((freeBytes / totalBytes) * 10_000) / 100 : 0;
  const details: Record<string, unknown> = {
    free_bytes: freeBytes,
    total_bytes: totalBytes,
    free_percent: freePercent,
  };
  if (freePercent < minFreePercent) {
    throw new BelowThreshold(`${what} headroom ${freePercent}% < ${minFreePercent}%`, details);
  }
  if (freePercent < minFreePercent * WARN_FACTOR) details.warning = `${what} headroom is low`;
  return details;
}

/** Free space on the file system holding `path` (the working directory; /tmp on Lambda). */
export function diskCheck(path: string, minFreePercent: number): ReadyCheck {
  return {
    name: 'disk',
    required: true,
    async run() {
      const stats = await statfs(path);
      return judge('disk', stats.bavail * stats.bsize, stats.blocks * stats.bsize, minFreePercent);
    },
  };
}

/** Available memory of the machine (MemAvailable on Linux), plus this process's RSS for information. */
export function memoryCheck(minFreePercent: number): ReadyCheck {
  return {
    name: 'memory',
    required: true,
    async run() {
      const details = judge('memory', freemem(), totalmem(), minFreePercent);
      return { ...details, rss_bytes: process.memoryUsage.rss() };
    },
  };
}
