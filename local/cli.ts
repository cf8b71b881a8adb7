import { down, env, prepare, StackError, up } from './stack/index.ts';
import { status } from './stack/status.ts';

const USAGE = `usage: tsx local/cli.ts <command> [--install]
  up      start the native local stack (or reuse the running one)
  down    stop the stack started from this checkout (data stays in .local/)
  env     print the stack's settings as KEY=VALUE (also written to .local/runtime.env)
  status  what listens on each port of the stack, and whether this checkout started it
  serve   up + migrations + the local API server (npm run local)
  prepare generate secrets, the local CA and compose auth files without starting anything
          (then: docker compose -f docker-compose.local.yml --env-file .local/secrets.env up -d --wait)
  --install (or SCIP_INSTALL=1, or CI=true) lets the stack apt-get install missing system packages`;

const printEnv = (values: Record<string, string>) => {
  for (const [k, v] of Object.entries(values)) process.stdout.write(`${k}=${v}\n`);
};

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'up':
      await up();
      return;
    case 'down':
      await down();
      return;
    case 'env': {
      printEnv(env());
      const down = (await status()).filter((s) => !s.listening || !s.ours).map((s) => s.service);
      if (down.length > 0)
        console.error(`local stack: not running from this checkout: ${down.join(', ')} (npm run local:up)`);
      return;
    }
    case 'status':
      for (const s of await status()) {
        const state =
          s.ours && s.listening ? 'running' : s.listening ? `port held by ${s.holder}` : 'stopped';
        console.log(`${s.service.padEnd(15)} ${String(s.port).padEnd(6)} ${state}`);
      }
      return;
    case 'prepare':
      prepare();
      return;
    case 'serve': {
      const { serve } = await import('./stack/serve.ts');
      await serve();
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = command === undefined || command === '--help' ? 0 : 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  if (error instanceof StackError) console.error(`local stack: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
});
