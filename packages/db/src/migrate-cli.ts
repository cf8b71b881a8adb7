import { migrate, migrationStatus } from './migrate.ts';

/**
 * `npm run db:migrate | db:rollback | db:status` — runs as the owner over DATABASE_OWNER_URL.
 * `db:rollback` undoes one migration; `npm run db:rollback -- 3` three, `-- all` every one.
 */
async function main(): Promise<void> {
  const [command = 'up', countArg] = process.argv.slice(2);
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set (try: eval "$(npm run --silent local:env)")');
  if (command === 'status') {
    for (const m of await migrationStatus(url)) {
      console.log(`${m.applied ? 'applied' : 'pending'}  ${m.name}${m.runOn ? `  ${m.runOn}` : ''}`);
    }
    return;
  }
  if (command !== 'up' && command !== 'down') throw new Error(`unknown command: ${command}`);
  const count = countArg === 'all' ? Number.POSITIVE_INFINITY : countArg ? Number(countArg) : undefined;
  if (count !== undefined && !(count > 0)) throw new Error(`count must be a positive number or "all"`);
  const ran = await migrate({ url, direction: command, count, log: (m) => console.error(m) });
  console.log(ran.length ? `${command}: ${ran.join(', ')}` : `${command}: nothing to do`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
