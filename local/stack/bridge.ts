import { existsSync } from 'node:fs';
import { CONFIG, HOST, logFile, PORTS, pidFile, ROOT } from './paths.ts';
import { assertPortFree } from './ports.ts';
import { isAlive, readPid, StackError, spawnDetached, stopPid, waitFor } from './process.ts';

export interface BridgeInstance {
  name: string;
  port: number;
  redisUrl: string;
  token: string;
}

export const bridgeUrl = (port: number = PORTS.bridge) => `http://${HOST}:${port}`;

/** True when the bridge answers an authenticated PING with PONG. */
export async function bridgeAnswers(port: number, token: string): Promise<boolean> {
  try {
    const res = await fetch(bridgeUrl(port), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(['PING']),
      signal: AbortSignal.timeout(1_000),
    });
    const body = (await res.json()) as { result?: unknown };
    return res.ok && body.result === 'PONG';
  } catch {
    return false;
  }
}

/** Runs H2's bridge (local/upstash-bridge/server.ts) as a detached node process. */
export async function startBridgeInstance(inst: BridgeInstance): Promise<number> {
  if (!existsSync(CONFIG.bridgeServer)) throw new StackError(`${CONFIG.bridgeServer} is missing`);
  const log = logFile(inst.name);
  const pid = spawnDetached(process.execPath, ['--import', 'tsx', CONFIG.bridgeServer], {
    cwd: ROOT,
    pidFile: pidFile(inst.name),
    logFile: log,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      REDIS_URL: inst.redisUrl,
      UPSTASH_REDIS_REST_TOKEN: inst.token,
      BRIDGE_PORT: String(inst.port),
      BRIDGE_HOST: HOST,
    },
  });
  await waitFor(`upstash bridge on ${bridgeUrl(inst.port)}`, () => bridgeAnswers(inst.port, inst.token), {
    timeoutMs: 20_000,
    hint: `see ${log}`,
  });
  return pid;
}

export async function startBridge(
  redisUrl: string,
  token: string,
): Promise<'started' | 'reused' | 'skipped'> {
  const inst = { name: 'upstash-bridge', port: PORTS.bridge, redisUrl, token };
  if (!existsSync(CONFIG.bridgeServer)) {
    console.warn(`[stack] warning: ${CONFIG.bridgeServer} not found; Upstash REST bridge skipped`);
    return 'skipped';
  }
  if (isAlive(readPid(pidFile(inst.name))) && (await bridgeAnswers(inst.port, token))) return 'reused';
  await stopPid(pidFile(inst.name));
  await assertPortFree('upstash bridge', inst.port);
  await startBridgeInstance(inst);
  return 'started';
}

export const stopBridge = (name = 'upstash-bridge') => stopPid(pidFile(name));
