import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import type { SwapDirection } from './amm/swap-direction.js';
import type { LedgerEntry, LedgerFill } from './ledger-entry.js';
import { FairValue } from './market/fair-value.js';
import { byMint, configuredPoolSpec, definePools, poolsForAddedTokens, VENUE_POOLS, type PoolDefinition } from './pool-catalog.js';
import { createPoolState, evolve, quotePool, swapPool, toBasePrice, type PoolQuote, type PoolState } from './pool-state.js';
import { SimulationClock } from './simulation-clock.js';
import { SimulatedChain } from './simulated-chain.js';
import { Batcher } from '../common/batcher.js';
import { displayPrice } from '../tokens/display-price.js';
import { poolDelta, withoutDelta } from './pool-delta.js';
import { decodeReservation, encodeReservation, type ReservationExpiry, type VenueReservation } from './venue-reservation.js';

export interface PoolView {
  readonly definition: PoolDefinition;
  /** The pool's state at `at`, arbitrage since its last trade applied. */
  readonly state: PoolState;
  readonly at: number;
  readonly version: string;
}

/** One swap of a transaction, through one pool. */
export interface SwapLeg {
  readonly pool: string;
  readonly input: Token;
  readonly output: Token;
  /** What it swaps; a chained leg swaps what the leg before it gave instead (a path's second hop). */
  readonly amountIn: bigint;
  readonly chained: boolean;
}

const MAX_LAND_RETRIES = 20;
const MAX_LANDING_BATCH = 200;

interface LandingRequest {
  readonly signature: string;
  readonly legs: readonly SwapLeg[];
  readonly minAmountOut: bigint;
}

interface ReserveRequest {
  readonly id: string;
  readonly legs: readonly SwapLeg[];
  readonly minAmountOut: bigint;
  readonly expiry: ReservationExpiry;
}

/** What reserving a swap came to: the venues' side taken, or the price moved past the order's minimum. */
export type ReserveOutcome =
  | { readonly kind: 'reserved'; readonly reservation: VenueReservation }
  | { readonly kind: 'slippage'; readonly amountOut: bigint; readonly minAmountOut: bigint };

/** A signature sent twice lands once: the later copies share the first one's fate. */
const uniqueBySignature = (requests: LandingRequest[]): LandingRequest[] => [...new Map(requests.map((r) => [r.signature, r])).values()];

/**
 * The simulated venues' pools: the single source of truth for quotes and for
 * settlement. Quotes read pool states; a landed swap changes them, atomically
 * with its ledger entry, and arbitrage pulls them back towards fair value.
 */
@Injectable()
export class SimulatedExchange {
  private readonly pools = new Map<string, PoolDefinition>();
  private readonly byPair = new Map<string, PoolDefinition>();
  private readonly fairValue: FairValue;
  private readonly landings = new Map<string, Batcher<LandingRequest, LedgerEntry | Error>>();
  private readonly reservations = new Map<string, Batcher<ReserveRequest, ReserveOutcome | Error>>();
  /**
   * Whether arbitrage pulls pools towards fair value as time passes. Not on a network: there a pool's reserves are
   * its vaults' balances, which only transactions change.
   */
  private readonly drifts: boolean;

  constructor(
    tokens: TokenRegistry,
    config: AppConfig,
    private readonly chain: SimulatedChain,
    private readonly clock: SimulationClock,
  ) {
    this.fairValue = new FairValue(config.simulation.seed ?? 1);
    this.drifts = config.chain.mode === 'paper';
    const added = poolsForAddedTokens(config.tokens.extra.filter((t) => t.referenceUsd > 0).map((t) => t.symbol));
    for (const venue of ['raydium', 'meteora'] as const) {
      const configured = config.simulation.extraPools.filter((pool) => pool.venue === venue).map(configuredPoolSpec);
      for (const pool of definePools(venue, [...VENUE_POOLS[venue], ...added[venue], ...configured], tokens)) {
        if (this.pools.has(pool.id)) throw new Error(`pool ${pool.id} is listed twice (EXTRA_POOLS): give it another fee or bin step`);
        this.list(pool);
      }
    }
  }

  /** Lists a pool created after boot (a token launch); its state is created on first use, from fair value. */
  list(pool: PoolDefinition): void {
    this.pools.set(pool.id, pool);
    // A pair's first pool on the venue is the one named by venue and pair (`pool`); the others, by id.
    const pair = pairKey(pool.venue, pool.x, pool.y);
    if (!this.byPair.has(pair)) this.byPair.set(pair, pool);
  }

  /** The simulated market's time now. */
  now(): number {
    return this.clock.now();
  }

  /** Calls `listener` after any process landed a swap on any pool. */
  onPoolsChanged(listener: () => void): () => void {
    return this.chain.onPoolsChanged(listener);
  }

  pool(venue: VenueId, input: Token, output: Token): PoolDefinition | undefined {
    return this.byPair.get(pairKey(venue, input, output));
  }

  poolById(id: string): PoolDefinition | undefined {
    return this.pools.get(id);
  }

  async view(definitions: readonly PoolDefinition[], at: number, options: { trustCache?: boolean } = {}): Promise<Map<string, PoolView>> {
    const byId = new Map(definitions.map((d) => [d.id, d]));
    const stored = await this.chain.readPools(
      definitions.map((d) => d.id),
      (id) => ({ state: createPoolState(byId.get(id)!, this.fairUiPrice(byId.get(id)!, at), at), updatedAt: at }),
      options,
    );
    return new Map(
      definitions.map((definition) => {
        const pool = stored.get(definition.id)!;
        const fair = toBasePrice(definition, this.fairUiPrice(definition, at));
        const elapsed = this.drifts ? at - pool.updatedAt : 0;
        return [definition.id, { definition, state: evolve(pool.state, fair, elapsed, at), at, version: pool.version }];
      }),
    );
  }

  /** What `amountIn` of `input` gets from the pool in `view` (pure: the pool is not changed). */
  swap(view: PoolView, input: Token, amountIn: bigint): PoolQuote {
    return quotePool(view.state, amountIn, direction(view.definition, input), view.at);
  }

  /**
   * Executes every leg against the pools as they are now and lands the
   * transaction: pools and ledger change together, or not at all. Below
   * `minAmountOut` the transaction lands as failed and no pool changes.
   */
  async land(signature: string, legs: readonly SwapLeg[], minAmountOut: bigint): Promise<LedgerEntry> {
    // Swaps on the same pools land in order, as the chain's account locks make them. Those queued
    // behind a landing in this process land together next, in one compare-and-set (which still
    // decides between processes), instead of one round trip each.
    const key = legs
      .map((leg) => leg.pool)
      .sort()
      .join('|');
    let batcher = this.landings.get(key);
    if (!batcher) this.landings.set(key, (batcher = new Batcher((batch) => this.landTogether(batch), { maxBatch: MAX_LANDING_BATCH })));
    const outcome = await batcher.submit({ signature, legs, minAmountOut });
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /** Every pool the exchange lists (those of launches too, once launched here). */
  definitions(): PoolDefinition[] {
    return [...this.pools.values()];
  }

  /**
   * Takes the venues' side of a swap to be sent to a network: every leg executed against the pools as they are
   * now and the pools changed at once, so the next order is priced on what is left. The amounts are what the
   * transaction will move; `release` takes them back if it never lands.
   */
  async reserve(id: string, legs: readonly SwapLeg[], minAmountOut: bigint, expiry: ReservationExpiry): Promise<ReserveOutcome> {
    // As landings do: reservations on the same pools queued behind one in flight here are made together next,
    // in one compare-and-set (which still decides between processes), instead of racing each other.
    const key = this.legPools(legs)
      .map((pool) => pool.id)
      .sort()
      .join('|');
    let batcher = this.reservations.get(key);
    if (!batcher) this.reservations.set(key, (batcher = new Batcher((batch) => this.reserveTogether(batch), { maxBatch: MAX_LANDING_BATCH })));
    const outcome = await batcher.submit({ id, legs, minAmountOut, expiry });
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  private async reserveTogether(requests: ReserveRequest[]): Promise<(ReserveOutcome | Error)[]> {
    for (let attempt = 0; attempt < MAX_LAND_RETRIES; attempt++) {
      const now = this.clock.now();
      const views = await this.view(this.legPools(requests.flatMap((r) => r.legs)), now, { trustCache: attempt === 0 });
      const states = new Map([...views].map(([poolId, view]) => [poolId, view.state]));
      const outcomes = requests.map((request) => this.reserveOne(request, states, now));
      const made = outcomes.flatMap((o) => (o.kind === 'reserved' ? [{ id: o.reservation.id, json: encodeReservation(o.reservation) }] : []));
      if (made.length === 0) return outcomes;
      const writes = [...states]
        .filter(([poolId, state]) => state !== views.get(poolId)!.state)
        .map(([poolId, state]) => ({ poolId, state, expectedVersion: views.get(poolId)!.version }));
      const moved = await this.chain.makeReservations(made, writes, now);
      if (moved === 'moved') return outcomes;
      if (moved === 'stale') return requests.map((r) => new Error(`reservation ${r.id} was made before`));
    }
    return requests.map((r) => new Error(`could not reserve ${r.id}: pools kept changing`));
  }

  /** Applies one reservation to `states` (when it fills its minimum) and says how it went. */
  private reserveOne(request: ReserveRequest, states: Map<string, PoolState>, now: number): ReserveOutcome {
    const before = new Map(states);
    const entry = this.execute({ signature: request.id, legs: request.legs, minAmountOut: request.minAmountOut }, states, now);
    if (entry.status !== 'landed') {
      return { kind: 'slippage', amountOut: BigInt(entry.status === 'slippage' ? entry.amountOut : 0), minAmountOut: request.minAmountOut };
    }
    const poolIds = this.legPools(request.legs).map((pool) => pool.id);
    return {
      kind: 'reserved',
      reservation: {
        id: request.id,
        status: 'pending',
        signature: null,
        expiry: request.expiry,
        fills: entry.legs,
        amountIn: BigInt(entry.amountIn),
        amountOut: BigInt(entry.amountOut),
        executedPrice: entry.executedPrice,
        deltas: new Map(poolIds.map((poolId) => [poolId, poolDelta(before.get(poolId)!, states.get(poolId)!)])),
        createdAt: now,
      },
    };
  }

  /** Records the transaction signed for a reservation (before it is sent: recovery finds it by its signature). */
  async signed(id: string, signature: string): Promise<void> {
    const moved = await this.moveReservation(id, (r) => (r.status === 'pending' ? { next: { ...r, signature } } : undefined));
    if (moved?.signature !== signature) throw new Error(`reservation ${id} is ${moved?.status ?? 'gone'}: its transaction must not be sent`);
  }

  /** Its transaction landed: the pools keep what it changed. Returns the reservation as it ends. */
  landed(id: string): Promise<VenueReservation | undefined> {
    return this.moveReservation(id, (r) => (r.status === 'pending' ? { next: { ...r, status: 'landed' } } : undefined));
  }

  /** Its transaction never landed and never can: the pools get back exactly what it took. */
  release(id: string): Promise<VenueReservation | undefined> {
    return this.moveReservation(id, (r) => (r.status === 'pending' ? { next: { ...r, status: 'released' }, takeBack: true } : undefined));
  }

  async reservation(id: string): Promise<VenueReservation | undefined> {
    const json = await this.chain.reservation(id);
    return json === null ? undefined : decodeReservation(json);
  }

  async reservationOf(signature: string): Promise<VenueReservation | undefined> {
    const id = await this.chain.reservationOf(signature);
    return id === null ? undefined : this.reservation(id);
  }

  async pendingReservations(): Promise<VenueReservation[]> {
    const found = await Promise.all((await this.chain.pendingReservations()).map((id) => this.reservation(id)));
    return found.filter((r): r is VenueReservation => r?.status === 'pending');
  }

  /** Forgets every pool's state and reservation: the network holding their vaults was reset. */
  forgetPools(): Promise<void> {
    return this.chain.forgetPools([...this.pools.keys()]);
  }

  /**
   * Moves a reservation as `change` says (undefined: leave it as it is), taking its deltas back out of the pools
   * when asked; again from a fresh read when another process moved it or its pools first. Returns it as it ends.
   */
  private async moveReservation(
    id: string,
    change: (r: VenueReservation) => { readonly next: VenueReservation; readonly takeBack?: boolean } | undefined,
  ): Promise<VenueReservation | undefined> {
    for (let attempt = 0; attempt < MAX_LAND_RETRIES; attempt++) {
      const json = await this.chain.reservation(id);
      if (json === null) return undefined;
      const current = decodeReservation(json);
      const move = change(current);
      if (!move) return current;
      const now = this.clock.now();
      const writes = move.takeBack ? await this.takenBack(current, now) : [];
      const pending = move.next.status === 'pending';
      const next = encodeReservation(move.next);
      const moved = await this.chain.moveReservation({ id, expected: json, next, pending, signature: move.next.signature ?? undefined, writes }, now);
      if (moved === 'moved') return move.next;
    }
    throw new Error(`could not move reservation ${id}: it or its pools kept changing`);
  }

  private async takenBack(reservation: VenueReservation, now: number): Promise<{ poolId: string; state: PoolState; expectedVersion: string }[]> {
    const definitions = [...reservation.deltas.keys()].map((poolId) => this.pools.get(poolId)!);
    const views = await this.view(definitions, now);
    return [...reservation.deltas].map(([poolId, delta]) => ({
      poolId,
      state: withoutDelta(views.get(poolId)!.state, delta),
      expectedVersion: views.get(poolId)!.version,
    }));
  }

  private legPools(legs: readonly SwapLeg[]): PoolDefinition[] {
    return [...new Set(legs.map((leg) => leg.pool))].map((id) => this.pools.get(id)!);
  }

  private async landTogether(requests: LandingRequest[]): Promise<(LedgerEntry | Error)[]> {
    const decided = new Map<string, LedgerEntry>();
    let pending = uniqueBySignature(requests);
    for (let attempt = 0; attempt < MAX_LAND_RETRIES && pending.length > 0; attempt++) {
      const now = this.clock.now();
      const definitions = this.legPools(pending.flatMap((r) => r.legs));
      // First try from the cached pools (no read): a conflict means another process landed, so read then.
      const views = await this.view(definitions, now, { trustCache: attempt === 0 });
      const states = new Map([...views].map(([id, view]) => [id, view.state]));
      const ledger = pending.map((request) => ({ signature: request.signature, entry: this.execute(request, states, now) }));
      const writes = [...states]
        .filter(([id, state]) => state !== views.get(id)!.state)
        .map(([poolId, state]) => ({ poolId, state, expectedVersion: views.get(poolId)!.version }));
      const outcome = await this.chain.land(ledger, writes, now);
      if (outcome.landed) {
        ledger.forEach(({ signature, entry }) => decided.set(signature, entry));
        pending = [];
      } else if ('decided' in outcome) {
        // Already decided (a replayed transaction): those keep their fate; the others land without them.
        outcome.decided.forEach((entry, signature) => decided.set(signature, entry));
        pending = pending.filter((r) => !outcome.decided.has(r.signature));
      }
    }
    return requests.map((r) => decided.get(r.signature) ?? new Error(`could not land ${r.signature.slice(0, 12)}…: pools kept changing`));
  }

  /** Applies one transaction to `states` (when it fills at least `minAmountOut`) and says how it went. */
  private execute(request: LandingRequest, states: Map<string, PoolState>, now: number): LedgerEntry {
    const next = new Map<string, PoolState>();
    const fills: LedgerFill[] = [];
    let [amountIn, amountOut, carried] = [0n, 0n, 0n];
    request.legs.forEach((leg, i) => {
      const definition = this.pools.get(leg.pool)!;
      const given = leg.chained ? carried : leg.amountIn;
      const result = swapPool(states.get(definition.id)!, given, direction(definition, leg.input), now);
      // A pool that cannot take all it is given fails the transaction: nothing reaches the trader from this path.
      carried = result.amountIn === given ? result.amountOut : 0n;
      if (!leg.chained) amountIn += given;
      if (!request.legs[i + 1]?.chained) amountOut += carried;
      next.set(definition.id, result.state);
      fills.push({
        venue: definition.venue,
        pool: definition.id,
        inputMint: leg.input.mint,
        outputMint: leg.output.mint,
        amountIn: `${given}`,
        amountOut: `${result.amountOut}`,
        feeAmount: `${result.feeAmount}`,
      });
    });
    if (amountOut < request.minAmountOut) return { status: 'slippage', amountOut: `${amountOut}`, minAmountOut: `${request.minAmountOut}` };
    next.forEach((state, id) => states.set(id, state));
    const [input, output] = [request.legs[0].input, request.legs[request.legs.length - 1].output];
    return {
      status: 'landed',
      legs: fills,
      amountIn: `${amountIn}`,
      amountOut: `${amountOut}`,
      executedPrice: displayPrice(amountIn, amountOut, input.decimals, output.decimals),
      landedAt: new Date(now).toISOString(),
    };
  }

  /** The token's fair USD price at `at`. */
  fairUsd(token: Token, at: number): number {
    return this.fairValue.usd(token, at);
  }

  /** The fair price (base units of Y per X) that arbitrage pulls the pool towards at `at`. */
  fairBasePrice(definition: PoolDefinition, at: number): number {
    return toBasePrice(definition, this.fairUiPrice(definition, at));
  }

  private fairUiPrice(definition: PoolDefinition, at: number): number {
    return this.fairValue.price(definition.x, definition.y, at);
  }
}

function pairKey(venue: VenueId, a: Token, b: Token): string {
  const [x, y] = byMint(a, b);
  return `${venue}:${x.mint}/${y.mint}`;
}

const direction = (definition: PoolDefinition, input: Token): SwapDirection => (input.mint === definition.x.mint ? 'xToY' : 'yToX');
