import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';

/** Counts a hit in the caller's current window (created with the first hit) and says how long the window has left. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {hits, left}
`;

export type RateKind = 'submit' | 'read';

export interface RateVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  /** When the caller may try again (the window's end), in whole seconds; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/**
 * Per-caller request budgets, one for submits and one for reads, counted in
 * Redis so that every engine process shares them: a client spreading its
 * requests over several API processes gets no more. A fixed window per
 * caller, started by its first request.
 */
@Injectable()
export class RateLimiter {
  private readonly redis: RedisClient;

  constructor(
    private readonly config: AppConfig,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('rate-limits');
  }

  /** `caller`: the API key's name, or the client's address when the engine runs open. */
  async hit(kind: RateKind, caller: string): Promise<RateVerdict> {
    const { windowMs, submits, reads } = this.config.rateLimits;
    const limit = kind === 'submit' ? submits : reads;
    if (limit === 0) return { allowed: true, limit, retryAfterSeconds: 0 };
    const key = this.connections.key('rate', kind, caller);
    const [hits, leftMs] = (await this.redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [number, number];
    return hits <= limit ? { allowed: true, limit, retryAfterSeconds: 0 } : { allowed: false, limit, retryAfterSeconds: Math.max(1, Math.ceil(leftMs / 1000)) };
  }
}
