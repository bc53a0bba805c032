import { descending } from './descending.js';
import { otherMint, type PoolFill, type RoutablePool } from './routable-pool.js';

/** Swaps in a row: `mints[i]` goes into `pools[i]`, which gives `mints[i + 1]`. */
export interface RoutePath {
  readonly pools: readonly RoutablePool[];
  readonly mints: readonly string[];
}

export interface HopFill extends PoolFill {
  readonly pool: RoutablePool;
  readonly inputMint: string;
  readonly outputMint: string;
}

/** A path's answer for an amount: each hop takes what the one before gave. `filled` only when every hop takes all. */
export interface PathFill {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly filled: boolean;
  readonly hops: readonly HopFill[];
}

export function quotePath(path: RoutePath, amountIn: bigint): PathFill {
  const hops: HopFill[] = [];
  let amount = amountIn;
  let filled = true;
  path.pools.forEach((pool, i) => {
    const { amountIn: taken, amountOut, feeAmount, priceImpactBps } = pool.quote(path.mints[i], amount);
    // Named fields, not a spread: copying a quote by spread costs ten times the quote itself.
    hops.push({ amountIn: taken, amountOut, feeAmount, priceImpactBps, pool, inputMint: path.mints[i], outputMint: path.mints[i + 1] });
    filled &&= taken === amount;
    amount = amountOut;
  });
  return { amountIn, amountOut: filled ? amount : 0n, filled, hops };
}

/** What the path gives for all of `amountIn`; 0 when it cannot take it all. */
export const pathOut = (path: RoutePath, amountIn: bigint): bigint => quotePath(path, amountIn).amountOut;

export interface PathLimits {
  /** Most swaps in a row (1: direct pools only; 2: also through one intermediate token). */
  readonly maxHops: number;
  /** Most pools tried for each pair a path crosses: those that give the most for the amount that would cross it. */
  readonly poolsPerHop: number;
}

/**
 * Every path from `from` to `to` within the limits: the pair's own pools, and through each token both are paired
 * with. On each pair only the `poolsPerHop` pools that give most for what would cross it are kept: `probe` on the
 * first hop, what the first hop's best pool gives for it on the second (a pool that runs out counts with what it
 * gives for the part it takes: it may still carry a share of a split).
 */
export function candidatePaths(pools: readonly RoutablePool[], from: string, to: string, probe: bigint, limits: PathLimits): RoutePath[] {
  const byPair = new Map<string, RoutablePool[]>();
  for (const pool of pools) {
    const key = pool.mints.toSorted().join('/');
    const listed = byPair.get(key);
    if (listed) listed.push(pool);
    else byPair.set(key, [pool]);
  }
  const best = (input: string, output: string, amountIn: bigint): RoutablePool[] =>
    (byPair.get([input, output].sort().join('/')) ?? [])
      .map((pool) => ({ pool, out: pool.quote(input, amountIn).amountOut }))
      .sort((a, b) => descending(a.out, b.out))
      .slice(0, limits.poolsPerHop)
      .map(({ pool }) => pool);
  const direct = best(from, to, probe).map((pool) => ({ pools: [pool], mints: [from, to] }));
  if (limits.maxHops < 2) return direct;
  // Stryker disable next-line MethodExpression: a pool without `from` names no middle any pool joins to it (only slower).
  const middles = new Set(pools.filter((pool) => pool.mints.includes(from)).map((pool) => otherMint(pool, from)));
  middles.delete(to);
  const twoHop = [...middles].flatMap((middle) => {
    // A middle is a token some pool pairs with `from`: it has a first hop.
    const firsts = best(from, middle, probe);
    const seconds = best(middle, to, firsts[0].quote(from, probe).amountOut);
    return firsts.flatMap((first) => seconds.map((second) => ({ pools: [first, second], mints: [from, middle, to] })));
  });
  return [...direct, ...twoHop];
}

/** Whether two paths swap through any same pool (they could not both be priced on its state as it is). */
export const sharePool = (a: RoutePath, b: RoutePath): boolean => a.pools.some((pool) => b.pools.includes(pool));
