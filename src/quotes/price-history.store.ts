import { Injectable } from '@nestjs/common';
import type { PriceHistoryResponse } from '../contracts/rest.js';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';

/** Pairs whose venue prices are sampled for the dashboard's chart. */
export const SAMPLED_PAIRS = ['SOL-USDC', 'SOL-USDT', 'JUP-USDC', 'BONK-SOL'];
const RETENTION_MS = 30 * 60_000;

type PricePoint = PriceHistoryResponse['points'][number];

/**
 * Venue prices over the last 30 minutes, one sorted set per pair in Redis:
 * written by whichever worker process samples, read by every API process.
 */
@Injectable()
export class PriceHistoryStore {
  private readonly redis: RedisClient;

  constructor(
    private readonly connections: RedisConnections,
    private readonly config: AppConfig,
  ) {
    this.redis = connections.create('prices');
  }

  static normalisePair(pair: string): string | undefined {
    const key = pair.toUpperCase().replace('/', '-');
    return SAMPLED_PAIRS.includes(key) ? key : undefined;
  }

  async append(pair: string, point: PricePoint): Promise<void> {
    const at = Date.parse(point.at);
    await this.redis
      .multi()
      .zadd(this.key(pair), at, JSON.stringify(point))
      .zremrangebyscore(this.key(pair), '-inf', at - RETENTION_MS)
      .exec();
  }

  /** The pair's history (empty while sampling is off or has not run yet); undefined for a pair not sampled. */
  async history(pair: string): Promise<PriceHistoryResponse | undefined> {
    const key = PriceHistoryStore.normalisePair(pair);
    if (!key) return undefined;
    const since = Date.now() - RETENTION_MS;
    const points = this.config.simulation.priceSampleMs === 0 ? [] : await this.redis.zrangebyscore(this.key(key), since, '+inf');
    return { pair: key, intervalMs: this.config.simulation.priceSampleMs, points: points.map((p) => JSON.parse(p) as PricePoint) };
  }

  private key(pair: string): string {
    return this.connections.key('prices', pair);
  }
}
