import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';

/** A connection to a single node, a Sentinel-managed master, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** ioredis options from a `redis://` or `rediss://` URL. */
function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * Connects the way the configuration says: REDIS_CLUSTER_NODES names a
 * cluster, REDIS_SENTINELS a Sentinel set-up, otherwise REDIS_URL one node.
 * REDIS_URL's credentials and `rediss://` (TLS) apply in every case.
 */
export function createRedisClient(redis: AppConfig['redis'], options: RedisOptions): RedisClient {
  const fromUrl = redis.url ? redisOptionsFromUrl(redis.url) : {};
  const { host: _host, port: _port, db, ...credentials } = fromUrl;
  if (redis.clusterNodes.length > 0) {
    return new Cluster(
      redis.clusterNodes.map(({ host, port }) => ({ host, port })),
      {
        redisOptions: { ...credentials, ...options },
        clusterRetryStrategy: options.retryStrategy,
        // A blocking or pub/sub connection must not fail commands while slots move.
        enableOfflineQueue: options.enableOfflineQueue ?? true,
      },
    );
  }
  if (redis.sentinels.length > 0) {
    return new Redis({
      ...credentials,
      db,
      sentinels: redis.sentinels.map(({ host, port }) => ({ host, port })),
      name: redis.sentinelMaster,
      sentinelUsername: credentials.username,
      sentinelPassword: credentials.password,
      ...options,
    });
  }
  if (!redis.url) throw new Error('REDIS_URL is not resolved: start the app through bootstrap()');
  return new Redis({ ...fromUrl, ...options });
}

/**
 * Every key the engine writes starts with its prefix in a hash tag (`{oee}:…`),
 * so on a Redis Cluster all of them, BullMQ's included, live in one slot and
 * every multi-key command and script stays valid.
 */
export const taggedPrefix = (keyPrefix: string): string => `{${keyPrefix}}`;
