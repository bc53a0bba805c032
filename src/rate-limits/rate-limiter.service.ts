import { Injectable } from '@nestjs/common';
import { DependencyUnavailableError, RateLimitedError } from '../common/errors/request.errors.js';
import { asRedisUnavailable } from '../common/errors/redis-unavailable.js';
import type { Budget } from '../common/rate-limit-headers.js';
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

type RateKind = 'submit' | 'read';

/** After Redis failed to answer, how long requests are told so at once instead of each waiting for it. */
const UNREACHABLE_FOR_MS = 2_000;

/**
 * Per-caller request budgets, one for submits and one for reads, counted in
 * Redis so that every engine process shares them: a client spreading its
 * requests over several API processes gets no more. A fixed window per
 * caller, started by its first request.
 */
@Injectable()
export class RateLimiter {
  private readonly redis: RedisClient;
  private unreachableUntil = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('rate-limits');
  }

  /** Whether `kind` has a budget at all (0: no limit, and no round trip to Redis). */
  limits(kind: RateKind): boolean {
    return this.budget(kind) > 0;
  }

  /**
   * Spends one request of the caller's `kind` budget and returns what is left (undefined: no limit); past it,
   * throws RATE_LIMITED with the seconds to the window's end. `caller`: the API key's name, or the client's
   * address when the engine runs open.
   */
  async spend(kind: RateKind, caller: string): Promise<Budget | undefined> {
    const limit = this.budget(kind);
    if (limit === 0) return undefined;
    // Redis just failed to answer: say so at once for a while rather than wait for it on every request.
    if (performance.now() < this.unreachableUntil) throw new DependencyUnavailableError('redis');
    const key = this.connections.key('rate', kind, caller);
    const [hits, leftMs] = (await this.redis.eval(HIT_SCRIPT, 1, key, String(this.config.rateLimits.windowMs)).catch((error: unknown) => {
      if (asRedisUnavailable(error)) this.unreachableUntil = performance.now() + UNREACHABLE_FOR_MS;
      throw error;
    })) as [number, number];
    const budget = { limit, remaining: Math.max(0, limit - hits), resetSeconds: Math.max(1, Math.ceil(leftMs / 1000)) };
    if (hits > limit) throw new RateLimitedError(kind, budget);
    return budget;
  }

  private budget(kind: RateKind): number {
    return kind === 'submit' ? this.config.rateLimits.submits : this.config.rateLimits.reads;
  }
}
