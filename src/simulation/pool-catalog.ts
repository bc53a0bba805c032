import type { ConfiguredPool } from '../config/extra-pools.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';
import type { TokenRegistry } from '../tokens/token-registry.js';

interface PoolSpecBase {
  readonly pair: readonly [string, string];
  /** Total value locked at creation, in USD. */
  readonly tvlUsd: number;
  /**
   * Tells the pool from the venue's other pools of the pair (its fee or bin step: "100" for a 1% CPMM, "bin1" for a
   * DLMM of 1 bps bins); the venue's first pool of a pair has none.
   */
  readonly tier?: string;
}

interface CpmmPoolSpec extends PoolSpecBase {
  readonly kind: 'cpmm';
  readonly feeBps: number;
}

interface DlmmPoolSpec extends PoolSpecBase {
  readonly kind: 'dlmm';
  readonly binStepBps: number;
  readonly baseFeeBps: number;
  readonly binsPerSide: number;
  readonly variableFeeControl: number;
  readonly maxFeeBps: number;
}

export type PoolSpec = CpmmPoolSpec | DlmmPoolSpec;

/** A pool of the simulated network: tokens ordered by mint (X < Y), as on chain. */
export interface PoolDefinition {
  readonly venue: VenueId;
  readonly id: string;
  readonly x: Token;
  readonly y: Token;
  readonly spec: PoolSpec;
}

const raydium = (a: string, b: string, tvlUsd: number, feeBps = 25, tier?: string): CpmmPoolSpec => ({ kind: 'cpmm', pair: [a, b], tvlUsd, feeBps, tier });
const meteora = (a: string, b: string, tvlUsd: number, binStepBps: number, baseFeeBps = binStepBps, tier?: string): DlmmPoolSpec => ({
  kind: 'dlmm',
  pair: [a, b],
  tvlUsd,
  binStepBps,
  baseFeeBps,
  binsPerSide: 69,
  variableFeeControl: 0.5,
  maxFeeBps: 500,
  tier,
});

/** A pool added by configuration (EXTRA_POOLS): the venue's kind of pool, told apart by its fee or bin step. */
export function configuredPoolSpec(pool: ConfiguredPool): PoolSpec {
  const { pair, tvlUsd } = pool;
  if (pool.venue === 'raydium') return raydium(pair[0], pair[1], tvlUsd, pool.feeBps, `${pool.feeBps}`);
  return meteora(pair[0], pair[1], tvlUsd, pool.binStepBps, pool.baseFeeBps ?? pool.binStepBps, `bin${pool.binStepBps}`);
}

/**
 * Raydium: constant-product pools with Raydium's 0.25% fee and realistic depth, and shallower 1% pools on the
 * busiest pairs. Meteora: DLMM pools, liquidity spread over 69 bins a side, base fee tied to the bin step, plus a
 * volatility fee; the busiest pairs also have a pool of finer bins and one of wider bins.
 */
export const VENUE_POOLS: Readonly<Record<VenueId, readonly PoolSpec[]>> = {
  raydium: [
    raydium('SOL', 'USDC', 20_000_000),
    raydium('SOL', 'USDT', 6_000_000),
    raydium('USDC', 'USDT', 10_000_000),
    raydium('RAY', 'SOL', 4_000_000),
    raydium('RAY', 'USDC', 3_000_000),
    raydium('BONK', 'SOL', 5_000_000),
    raydium('BONK', 'USDC', 2_000_000),
    raydium('JUP', 'SOL', 3_000_000),
    raydium('JUP', 'USDC', 4_000_000),
    raydium('SOL', 'USDC', 1_500_000, 100, '100'),
    raydium('SOL', 'USDT', 500_000, 100, '100'),
    raydium('BONK', 'SOL', 600_000, 100, '100'),
    raydium('JUP', 'SOL', 400_000, 100, '100'),
  ],
  meteora: [
    meteora('SOL', 'USDC', 12_000_000, 10),
    meteora('SOL', 'USDT', 4_000_000, 10),
    meteora('USDC', 'USDT', 8_000_000, 1),
    meteora('BONK', 'SOL', 3_000_000, 80, 40),
    meteora('BONK', 'USDC', 2_000_000, 100, 50),
    meteora('JUP', 'SOL', 2_000_000, 20),
    meteora('JUP', 'USDC', 3_000_000, 20),
    meteora('JUP', 'USDT', 1_000_000, 20),
    meteora('SOL', 'USDC', 2_500_000, 1, 1, 'bin1'),
    meteora('SOL', 'USDC', 1_000_000, 25, 25, 'bin25'),
    meteora('BONK', 'SOL', 800_000, 100, 50, 'bin100'),
  ],
};

/** Pools for tokens added by configuration: each venue lists them against USDC and SOL. */
export function poolsForAddedTokens(symbols: readonly string[]): Record<VenueId, PoolSpec[]> {
  return {
    raydium: symbols.flatMap((s) => [raydium(s, 'USDC', 1_000_000), raydium(s, 'SOL', 1_000_000)]),
    meteora: symbols.flatMap((s) => [meteora(s, 'USDC', 1_000_000, 25), meteora(s, 'SOL', 1_000_000, 25)]),
  };
}

/** A new token's first pool: the venue's usual kind and fees, `tvlUsd` deep. */
export const launchPoolSpec = (venue: VenueId, symbol: string, quoteSymbol: string, tvlUsd: number): PoolSpec =>
  venue === 'raydium' ? raydium(symbol, quoteSymbol, tvlUsd) : meteora(symbol, quoteSymbol, tvlUsd, 100, 50);

export function definePools(venue: VenueId, specs: readonly PoolSpec[], tokens: TokenRegistry): PoolDefinition[] {
  return specs.flatMap((spec) => {
    const [a, b] = spec.pair.map((symbol) => tokens.resolve(symbol));
    if (!a || !b || a.referenceUsd <= 0 || b.referenceUsd <= 0) return [];
    const [x, y] = byMint(a, b);
    return [{ venue, id: poolId(venue, a, b, spec.tier), x, y, spec }];
  });
}

/** A pool's id: the venue, its tokens ordered by mint (X < Y) as on chain, and its tier when it has one. */
export function poolId(venue: VenueId, a: Pick<Token, 'symbol' | 'mint'>, b: Pick<Token, 'symbol' | 'mint'>, tier?: string): string {
  const [x, y] = byMint(a, b);
  return `${venue}:${x.symbol}-${y.symbol}${tier ? `@${tier}` : ''}`;
}

/** A pool's two tokens as X and Y: ordered by mint, as on chain. */
export const byMint = <T extends Pick<Token, 'mint'>>(a: T, b: T): [T, T] => (a.mint < b.mint ? [a, b] : [b, a]);
