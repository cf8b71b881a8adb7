import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEnv } from '@scip/config';
import { closeSql, createSql, setDbLogger, setSql } from '@scip/db';
import { AppError } from '@scip/errors';
import { type ParsedArgs, parseArgs } from './args.ts';
import * as ApiKey from './commands/api-key.ts';
import * as Audit from './commands/audit.ts';
import * as Mfa from './commands/mfa.ts';
import * as Org from './commands/org.ts';
import * as User from './commands/user.ts';
import { toCliError } from './output.ts';

/**
 * Operator CLI: `npm run admin -- <command>`. One JSON object on stdout per command; on failure
 * `{ "error": { "code", "message" } }` on stderr and exit code 1 (`audit verify` finding a broken
 * chain, and `mfa rekey` leaving secrets no key opens, print their result on stdout and exit 1).
 * Runs as app_admin (DATABASE_ADMIN_URL) under a system actor, so every change is audited.
 */
type Command = (args: ParsedArgs) => Promise<object | { result: object; exitCode: number }>;

const COMMANDS: Record<string, Command> = {
  'org create': Org.create,
  'org list': Org.list,
  'user create': User.create,
  'user list': User.list,
  'user disable': User.disable,
  'audit verify': Audit.verify,
  'api-key create': ApiKey.create,
  'api-key list': ApiKey.list,
  'api-key revoke': ApiKey.revoke,
  'api-key rotate': ApiKey.rotate,
  'mfa rekey': Mfa.rekey,
};

const USAGE = `commands: ${Object.keys(COMMANDS).join(' | ')}`;

/**
 * Installs realtime's event handlers (`session.revoked`/`user.disabled` drop MQTT clients,
 * `organization.created` creates the broker roles) when that package provides them.
 */
async function installRevocation(): Promise<void> {
  if (!existsSync(join(import.meta.dirname, '../../realtime/src/revocation.ts'))) return;
  const specifier = '@scip/realtime/revocation';
  await import(specifier);
}

async function run(
  argv: readonly string[],
): Promise<{ result: object; exitCode: number; warnings: string[] }> {
  const args = parseArgs(argv);
  const name = args.words.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command || args.words.length !== 2)
    throw new AppError('validation_failed', `unknown command "${args.words.join(' ')}"; ${USAGE}`);
  const url = useEnv().DATABASE_ADMIN_URL;
  if (!url) throw new AppError('validation_failed', 'DATABASE_ADMIN_URL is not set');
  const warnings: string[] = [];
  setDbLogger({
    debug: () => {},
    error: (obj, msg) => warnings.push(`${msg}: ${(obj as { err?: Error }).err?.message}`),
  });
  setSql(createSql({ url, max: 2, queryLog: false }));
  if (name === 'user disable' || name === 'org create') await installRevocation();
  const out = await command(args);
  return 'exitCode' in out
    ? { ...(out as { result: object; exitCode: number }), warnings }
    : { result: out, exitCode: 0, warnings };
}

async function main(): Promise<number> {
  try {
    const { result, exitCode, warnings } = await run(process.argv.slice(2));
    process.stdout.write(`${JSON.stringify(warnings.length ? { ...result, warnings } : result)}\n`);
    return exitCode;
  } catch (error) {
    process.stderr.write(`${JSON.stringify(toCliError(error))}\n`);
    return 1;
  } finally {
    await closeSql().catch(() => {});
  }
}

main().then((code) => process.exit(code));
