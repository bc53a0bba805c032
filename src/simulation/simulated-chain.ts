import { Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-options.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { claimPeriod } from '../redis/redis-lock.js';
import { Batcher } from '../common/batcher.js';
import type { LedgerEntry } from './ledger-entry.js';
import { decodePool, encodePool } from './pool-codec.js';
import type { PoolState } from './pool-state.js';

const RETENTION_S = 7 * 24 * 3600;

/**
 * Lands a batch of transactions on the same pools: if none of their
 * signatures is decided yet and every pool is unchanged since it was read,
 * writes the pools' final states and every ledger entry at once.
 * KEYS: n ledger keys, then (version, state) per pool. ARGV: n, retention,
 * n entries, then (expected version, new state) per pool, then the channel
 * that announces pool changes (what watchers of the chain subscribe to).
 * Returns {1} on success, {0, i, entry, ...} naming signatures already
 * decided (nothing written), {-1} when a pool changed underneath.
 */
const LAND_SCRIPT = `
local n = tonumber(ARGV[1])
local decided = {}
for i = 1, n do
  local existing = redis.call('GET', KEYS[i])
  if existing then decided[#decided + 1] = i; decided[#decided + 1] = existing end
end
if #decided > 0 then table.insert(decided, 1, 0); return decided end
local pools = (#KEYS - n) / 2
for i = 1, pools do
  if (redis.call('GET', KEYS[n + 2 * i - 1]) or '0') ~= ARGV[2 + n + 2 * i - 1] then return {-1} end
end
for i = 1, pools do
  redis.call('SET', KEYS[n + 2 * i], ARGV[2 + n + 2 * i])
  redis.call('INCR', KEYS[n + 2 * i - 1])
end
for i = 1, n do redis.call('SET', KEYS[i], ARGV[2 + i], 'EX', ARGV[2]) end
if pools > 0 then redis.call('PUBLISH', ARGV[#ARGV], '1') end
return {1}
`;

/**
 * Records a launch once and announces it. KEYS: launches by mint, mints by symbol.
 * ARGV: mint, symbol (upper case), launch JSON, channel. Returns 1, or 0 (mint taken), -1 (symbol taken).
 */
const LAUNCH_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('PUBLISH', ARGV[4], ARGV[3])
return 1
`;

const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], '1')
return 1
`;

/**
 * Moves a venue reservation on and writes the pools it changes, atomically. KEYS: the reservation, the set of
 * pending ones, the signature's index, then (version, state) per pool. ARGV: the reservation's JSON expected now
 * ('' for none yet), its next JSON, its id, 'pending' or 'done' (kept in or taken out of the pending set), its
 * signature ('' for none), the retention, then (expected version, new state) per pool, then the pool-change
 * channel. Returns 1; 0 when the reservation is not as expected; -1 when a pool changed underneath.
 */
const RESERVATION_SCRIPT = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
local pools = (#KEYS - 3) / 2
for i = 1, pools do
  if (redis.call('GET', KEYS[2 + 2 * i]) or '0') ~= ARGV[5 + 2 * i] then return -1 end
end
for i = 1, pools do
  redis.call('SET', KEYS[3 + 2 * i], ARGV[6 + 2 * i])
  redis.call('INCR', KEYS[2 + 2 * i])
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[6])
if ARGV[4] == 'pending' then redis.call('SADD', KEYS[2], ARGV[3]) else redis.call('SREM', KEYS[2], ARGV[3]) end
if ARGV[5] ~= '' then redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[6]) end
if pools > 0 then redis.call('PUBLISH', ARGV[#ARGV], '1') end
return 1
`;

/**
 * Makes reservations together with the pool states they produced, atomically. KEYS: n reservations, the set of
 * pending ones, then (version, state) per pool. ARGV: n, retention, n (id, JSON) pairs, then (expected version,
 * new state) per pool, then the pool-change channel. Returns 1; 0 when a reservation exists already (nothing
 * written); -1 when a pool changed underneath.
 */
const RESERVE_SCRIPT = `
local n = tonumber(ARGV[1])
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
local pools = (#KEYS - n - 1) / 2
for i = 1, pools do
  if (redis.call('GET', KEYS[n + 2 * i]) or '0') ~= ARGV[2 + 2 * n + 2 * i - 1] then return -1 end
end
for i = 1, pools do
  redis.call('SET', KEYS[n + 1 + 2 * i], ARGV[2 + 2 * n + 2 * i])
  redis.call('INCR', KEYS[n + 2 * i])
end
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[2 + 2 * i], 'EX', ARGV[2])
  redis.call('SADD', KEYS[n + 1], ARGV[1 + 2 * i])
end
if pools > 0 then redis.call('PUBLISH', ARGV[#ARGV], '1') end
return 1
`;

/** A reservation's move: from what it is now (null: none yet) to `next`, with the pools it changes. */
export interface ReservationMove {
  readonly id: string;
  readonly expected: string | null;
  readonly next: string;
  readonly pending: boolean;
  readonly signature?: string;
  readonly writes: readonly PoolWrite[];
}

interface StoredPool {
  readonly state: PoolState;
  readonly updatedAt: number;
  readonly version: string;
}

export interface PoolWrite {
  readonly poolId: string;
  readonly expectedVersion: string;
  readonly state: PoolState;
}

interface LedgerWrite {
  readonly signature: string;
  readonly entry: LedgerEntry;
}

type LandOutcome =
  | { readonly landed: true }
  /** Some signatures were already decided (nothing was written): their entries, by signature. */
  | { readonly landed: false; readonly decided: ReadonlyMap<string, LedgerEntry> }
  | { readonly landed: false; readonly conflict: true };

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
  private readonly changeListeners = new Set<() => void>();
  private readonly launchListeners = new Set<(launch: string) => void>();
  private watcher?: RedisClient;
  /** Every quote reads its pools' versions: the reads of one turn (and those made while one is in flight) share one MGET. */
  private readonly versionReads = new Batcher<readonly string[], (string | null)[]>((batch) => this.readVersions(batch));

  constructor(private readonly connections: RedisConnections) {
    this.redis = connections.create('chain');
  }

  /** Pool states by id; missing pools are created from `create`. Unchanged ones come from a local cache. */
  async readPools(
    poolIds: readonly string[],
    create: (poolId: string) => { state: PoolState; updatedAt: number },
    { trustCache = false } = {},
  ): Promise<Map<string, StoredPool>> {
    // A landing may start from what this process last wrote or read: its compare-and-set rejects a stale one.
    if (trustCache && poolIds.every((id) => this.cache.has(id))) return new Map(poolIds.map((id) => [id, this.cache.get(id)!]));
    const versions = await this.versionReads.submit(poolIds);
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

  /**
   * Lands transactions on the same pools atomically with the pool states they
   * produced together, unless a signature was already decided or a pool
   * changed since it was read.
   */
  async land(ledger: readonly LedgerWrite[], writes: readonly PoolWrite[], updatedAt: number): Promise<LandOutcome> {
    const keys = [...ledger.map((l) => this.ledgerKey(l.signature)), ...writes.flatMap((w) => [this.versionKey(w.poolId), this.stateKey(w.poolId)])];
    const args = [
      String(ledger.length),
      String(RETENTION_S),
      ...ledger.map((l) => JSON.stringify(l.entry)),
      ...writes.flatMap((w) => [w.expectedVersion, encodePool(w.state, updatedAt)]),
      this.changesChannel(),
    ];
    const [status, ...decided] = (await this.redis.eval(LAND_SCRIPT, keys.length, ...keys, ...args)) as [number, ...(number | string)[]];
    if (status === 1) {
      // What we wrote is the pools' new state: keep it, so the next read here need not fetch and decode it.
      for (const w of writes) this.cache.set(w.poolId, { state: w.state, updatedAt, version: String(Number(w.expectedVersion) + 1) });
      return { landed: true };
    }
    writes.forEach((w) => this.cache.delete(w.poolId));
    if (status === -1) return { landed: false, conflict: true };
    const entries = new Map<string, LedgerEntry>();
    for (let i = 0; i < decided.length; i += 2) entries.set(ledger[Number(decided[i]) - 1].signature, JSON.parse(String(decided[i + 1])) as LedgerEntry);
    return { landed: false, decided: entries };
  }

  /**
   * Moves a venue reservation (made, signed, landed, released) with the pools it changes, in one step; `stale`
   * when the reservation is not as expected (another process moved it), `conflict` when a pool changed since read.
   */
  async moveReservation(move: ReservationMove, updatedAt: number): Promise<'moved' | 'stale' | 'conflict'> {
    const keys = [
      this.reservationKey(move.id),
      this.pendingReservationsKey(),
      this.reservationBySignatureKey(move.signature ?? ''),
      ...move.writes.flatMap((w) => [this.versionKey(w.poolId), this.stateKey(w.poolId)]),
    ];
    const args = [
      move.expected ?? '',
      move.next,
      move.id,
      move.pending ? 'pending' : 'done',
      move.signature ?? '',
      String(RETENTION_S),
      ...move.writes.flatMap((w) => [w.expectedVersion, encodePool(w.state, updatedAt)]),
      this.changesChannel(),
    ];
    const status = Number(await this.redis.eval(RESERVATION_SCRIPT, keys.length, ...keys, ...args));
    if (status === 1) {
      for (const w of move.writes) this.cache.set(w.poolId, { state: w.state, updatedAt, version: String(Number(w.expectedVersion) + 1) });
      return 'moved';
    }
    move.writes.forEach((w) => this.cache.delete(w.poolId));
    return status === 0 ? 'stale' : 'conflict';
  }

  /** Makes new reservations (id → JSON) with the pools they changed, in one step. */
  async makeReservations(
    reservations: readonly { id: string; json: string }[],
    writes: readonly PoolWrite[],
    updatedAt: number,
  ): Promise<'moved' | 'stale' | 'conflict'> {
    const keys = [
      ...reservations.map((r) => this.reservationKey(r.id)),
      this.pendingReservationsKey(),
      ...writes.flatMap((w) => [this.versionKey(w.poolId), this.stateKey(w.poolId)]),
    ];
    const args = [
      String(reservations.length),
      String(RETENTION_S),
      ...reservations.flatMap((r) => [r.id, r.json]),
      ...writes.flatMap((w) => [w.expectedVersion, encodePool(w.state, updatedAt)]),
      this.changesChannel(),
    ];
    const status = Number(await this.redis.eval(RESERVE_SCRIPT, keys.length, ...keys, ...args));
    if (status === 1) {
      for (const w of writes) this.cache.set(w.poolId, { state: w.state, updatedAt, version: String(Number(w.expectedVersion) + 1) });
      return 'moved';
    }
    writes.forEach((w) => this.cache.delete(w.poolId));
    return status === 0 ? 'stale' : 'conflict';
  }

  /** A reservation's JSON as stored; null when there is none (or it is past its retention). */
  reservation(id: string): Promise<string | null> {
    return this.redis.get(this.reservationKey(id));
  }

  /** The id of the reservation a signature was made for. */
  reservationOf(signature: string): Promise<string | null> {
    return this.redis.get(this.reservationBySignatureKey(signature));
  }

  /** The ids of the reservations not yet landed or released. */
  pendingReservations(): Promise<string[]> {
    return this.redis.smembers(this.pendingReservationsKey());
  }

  /** Forgets every pool state and reservation: the network they mirrored is gone (a local network restarted empty). */
  async forgetPools(poolIds: readonly string[]): Promise<void> {
    const pending = await this.pendingReservations();
    const keys = [...poolIds.flatMap((id) => [this.versionKey(id), this.stateKey(id)]), ...pending.map((id) => this.reservationKey(id))];
    await this.redis.del(this.pendingReservationsKey(), ...keys);
    poolIds.forEach((id) => this.cache.delete(id));
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

  private async readVersions(batch: (readonly string[])[]): Promise<(string | null)[][]> {
    const ids = [...new Set(batch.flat())];
    const versions = await this.redis.mget(ids.map((id) => this.versionKey(id)));
    const byId = new Map(ids.map((id, i) => [id, versions[i]]));
    return batch.map((poolIds) => poolIds.map((id) => byId.get(id) ?? null));
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

  /**
   * Calls `listener` whenever a landing in any process changed pools (the
   * simulation's stand-in for account subscriptions), and after a launch was
   * applied here (`poolsAdded`). Returns the unsubscribe.
   */
  onPoolsChanged(listener: () => void): () => void {
    this.watch();
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Tells this process's pool watchers that pools were added (a launch they can trade on now). */
  poolsAdded(): void {
    this.changeListeners.forEach((l) => l());
  }

  /** Records a token launch (its JSON, by mint) and announces it to every process, unless its mint or symbol launched before. */
  async recordLaunch(mint: string, symbol: string, launch: string): Promise<'recorded' | 'mintTaken' | 'symbolTaken'> {
    const keys = [this.launchesKey(), this.connections.key('sim-chain', 'launch-symbols')];
    const outcome = await this.redis.eval(LAUNCH_SCRIPT, 2, ...keys, mint, symbol.toUpperCase(), launch, this.launchesChannel());
    return outcome === 1 ? 'recorded' : outcome === 0 ? 'mintTaken' : 'symbolTaken';
  }

  /** Every launch so far, as recorded. */
  async launches(): Promise<string[]> {
    return this.redis.hvals(this.launchesKey());
  }

  /** True for one process per `periodMs` slot: periodic market events (random launches) happen once, not once per process. */
  claimPeriod(name: string, periodMs: number): Promise<boolean> {
    return claimPeriod(this.redis, this.connections.key('sim-chain', name), periodMs);
  }

  /** Calls `listener` with each launch any process records from now on. Returns the unsubscribe. */
  onLaunch(listener: (launch: string) => void): () => void {
    this.watch();
    this.launchListeners.add(listener);
    return () => this.launchListeners.delete(listener);
  }

  private watch(): void {
    if (this.watcher) return;
    const watcher = (this.watcher = this.connections.create('chain-watch'));
    const [changes, launches] = [this.changesChannel(), this.launchesChannel()];
    watcher.on('message', (channel: string, message: string) => {
      if (channel === launches) this.launchListeners.forEach((l) => l(message));
      else if (channel === changes) this.changeListeners.forEach((l) => l());
    });
    void watcher.subscribe(changes, launches).catch(() => undefined);
  }

  private changesChannel(): string {
    return this.connections.key('sim-chain', 'pools-changed');
  }

  private launchesChannel(): string {
    return this.connections.key('sim-chain', 'launched');
  }

  private launchesKey(): string {
    return this.connections.key('sim-chain', 'launches');
  }

  private ledgerKey(signature: string): string {
    return this.connections.key('sim-chain', 'tx', signature);
  }

  private reservationKey(id: string): string {
    return this.connections.key('sim-chain', 'reservation', id);
  }

  private reservationBySignatureKey(signature: string): string {
    return this.connections.key('sim-chain', 'reservation-of', signature);
  }

  private pendingReservationsKey(): string {
    return this.connections.key('sim-chain', 'reservations-pending');
  }

  private versionKey(poolId: string): string {
    return this.connections.key('sim-chain', 'pool', poolId, 'version');
  }

  private stateKey(poolId: string): string {
    return this.connections.key('sim-chain', 'pool', poolId, 'state');
  }
}
