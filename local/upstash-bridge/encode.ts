/**
 * Turns a raw RESP2 reply (Buffers, numbers, nulls, nested arrays) into the JSON value Upstash sends.
 *
 * With `Upstash-Encoding: base64` the client base64-decodes every string it receives, recursively inside
 * arrays, except the literal `OK`; so every string is encoded (status replies such as `PONG` included),
 * numbers and nulls stay as they are.
 */
export function encodeReply(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return encodeString(value, base64);
  if (typeof value === 'string') return encodeString(Buffer.from(value), base64);
  if (Array.isArray(value)) return value.map((item) => encodeReply(item, base64));
  // A nested error (for example inside a Lua table reply) travels as its message, as Upstash does.
  if (value instanceof Error) return value.message;
  // ioredis on RESP2 never yields maps, but flatten one defensively rather than send `{}`.
  if (value instanceof Map) return encodeReply([...value.entries()].flat(), base64);
  if (typeof value === 'object') return encodeReply(Object.entries(value).flat(), base64);
  return String(value);
}

function encodeString(bytes: Buffer, base64: boolean): string {
  if (!base64) return bytes.toString('utf8');
  if (bytes.length === 2 && bytes[0] === 0x4f && bytes[1] === 0x4b) return 'OK';
  return bytes.toString('base64');
}
