/**
 * The local server as a child process for bench/http.ts (so the load generator and the server do not
 * share one event loop). Prints `LISTENING <url>` on stdout once it accepts connections.
 */
import { startLocalServer } from '../local/server.ts';

const server = await startLocalServer({ port: 0 });
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
