import { Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { LedgerEntry } from './ledger-entry.js';
import { decodePool, encodePool } from './pool-codec.js';
import type { PoolState } from './pool-state.js';

const RETENTION_S = 7 * 24 * 3600;

/**
 * Lands a transaction: if its signature is still undecided and every pool it
 * read is unchanged, writes the new pool states and its ledger entry at once.
 * Returns [1] on success, [0, entry] when the signature was already decided,
 * [-1] when a pool changed underneath (read again and retry).
 */
const LAND_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('GET', KEYS[1])} end
local pools = (#KEYS - 1) / 2
for i = 1, pools do
  if (redis.call('GET', KEYS[2 * i]) or '0') ~= ARGV[2 * i + 1] then return {-1} end
end
for i = 1, pools do
  redis.call('SET', KEYS[2 * i + 1], ARGV[2 * i + 2])
  redis.call('INCR', KEYS[2 * i])
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return {1}
`;

const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], '1')
return 1
`;

export interface StoredPool {
  readonly state: PoolState;
  readonly updatedAt: number;
  readonly version: string;
}

export interface PoolWrite {
  readonly poolId: string;
  readonly expectedVersion: string;
  readonly state: PoolState;
}

export type LandOutcome = { readonly landed: true } | { readonly landed: false; readonly decided?: LedgerEntry; readonly conflict?: true };

/**
 * The simulated Solana network's durable state, in Redis so it outlives the
 * engine's processes and is shared by all of them, as a real chain is: pool
 * states (read by quotes, changed only by landed swaps) and the ledger of
 * transaction outcomes, each signature decided exactly once.
 */
@Injectable()
export class SimulatedChain {
  private readonly redis: RedisClient;
  private readonly cache = new Map<string, StoredPool>();

  constructor(private readonly connections: RedisConnections) {
    this.redis = connections.create('chain');
  }

  /** Pool states by id; missing pools are created from `create`. Unchanged ones come from a local cache. */
  async readPools(poolIds: readonly string[], create: (poolId: string) => { state: PoolState; updatedAt: number }): Promise<Map<string, StoredPool>> {
    const versions = await this.redis.mget(poolIds.map((id) => this.versionKey(id)));
    const result = new Map<string, StoredPool>();
    const stale: string[] = [];
    poolIds.forEach((id, i) => {
      const version = versions[i];
      const cached = this.cache.get(id);
      if (version === null) stale.push(id);
      else if (cached?.version === version) result.set(id, cached);
      else stale.push(id);
    });
    for (const id of stale) result.set(id, await this.loadPool(id, create));
    return result;
  }

  /** Lands a swap atomically with the pool states it produced, unless its signature was already decided. */
  async land(signature: string, entry: LedgerEntry, writes: readonly PoolWrite[]): Promise<LandOutcome> {
    const keys = [this.ledgerKey(signature), ...writes.flatMap((w) => [this.versionKey(w.poolId), this.stateKey(w.poolId)])];
    const updatedAt = Date.now();
    const args = [JSON.stringify(entry), String(RETENTION_S), ...writes.flatMap((w) => [w.expectedVersion, encodePool(w.state, updatedAt)])];
    const [status, existing] = (await this.redis.eval(LAND_SCRIPT, keys.length, ...keys, ...args)) as [number, string?];
    if (status === 1) {
      // What we wrote is the pools' new state: keep it, so the next read here need not fetch and decode it.
      for (const w of writes) this.cache.set(w.poolId, { state: w.state, updatedAt, version: String(Number(w.expectedVersion) + 1) });
      return { landed: true };
    }
    writes.forEach((w) => this.cache.delete(w.poolId));
    return status === 0 ? { landed: false, decided: JSON.parse(existing!) as LedgerEntry } : { landed: false, conflict: true };
  }

  /** Records the signature's fate without touching pools; false if it was already decided. */
  async decide(signature: string, entry: LedgerEntry): Promise<boolean> {
    const result = await this.redis.set(this.ledgerKey(signature), JSON.stringify(entry), 'EX', RETENTION_S, 'NX');
    return result === 'OK';
  }

  async lookup(signature: string): Promise<LedgerEntry | undefined> {
    const raw = await this.redis.get(this.ledgerKey(signature));
    return raw === null ? undefined : (JSON.parse(raw) as LedgerEntry);
  }

  private async loadPool(id: string, create: (poolId: string) => { state: PoolState; updatedAt: number }): Promise<StoredPool> {
    let [version, json] = await this.redis.mget(this.versionKey(id), this.stateKey(id));
    if (version === null || json === null) {
      const fresh = create(id);
      await this.redis.eval(CREATE_SCRIPT, 2, this.versionKey(id), this.stateKey(id), encodePool(fresh.state, fresh.updatedAt));
      [version, json] = await this.redis.mget(this.versionKey(id), this.stateKey(id));
    }
    const stored = { ...decodePool(json!), version: version! };
    this.cache.set(id, stored);
    return stored;
  }

  private ledgerKey(signature: string): string {
    return this.connections.key('sim-chain', 'tx', signature);
  }

  private versionKey(poolId: string): string {
    return this.connections.key('sim-chain', 'pool', poolId, 'version');
  }

  private stateKey(poolId: string): string {
    return this.connections.key('sim-chain', 'pool', poolId, 'state');
  }
}
