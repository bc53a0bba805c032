import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';

/**
 * Registers a connection under its caller unless the caller already holds `cap` live ones. KEYS[1]: the caller's
 * connections (member: connection id, score: lease end). ARGV: now, lease end, cap (0: none), connection id, key TTL.
 */
const OPEN_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local cap = tonumber(ARGV[3])
if cap > 0 and redis.call('ZCARD', KEYS[1]) >= cap then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * RATE_LIMIT_WS_CONNECTIONS across every API process: each open WebSocket holds a lease in Redis under its
 * caller, renewed with every heartbeat and dropped when it closes; a process that dies leaves leases that
 * lapse within two heartbeats.
 */
@Injectable()
export class ConnectionCaps {
  private readonly redis: RedisClient;
  private readonly leaseMs: number;

  constructor(
    private readonly config: AppConfig,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('ws-caps');
    this.leaseMs = 2 * config.ws.heartbeatMs;
  }

  /** False when the caller holds as many live connections as allowed. */
  async open(caller: string, connectionId: string): Promise<boolean> {
    const cap = this.config.rateLimits.wsConnections;
    if (cap === 0) return true;
    const now = Date.now();
    const args = [String(now), String(now + this.leaseMs), String(cap), connectionId, String(this.leaseMs * 2)];
    return (await this.redis.eval(OPEN_SCRIPT, 1, this.key(caller), ...args)) === 1;
  }

  /** Every live connection's lease, renewed (with the heartbeat). */
  async renew(live: readonly { readonly caller: string; readonly id: string }[]): Promise<void> {
    if (this.config.rateLimits.wsConnections === 0 || live.length === 0) return;
    const until = String(Date.now() + this.leaseMs);
    const pipeline = this.redis.pipeline();
    for (const { caller, id } of live) pipeline.zadd(this.key(caller), 'XX', until, id);
    await pipeline.exec();
  }

  async close(caller: string, connectionId: string): Promise<void> {
    if (this.config.rateLimits.wsConnections === 0) return;
    await this.redis.zrem(this.key(caller), connectionId);
  }

  private key(caller: string): string {
    return this.connections.key('ws-connections', caller);
  }
}
