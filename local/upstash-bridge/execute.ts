import { Command, type Pipeline, type Redis, ReplyError } from 'ioredis';
import { CommandError, type PreparedCommand, prepareCommand } from './commands.ts';
import { encodeReply } from './encode.ts';
import type { ScriptRegistry } from './scripts.ts';

export type Outcome = { result: unknown } | { error: string };

const identity = (reply: unknown) => reply;

/**
 * A command whose reply stays raw: Buffers (base64 needs the bytes) and no ioredis reply transformer
 * (it turns HGETALL into an object, losing binary field names). `transformReply` is private in the
 * typings, hence the cast.
 */
function toCommand(c: PreparedCommand): Command {
  const command = new Command(c.name, c.args, { replyEncoding: null });
  (command as unknown as { transformReply: typeof identity }).transformReply = identity;
  return command;
}

/** A Redis error reply (or a refused command): the request was fine, the command failed. */
export function isCommandFailure(error: unknown): error is Error {
  return error instanceof ReplyError || error instanceof CommandError;
}

/** Runs commands on one shared ioredis connection and encodes the replies the Upstash way. */
export class Executor {
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRegistry,
  ) {}

  /** One command; Redis error replies reject (the caller answers 400). */
  async one(raw: unknown, base64: boolean): Promise<unknown> {
    const command = prepareCommand(raw, this.scripts);
    const reply = await this.redis.sendCommand(toCommand(command));
    return encodeReply(command.finish ? command.finish(reply) : reply, base64);
  }

  /** Independent commands in order; a failing command yields `{error}` in its slot, the others still run. */
  async pipeline(raws: unknown[], base64: boolean): Promise<Outcome[]> {
    return Promise.all(
      raws.map(async (raw): Promise<Outcome> => {
        try {
          return { result: await this.one(raw, base64) };
        } catch (error) {
          if (isCommandFailure(error)) return { error: error.message };
          throw error;
        }
      }),
    );
  }

  /** MULTI … EXEC. A command Redis refuses while queueing aborts the whole transaction (rejects). */
  async transaction(raws: unknown[], base64: boolean): Promise<Outcome[]> {
    const commands = raws.map((raw) => prepareCommand(raw, this.scripts));
    const multi = this.redis.multi() as Pipeline;
    for (const command of commands) multi.sendCommand(toCommand(command));
    const replies = (await multi.exec()) ?? [];
    return replies.map(([error, reply], i): Outcome => {
      if (error) return { error: error.message };
      const finish = commands[i]?.finish;
      return { result: encodeReply(finish ? finish(reply) : reply, base64) };
    });
  }
}
