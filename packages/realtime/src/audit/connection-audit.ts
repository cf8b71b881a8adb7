import { open, stat } from 'node:fs/promises';
import { useEnv } from '@scip/config';
import { withActor } from '@scip/context';
import { Audit } from '@scip/core';
import { useRedis } from '@scip/kv';
import { realtimeLogger } from '../logger.ts';
import { SESSION_CLIENT_PREFIX, sessionIdOfClientId } from '../session-client.ts';
import { type SessionState, sessionStates } from '../session-state.ts';
import { type ConnectionEvent, parseLog } from './log-lines.ts';

export interface ConnectionAuditOptions {
  /** The broker's log file (MQTT_LOG_FILE). */
  file?: string;
  /** Where the read position is kept (Redis key); tests use their own. */
  cursorKey?: string;
  /** Most bytes read per run (the rest waits for the next run). */
  maxBytes?: number;
}

export interface ConnectionAuditResult {
  lines: number;
  recorded: number;
  authFailures: number;
  /** Connections of platform-internal identities (publisher, admin): counted, not recorded one by one. */
  internal: number;
  skipped?: string;
}

interface Cursor {
  ino: number;
  offset: number;
}

/**
 * Connection audit for the Mosquitto adapter, run as a job (with the sweep): reads the broker log from
 * where the last run stopped (rotation/truncation restarts at 0), turns connection lines into audit
 * entries in the organization of the session they belong to (client id → session → org, user):
 * `realtime.connection.connected|disconnected|kicked|timeout`. Refused CONNECTs carry no client id or
 * username in Mosquitto 2.0.11's log, so they are logged with the peer address and counted
 * (`realtime.connection.auth_failed`), not charged to an organization. The IoT Core adapter audits in the
 * authorizer instead.
 */
export async function runConnectionAudit(
  options: ConnectionAuditOptions = {},
): Promise<ConnectionAuditResult> {
  const file = options.file ?? useEnv().MQTT_LOG_FILE;
  const empty = { lines: 0, recorded: 0, authFailures: 0, internal: 0 };
  if (!file) return { ...empty, skipped: 'MQTT_LOG_FILE is not set' };
  const key = options.cursorKey ?? 'realtime:connection-audit:cursor';
  const redis = useRedis();
  // One runner at a time; a crashed runner's lock expires.
  if ((await redis.set(`${key}:lock`, '1', { nx: true, ex: 60 })) !== 'OK')
    return { ...empty, skipped: 'locked' };
  try {
    const info = await stat(file);
    const saved = await redis.get<Cursor>(key);
    const from = saved && saved.ino === info.ino && saved.offset <= info.size ? saved.offset : 0;
    const { lines, consumed } = await readLines(
      file,
      from,
      Math.min(info.size, from + (options.maxBytes ?? 4_000_000)),
    );
    const result = await record(parseLog(lines));
    await redis.set(key, { ino: info.ino, offset: from + consumed });
    return { ...result, lines: lines.length };
  } finally {
    await redis.del(`${key}:lock`);
  }
}

/** Complete lines between `from` and `to`; a trailing partial line is left for the next run. */
async function readLines(file: string, from: number, to: number) {
  if (to <= from) return { lines: [] as string[], consumed: 0 };
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    return {
      lines: text.slice(0, end).split('\n').filter(Boolean),
      consumed: Buffer.byteLength(text.slice(0, end)),
    };
  } finally {
    await handle.close();
  }
}

async function record(events: ConnectionEvent[]): Promise<Omit<ConnectionAuditResult, 'lines'>> {
  const sessionIds = events.map((e) => (e.clientId ? sessionIdOfClientId(e.clientId) : undefined));
  const states = await sessionStates(sessionIds.filter((s): s is string => s !== undefined));
  let recorded = 0;
  let authFailures = 0;
  let internal = 0;
  for (const [i, event] of events.entries()) {
    if (event.kind === 'auth_failed') {
      authFailures++;
      realtimeLogger().warn(
        { peer: event.peer ?? null, client_id: event.clientId ?? null, at: event.at },
        'realtime.connection.auth_failed',
      );
      continue;
    }
    const sessionId = sessionIds[i];
    const state = sessionId ? states.get(sessionId) : undefined;
    if (!state) {
      if (!event.clientId?.startsWith(SESSION_CLIENT_PREFIX)) internal++;
      continue;
    }
    await audit(event, state);
    recorded++;
  }
  return { recorded, authFailures, internal };
}

function audit(event: ConnectionEvent, state: SessionState) {
  return withActor({ type: 'system', reason: 'realtime.connection-audit', orgId: state.orgId }, () =>
    Audit.record({
      type: `realtime.connection.${event.kind}`,
      severity: event.kind === 'connected' || event.kind === 'disconnected' ? 'info' : 'notice',
      details: {
        client_id: event.clientId ?? null,
        username: event.username ?? null,
        user_id: state.userId,
        session_id: state.sessionId,
        peer: event.peer ?? null,
        at: event.at.toISOString(),
      },
    }),
  );
}
