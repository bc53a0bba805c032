import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import type { SwapDirection } from './amm/swap-direction.js';
import type { LedgerEntry, LedgerFill } from './ledger-entry.js';
import { FairValue } from './market/fair-value.js';
import { definePools, poolsForAddedTokens, VENUE_POOLS, type PoolDefinition } from './pool-catalog.js';
import { createPoolState, evolve, swapPool, toBasePrice, type PoolState, type PoolSwap } from './pool-state.js';
import { SimulatedChain } from './simulated-chain.js';
import { KeyedMutex } from '../common/keyed-mutex.js';

export interface PoolView {
  readonly definition: PoolDefinition;
  /** The pool's state at `at`, arbitrage since its last trade applied. */
  readonly state: PoolState;
  readonly at: number;
  readonly version: string;
}

export interface SwapLeg {
  readonly venue: VenueId;
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
}

const MAX_LAND_RETRIES = 20;

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
  private readonly poolLocks = new KeyedMutex();

  constructor(
    tokens: TokenRegistry,
    config: AppConfig,
    private readonly chain: SimulatedChain,
  ) {
    this.fairValue = new FairValue(config.simulation.seed ?? 1);
    const added = poolsForAddedTokens(config.tokens.extra.filter((t) => t.referenceUsd > 0).map((t) => t.symbol));
    for (const venue of ['raydium', 'meteora'] as const) {
      for (const pool of definePools(venue, [...VENUE_POOLS[venue], ...added[venue]], tokens)) {
        this.pools.set(pool.id, pool);
        this.byPair.set(pairKey(venue, pool.x, pool.y), pool);
      }
    }
  }

  pool(venue: VenueId, input: Token, output: Token): PoolDefinition | undefined {
    return this.byPair.get(pairKey(venue, input, output));
  }

  async view(definitions: readonly PoolDefinition[], at: number): Promise<Map<string, PoolView>> {
    const stored = await this.chain.readPools(
      definitions.map((d) => d.id),
      (id) => ({ state: createPoolState(this.pools.get(id)!, this.fairUiPrice(this.pools.get(id)!, at), at), updatedAt: at }),
    );
    return new Map(
      definitions.map((definition) => {
        const pool = stored.get(definition.id)!;
        const fair = toBasePrice(definition, this.fairUiPrice(definition, at));
        return [definition.id, { definition, state: evolve(pool.state, fair, at - pool.updatedAt, at), at, version: pool.version }];
      }),
    );
  }

  /** What `amountIn` of `input` gets from the pool in `view` (pure: the pool is not changed). */
  swap(view: PoolView, input: Token, amountIn: bigint): PoolSwap {
    return swapPool(view.state, amountIn, direction(view.definition, input), view.at);
  }

  /** Fair value of a venue's pool right now, output per input in UI units. */
  fairPrice(venue: VenueId, input: Token, output: Token, at: number): number {
    return this.fairValue.price(venue, input, output, at);
  }

  /**
   * Executes every leg against the pools as they are now and lands the
   * transaction: pools and ledger change together, or not at all. Below
   * `minAmountOut` the transaction lands as failed and no pool changes.
   */
  land(signature: string, legs: readonly SwapLeg[], minAmountOut: bigint): Promise<LedgerEntry> {
    // Swaps on the same pools land one after another, as the chain's account locks make them:
    // in this process without retries; across processes the compare-and-set below still decides.
    const lockKey = legs.map((leg) => `${leg.venue}:${leg.input.mint}:${leg.output.mint}`).sort().join('|');
    return this.poolLocks.run(lockKey, () => this.landNow(signature, legs, minAmountOut));
  }

  private async landNow(signature: string, legs: readonly SwapLeg[], minAmountOut: bigint): Promise<LedgerEntry> {
    for (let attempt = 0; attempt < MAX_LAND_RETRIES; attempt++) {
      const now = Date.now();
      const definitions = legs.map((leg) => this.pool(leg.venue, leg.input, leg.output)!);
      const views = await this.view(definitions, now);
      const fills: LedgerFill[] = [];
      const states = new Map<string, PoolState>();
      let amountOut = 0n;
      legs.forEach((leg, i) => {
        const view = views.get(definitions[i].id)!;
        const result = swapPool(view.state, leg.amountIn, direction(view.definition, leg.input), now);
        const filled = result.amountIn === leg.amountIn;
        amountOut += filled ? result.amountOut : 0n;
        states.set(view.definition.id, result.state);
        fills.push({ venue: leg.venue, amountIn: `${leg.amountIn}`, amountOut: `${result.amountOut}`, feeAmount: `${result.feeAmount}` });
      });
      if (amountOut < minAmountOut) {
        const failed: LedgerEntry = { status: 'slippage', amountOut: `${amountOut}`, minAmountOut: `${minAmountOut}` };
        return (await this.chain.decide(signature, failed)) ? failed : (await this.chain.lookup(signature))!;
      }
      const amountIn = legs.reduce((sum, leg) => sum + leg.amountIn, 0n);
      const [input, output] = [legs[0].input, legs[0].output];
      const entry: LedgerEntry = {
        status: 'landed',
        legs: fills,
        amountIn: `${amountIn}`,
        amountOut: `${amountOut}`,
        executedPrice: (Number(amountOut) / Number(amountIn)) * 10 ** (input.decimals - output.decimals),
        landedAt: new Date(now).toISOString(),
      };
      const writes = [...states].map(([poolId, state]) => ({ poolId, state, expectedVersion: views.get(poolId)!.version }));
      const outcome = await this.chain.land(signature, entry, writes);
      if (outcome.landed) return entry;
      if (outcome.decided) return outcome.decided;
    }
    throw new Error(`could not land ${signature.slice(0, 12)}…: pools kept changing`);
  }

  private fairUiPrice(definition: PoolDefinition, at: number): number {
    return this.fairValue.price(definition.venue, definition.x, definition.y, at);
  }
}

const pairKey = (venue: VenueId, a: Token, b: Token): string => `${venue}:${[a.mint, b.mint].sort().join('/')}`;

const direction = (definition: PoolDefinition, input: Token): SwapDirection => (input.mint === definition.x.mint ? 'xToY' : 'yToX');
