export type QoS = 0 | 1 | 2;

import { parseTopic } from './topics.ts';

/**
 * QoS per message kind:
 *
 * | topic | QoS | why |
 * |---|---|---|
 * | `org/{org}/exercise/{ex}/control` | 1 | commands must arrive (at least once; consumers dedupe on envelope `id`) |
 * | `org/{org}/events` | 1 | domain events and presence must arrive |
 * | `org/{org}/exercise/{ex}/team/{team}/feeds/{type}` | 0 by default, 1 for types in `RELIABLE_FEEDS` | high-rate, superseded by the next message; chat-like feeds need delivery |
 * | `system/health` | 0 | periodic, the next one supersedes it |
 */
export const RELIABLE_FEEDS: ReadonlySet<string> = new Set(['chat', 'injects', 'messages']);

export function qosFor(topic: string): QoS {
  const parsed = parseTopic(topic);
  if (!parsed || parsed.kind === 'health') return 0;
  if (parsed.kind === 'feed') return RELIABLE_FEEDS.has(parsed.feedType) ? 1 : 0;
  return 1;
}
