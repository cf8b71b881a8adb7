import { randomUUID } from 'node:crypto';
import { maybeRequest } from '@scip/context';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { orgOfTopic } from './topics.ts';

/**
 * The message envelope, validated on both ends (publisher before sending, subscribers on receipt).
 *
 * Versioning rule for `v`: `v` is the envelope's MAJOR version. Additive changes (a new `type`, a new
 * optional key inside `data`) keep `v`. Anything a v-1 consumer could misread (renaming or removing an
 * envelope key, changing a key's meaning or type) bumps `v`; during the migration window publishers send
 * both versions on the same topic and consumers drop versions they do not know (they never guess).
 */
export const ENVELOPE_VERSION = 1;

export const Envelope = z.object({
  v: z.literal(ENVELOPE_VERSION),
  id: z.uuid(),
  ts: z.iso.datetime({ offset: true }),
  org: z.string().min(1).max(128),
  /** Dotted, lower-case: `exercise.started`, `presence.offline`, `feed.message`. */
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
    .max(100),
  correlation_id: z.string().min(1).max(128),
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;

/**
 * Builds a valid envelope; `correlation_id` defaults to the ambient request id (else the envelope id).
 *
 * @example createEnvelope({ org, type: 'exercise.started', data: { exercise_id } })
 */
export function createEnvelope(input: {
  org: string;
  type: string;
  data?: Record<string, unknown>;
  correlationId?: string;
}): Envelope {
  const id = randomUUID();
  return Envelope.parse({
    v: ENVELOPE_VERSION,
    id,
    ts: new Date().toISOString(),
    org: input.org,
    type: input.type,
    correlation_id: input.correlationId ?? maybeRequest()?.requestId ?? id,
    data: input.data ?? {},
  });
}

/**
 * Checks an envelope against the topic it travels on: valid shape, and the same org as the topic
 * (`system/*` topics carry `org: "system"`). Throws AppError('validation_failed').
 */
export function assertEnvelopeForTopic(topic: string, envelope: unknown): Envelope {
  const parsed = Envelope.safeParse(envelope);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'Invalid realtime envelope', {
      extra: { errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  const expected = orgOfTopic(topic) ?? (topic.startsWith('system/') ? 'system' : undefined);
  if (parsed.data.org !== expected) {
    throw new AppError('validation_failed', 'Envelope org does not match the topic', {
      extra: { errors: [{ path: 'org', message: 'must equal the topic organization' }] },
    });
  }
  return parsed.data;
}

/** Subscriber side: decode a payload; `null` for anything invalid (consumers drop, never guess). */
export function decodeEnvelope(topic: string, payload: Buffer | string): Envelope | null {
  try {
    return assertEnvelopeForTopic(topic, JSON.parse(payload.toString()));
  } catch {
    return null;
  }
}
