import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnections } from '../redis/redis-connections.js';
import type { LedgerEntry } from './swap-transaction.js';

const RETENTION_S = 7 * 24 * 3600;

/**
 * The simulated Solana network's record of transaction outcomes, kept in
 * Redis so it outlives the engine's processes as a real chain would. A
 * signature's fate is written once (SET NX), which is what makes a swap land
 * at most once even when two runs race for the same order.
 */
@Injectable()
export class SimulatedChain {
  private readonly redis: Redis;

  constructor(private readonly connections: RedisConnections) {
    this.redis = connections.create('chain');
  }

  /** Records the signature's fate; false if it was already decided. */
  async decide(signature: string, entry: LedgerEntry): Promise<boolean> {
    const result = await this.redis.set(this.key(signature), JSON.stringify(entry), 'EX', RETENTION_S, 'NX');
    return result === 'OK';
  }

  async lookup(signature: string): Promise<LedgerEntry | undefined> {
    const raw = await this.redis.get(this.key(signature));
    return raw === null ? undefined : (JSON.parse(raw) as LedgerEntry);
  }

  private key(signature: string): string {
    return this.connections.key('sim-chain', 'tx', signature);
  }
}
