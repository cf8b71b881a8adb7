import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { up } from './index.ts';
import { runMigrations } from './migrations.ts';
import { ROOT } from './paths.ts';

type StartLocalServer = (opts: { port: number }) => Promise<unknown> | unknown;

/** `npm run local`: stack up, migrations, environment, then every function on one local server. */
export async function serve(): Promise<void> {
  const log = (line: string) => console.error(`[local] ${line}`);
  const values = await up();
  for (const [k, v] of Object.entries(values)) if (process.env[k] === undefined) process.env[k] = v;
  await runMigrations(values.DATABASE_OWNER_URL as string, log);
  const serverFile = join(ROOT, 'local/server.ts');
  if (!existsSync(serverFile)) {
    log('warning: local/server.ts not found yet; the stack is up but no API server was started');
    return;
  }
  const specifier = '../server.ts';
  const mod = (await import(specifier)) as { startLocalServer?: StartLocalServer };
  if (typeof mod.startLocalServer !== 'function') {
    throw new Error('local/server.ts must export startLocalServer({ port })');
  }
  const port = Number(process.env.PORT ?? 3000);
  await mod.startLocalServer({ port });
  console.log(
    `SCIP local API on http://127.0.0.1:${port}  (docs: /docs; Ctrl-C stops the server, the stack keeps running)`,
  );
}
