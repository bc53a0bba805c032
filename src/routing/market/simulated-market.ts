import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { gaussian, randomSource, uniformBetween, type RandomSource } from '../../common/random.js';
import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { Token } from '../../tokens/token.js';

/** A clock in milliseconds; injectable so tests can move time. */
export const MARKET_CLOCK = Symbol('MARKET_CLOCK');
export type Clock = () => number;

interface PairState {
  /** Common price level of the pair relative to the reference price. */
  mid: number;
  /** Relative price gap between the two venues (2–5%). */
  gap: number;
  /** +1: Raydium quotes above Meteora; −1: the other way round. */
  side: 1 | -1;
  updatedAt: number;
}

const MID_VOLATILITY_PER_SQRT_S = 0.0005;
const MID_REVERSION_S = 300;
const GAP_VOLATILITY_PER_SQRT_S = 0.002;
const GAP_RANGE = [0.02, 0.05] as const;
const SIDE_FLIPS_PER_S = 1 / 120;

/**
 * The simulated price of every pair on every venue. Prices follow a slow
 * random walk around the tokens' reference prices; the venues stay 2–5%
 * apart and now and then swap which one is dearer, so the best venue changes.
 */
@Injectable()
export class SimulatedMarket {
  private readonly pairs = new Map<string, PairState>();
  private readonly random: RandomSource;

  constructor(
    config: AppConfig,
    @Optional() @Inject(MARKET_CLOCK) private readonly clock: Clock = Date.now,
  ) {
    this.random = randomSource(config.simulation.seed);
  }

  /** Output per input (UI units) on `venue` right now, before fees. */
  price(venue: VenueId, input: Token, output: Token): number {
    const [base, quote] = input.mint < output.mint ? [input, output] : [output, input];
    const state = this.evolve(`${base.mint}/${quote.mint}`);
    const skew = (venue === 'raydium' ? 1 : -1) * state.side * (state.gap / 2);
    const basePrice = (base.referenceUsd / quote.referenceUsd) * state.mid * (1 + skew);
    return input === base ? basePrice : 1 / basePrice;
  }

  private evolve(key: string): PairState {
    const now = this.clock();
    const state = this.pairs.get(key) ?? this.initialState(now);
    const dtS = Math.max(0, now - state.updatedAt) / 1000;
    if (dtS > 0) {
      const reversion = Math.exp(-dtS / MID_REVERSION_S);
      state.mid = 1 + (state.mid - 1) * reversion + gaussian(this.random) * MID_VOLATILITY_PER_SQRT_S * Math.sqrt(dtS);
      state.gap = clamp(state.gap + gaussian(this.random) * GAP_VOLATILITY_PER_SQRT_S * Math.sqrt(dtS), ...GAP_RANGE);
      if (this.random() < 1 - Math.exp(-dtS * SIDE_FLIPS_PER_S)) state.side = state.side === 1 ? -1 : 1;
      state.updatedAt = now;
    }
    this.pairs.set(key, state);
    return state;
  }

  private initialState(now: number): PairState {
    return {
      mid: 1,
      gap: uniformBetween(this.random, ...GAP_RANGE),
      side: this.random() < 0.5 ? 1 : -1,
      updatedAt: now,
    };
  }
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
