import {
  type Attributes,
  type AttributeValue,
  type Span,
  type SpanContext,
  type SpanStatus,
  TraceFlags,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/** A finished span as the recording provider saw it. */
export interface RecordedSpan {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  exceptions: unknown[];
  ended: boolean;
}

/**
 * The smallest TracerProvider that keeps what it is given, standing in for an OpenTelemetry SDK
 * (which the project deliberately does not ship): it lets tests see the spans the middleware makes.
 */
export function recordingTracerProvider(): TracerProvider & { spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = [];
  const makeSpan = (name: string, attributes: Attributes = {}): Span => {
    const record: RecordedSpan = { name, attributes: { ...attributes }, exceptions: [], ended: false };
    spans.push(record);
    const context: SpanContext = {
      traceId: `${'0'.repeat(31)}1`,
      spanId: `${'0'.repeat(15)}1`,
      traceFlags: TraceFlags.SAMPLED,
    };
    const span: Span = {
      spanContext: () => context,
      setAttribute: (key: string, value: AttributeValue) => {
        record.attributes[key] = value;
        return span;
      },
      setAttributes: (more: Attributes) => {
        Object.assign(record.attributes, more);
        return span;
      },
      addEvent: () => span,
      addLink: () => span,
      addLinks: () => span,
      setStatus: (status: SpanStatus) => {
        record.status = status;
        return span;
      },
      updateName: (next: string) => {
        record.name = next;
        return span;
      },
      end: () => {
        record.ended = true;
      },
      isRecording: () => !record.ended,
      recordException: (exception: unknown) => {
        record.exceptions.push(exception);
      },
    };
    return span;
  };
  const tracer = {
    startSpan: (name: string, options?: { attributes?: Attributes }) => makeSpan(name, options?.attributes),
    startActiveSpan: (name: string, ...rest: unknown[]) => {
      const fn = rest.at(-1) as (span: Span) => unknown;
      const options = (rest.length > 1 ? rest[0] : {}) as { attributes?: Attributes };
      return fn(makeSpan(name, options.attributes));
    },
  } as Tracer;
  return { spans, getTracer: () => tracer };
}
