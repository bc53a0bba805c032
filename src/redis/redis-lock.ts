import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-options.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Runs `work` only if no other process holds `key` (SET NX with a lease), so
 * that periodic work shared by every worker process (the recovery sweep)
 * runs once at a time across all of them. Returns undefined when another
 * process holds the lock. The lease bounds how long a crashed holder blocks.
 */
export async function withRedisLock<T>(redis: RedisClient, key: string, leaseMs: number, work: () => Promise<T>): Promise<T | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return undefined;
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}

/**
 * True for exactly one caller per `periodMs` slot across every process: for
 * periodic work that must happen once per period (the price sampler).
 */
export async function claimPeriod(redis: RedisClient, key: string, periodMs: number, now = Date.now()): Promise<boolean> {
  const slot = Math.floor(now / periodMs);
  return (await redis.set(`${key}:${slot}`, '1', 'PX', periodMs * 2, 'NX')) === 'OK';
}
