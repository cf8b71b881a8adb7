/**
 * Parser for Mosquitto 2.0 connection log lines (`connection_messages true`, log types notice and up).
 * What 2.0.11 writes, verified on this machine:
 *
 *   New connection from 127.0.0.1:52098 on port 51883.
 *   New client connected from 127.0.0.1:52098 as scip-c-… (p5, c1, k60, u'scip-s-…').
 *   Client scip-c-… disconnected.              | Client … closed its connection.
 *   Client scip-c-… been disconnected by administrative action.   (dynsec delete/disable/modify)
 *   Client … has exceeded timeout, disconnecting.
 *   Client <unknown> disconnected, not authorised.   (a refused CONNECT: no client id, no username)
 *
 * Timestamps: `log_timestamp_format %Y-%m-%dT%H:%M:%S` (the local stack) or the default epoch seconds.
 */
export type ConnectionEventKind =
  | 'connected'
  | 'disconnected'
  | 'kicked'
  | 'timeout'
  | 'auth_failed'
  | 'socket';

export interface ConnectionEvent {
  kind: ConnectionEventKind;
  at: Date;
  clientId?: string;
  username?: string;
  /** `ip:port` of the peer when the line names it. */
  peer?: string;
}

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}|\d{9,11}): (.*)$/;
const RULES: [RegExp, (m: RegExpExecArray) => Omit<ConnectionEvent, 'at'>][] = [
  [/^New connection from (\S+) on port \d+\.$/, (m) => ({ kind: 'socket', peer: m[1] })],
  [
    /^New client connected from (\S+) as (.+) \(p\d, c\d, k\d+(?:, u'(.*)')?\)\.$/,
    (m) => ({
      kind: 'connected',
      peer: m[1],
      clientId: m[2],
      ...(m[3] === undefined ? {} : { username: m[3] }),
    }),
  ],
  [/^Client (.+) been disconnected by administrative action\.$/, (m) => ({ kind: 'kicked', clientId: m[1] })],
  [/^Client (.+) has exceeded timeout, disconnecting\.$/, (m) => ({ kind: 'timeout', clientId: m[1] })],
  [
    /^Client (.+) disconnected, not authori[sz]ed\.$/,
    (m) => (m[1] === '<unknown>' ? { kind: 'auth_failed' } : { kind: 'auth_failed', clientId: m[1] }),
  ],
  [
    /^Client (.+) (?:disconnected|closed its connection)\.$/,
    (m) => ({ kind: 'disconnected', clientId: m[1] }),
  ],
];

function parseStamp(stamp: string): Date {
  // ISO stamps are written in the broker's local time; the stack runs in UTC.
  return /^\d+$/.test(stamp) ? new Date(Number(stamp) * 1000) : new Date(`${stamp}Z`);
}

/** One log line → a connection event, or null for anything else. */
export function parseLogLine(line: string): ConnectionEvent | null {
  const stamped = STAMP.exec(line.trimEnd());
  if (!stamped?.[1] || stamped[2] === undefined) return null;
  for (const [pattern, build] of RULES) {
    const m = pattern.exec(stamped[2]);
    if (m) return { ...build(m), at: parseStamp(stamped[1]) };
  }
  return null;
}

/**
 * Parses a run of lines. A refused CONNECT names no client, so it inherits the peer of the preceding
 * unmatched `New connection from` line (Mosquitto handles one connection's CONNECT right after
 * accepting it, so on a quiet broker this is the right peer; under load it is the best available).
 */
export function parseLog(lines: readonly string[]): ConnectionEvent[] {
  const events: ConnectionEvent[] = [];
  let pendingPeer: string | undefined;
  for (const line of lines) {
    const event = parseLogLine(line);
    if (!event) continue;
    if (event.kind === 'socket') {
      pendingPeer = event.peer;
      continue;
    }
    if (event.kind === 'connected') pendingPeer = undefined;
    if (event.kind === 'auth_failed' && !event.peer && pendingPeer) {
      events.push({ ...event, peer: pendingPeer });
      pendingPeer = undefined;
      continue;
    }
    events.push(event);
  }
  return events;
}
