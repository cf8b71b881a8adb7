import { describe, expect, it } from 'vitest';
import { parseLog, parseLogLine } from './log-lines.ts';

describe('Mosquitto connection log lines', () => {
  it('parses connects with client id, username and peer (ISO and epoch stamps)', () => {
    expect(
      parseLogLine(
        "2026-11-27T00:42:03: New client connected from 127.0.0.1:33104 as scip-c-51aa (p5, c1, k60, u'scip-s-51aa').",
      ),
    ).toEqual({
      kind: 'connected',
      at: new Date('2026-11-27T00:42:03Z'),
      peer: '127.0.0.1:33104',
      clientId: 'scip-c-51aa',
      username: 'scip-s-51aa',
    });
    expect(parseLogLine('1795739715: Client myclient disconnected.')).toEqual({
      kind: 'disconnected',
      at: new Date(1795739715 * 1000),
      clientId: 'myclient',
    });
  });

  it.each([
    ['Client a been disconnected by administrative action.', 'kicked'],
    ['Client a closed its connection.', 'disconnected'],
    ['Client a has exceeded timeout, disconnecting.', 'timeout'],
    ['Client a disconnected, not authorised.', 'auth_failed'],
  ])('classifies %j as %s', (text, kind) => {
    expect(parseLogLine(`2026-11-27T00:00:00: ${text}`)?.kind).toBe(kind);
  });

  it('ignores other lines', () => {
    expect(parseLogLine('2026-11-27T00:00:00: Saving in-memory database to /x.')).toBeNull();
    expect(parseLogLine('2026-11-27T00:00:00: dynsec: a/b | deleteClient | username=x')).toBeNull();
    expect(parseLogLine('garbage')).toBeNull();
  });

  it('gives a refused CONNECT the peer of its socket line', () => {
    expect(
      parseLog([
        '2026-11-27T00:00:00: New connection from 127.0.0.1:1111 on port 51883.',
        '2026-11-27T00:00:00: Client <unknown> disconnected, not authorised.',
      ]),
    ).toEqual([{ kind: 'auth_failed', at: new Date('2026-11-27T00:00:00Z'), peer: '127.0.0.1:1111' }]);
  });
});
