import type { Env } from '@scip/config';
import { createSql, type Sql, useSql } from '@scip/db';
import { createRedis, useRedis } from '@scip/kv/client';
import type { Redis } from '@upstash/redis';
import type { ReadyCheck } from './check.ts';
import { databaseCheck } from './database.ts';
import { diskCheck, memoryCheck } from './headroom.ts';
import { mqttCheck } from './mqtt.ts';
import { redisCheck } from './redis.ts';

/** Where the checks point. Omitted → the shared clients of the running function (`useSql`, `useRedis`). */
export interface ReadyTargets {
  databaseUrl?: string;
  redis?: { url: string; token: string };
  mqtt?: { url: string; username?: string; password?: string; caFile?: string };
  /** The directory whose file system is checked for free space; default the working directory. */
  diskPath?: string;
}

/** The /ready checks: database, redis, mqtt (all required), disk and memory headroom. */
export function readyChecks(env: Env, targets: ReadyTargets = {}): ReadyCheck[] {
  let sql: () => Sql = useSql;
  if (targets.databaseUrl) {
    const own = createSql({ url: targets.databaseUrl, max: 1 });
    sql = () => own;
  }
  let redis: () => Redis = useRedis;
  if (targets.redis) {
    const own = createRedis({ ...targets.redis, timeoutMs: env.READY_CHECK_TIMEOUT_MS });
    redis = () => own;
  }
  const mqtt = targets.mqtt ?? {
    url: env.MQTT_URL,
    username: env.MQTT_SERVICE_USERNAME,
    password: env.MQTT_SERVICE_PASSWORD,
    caFile: env.MQTT_CA_FILE,
  };
  return [
    databaseCheck(sql),
    redisCheck(redis),
    mqttCheck({ ...mqtt, timeoutMs: env.READY_CHECK_TIMEOUT_MS }),
    diskCheck(targets.diskPath ?? process.cwd(), env.READY_DISK_MIN_FREE_PERCENT),
    memoryCheck(env.READY_MEMORY_MIN_FREE_PERCENT),
  ];
}
