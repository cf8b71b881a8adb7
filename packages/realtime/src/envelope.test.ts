import { withRequest } from '@scip/context';
import { describe, expect, it } from 'vitest';
import { assertEnvelopeForTopic, createEnvelope, decodeEnvelope } from './envelope.ts';
import { qosFor } from './qos.ts';
import { controlTopic, feedTopic, HEALTH_TOPIC, orgEventsTopic } from './topics.ts';

describe('envelope', () => {
  it('builds a v1 envelope with the ambient request id as correlation id', () => {
    const env = withRequest({ requestId: 'req-1' }, () =>
      createEnvelope({ org: 'o1', type: 'exercise.started', data: { a: 1 } }),
    );
    expect(env).toMatchObject({
      v: 1,
      org: 'o1',
      type: 'exercise.started',
      correlation_id: 'req-1',
      data: { a: 1 },
    });
    expect(() => assertEnvelopeForTopic(orgEventsTopic('o1'), env)).not.toThrow();
  });

  it('refuses an envelope whose org differs from the topic', () => {
    const env = createEnvelope({ org: 'o1', type: 'a.b' });
    expect(() => assertEnvelopeForTopic(orgEventsTopic('o2'), env)).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(decodeEnvelope(orgEventsTopic('o2'), JSON.stringify(env))).toBeNull();
  });

  it.each([
    ['unknown version', { v: 2 }],
    ['bad type', { type: 'NoDots' }],
    ['missing data', { data: undefined }],
    ['bad id', { id: 'x' }],
  ])('decodes %s as null', (_name, patch) => {
    const env = { ...createEnvelope({ org: 'o1', type: 'a.b' }), ...patch };
    expect(decodeEnvelope(orgEventsTopic('o1'), JSON.stringify(env))).toBeNull();
  });

  it('decodes garbage as null', () => {
    expect(decodeEnvelope(orgEventsTopic('o1'), '{not json')).toBeNull();
  });

  it('uses org "system" on system topics', () => {
    const env = createEnvelope({ org: 'system', type: 'health.ping' });
    expect(decodeEnvelope(HEALTH_TOPIC, JSON.stringify(env))).toEqual(env);
  });
});

describe('qosFor', () => {
  it('documents QoS per kind', () => {
    expect(qosFor(controlTopic('o', 'e'))).toBe(1);
    expect(qosFor(orgEventsTopic('o'))).toBe(1);
    expect(qosFor(feedTopic('o', 'e', 't', 'gps'))).toBe(0);
    expect(qosFor(feedTopic('o', 'e', 't', 'chat'))).toBe(1);
    expect(qosFor(HEALTH_TOPIC)).toBe(0);
  });
});
