// `npm run bench -- --routing`: the route search against the best possible route on the same pools, over random
// orders across pairs and sizes from a dollar to more than the pools hold. A random market of CPMM pools (fee tiers
// 1–100 bps) and DLMM pools (bin steps 1–100 bps) on the pairs an aggregator routes through, every pool within its
// fee band of one fair price. Prints the router's output as a fraction of the optimum, its gain over the best single
// pool, and its time per order.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { randomSource, type RandomSource } from '../common/random.js';
import { searchRoute, DEFAULT_SEARCH_LIMITS } from '../routing/route-search/route-search.js';
import type { RoutablePool } from '../routing/route-search/routable-pool.js';
import { byMint, type PoolDefinition, type PoolSpec } from '../simulation/pool-catalog.js';
import { createPoolState } from '../simulation/pool-state.js';
import { routablePool } from '../simulation/routable-pools.js';
import { DEFAULT_TOKENS, type Token } from '../tokens/token.js';
import { argValue, parseCount } from './cli-args.js';
import { optimumOut } from './routing-optimum.js';
import { percentile } from './percentile.js';

const PAIRS: readonly (readonly [string, string])[] = [
  ['SOL', 'USDC'],
  ['SOL', 'USDT'],
  ['USDC', 'USDT'],
  ['JUP', 'SOL'],
  ['JUP', 'USDC'],
  ['BONK', 'SOL'],
  ['BONK', 'USDC'],
  ['RAY', 'SOL'],
];
const NOW = 1_000_000;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
/** Orders routed before timing counts: the first ones run before the JIT has compiled the search. */
const WARM_UP_ORDERS = 50;
/** Orders a market serves before all its pools change, in the timing of a market between trades. */
const ORDERS_PER_MARKET = 20;
const token = (symbol: string): Token => DEFAULT_TOKENS.find((t) => t.symbol === symbol)!;
const logUniform = (random: RandomSource, low: number, high: number): number => Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function randomSpec(random: RandomSource, pair: readonly [string, string]): PoolSpec {
  const tvlUsd = logUniform(random, 50_000, 20_000_000);
  if (random() < 0.5) return { kind: 'cpmm', pair, tvlUsd, feeBps: pick(random, [1, 4, 25, 30, 100]) };
  const binStepBps = pick(random, [1, 5, 10, 20, 80, 100]);
  return { kind: 'dlmm', pair, tvlUsd, binStepBps, baseFeeBps: binStepBps, binsPerSide: pick(random, [20, 69]), variableFeeControl: 0.5, maxFeeBps: 500 };
}

/** `perPair` pools on every pair, each priced within its fee band of the tokens' reference prices. */
export function randomMarket(random: RandomSource, perPair: number): RoutablePool[] {
  return PAIRS.flatMap((pair) =>
    Array.from({ length: perPair }, (_, i) => {
      const spec = randomSpec(random, pair);
      const [x, y] = byMint(token(pair[0]), token(pair[1]));
      const definition: PoolDefinition = { venue: i % 2 === 0 ? 'raydium' : 'meteora', id: `${pair.join('-')}#${i}`, x, y, spec };
      const fee = (spec.kind === 'cpmm' ? spec.feeBps : spec.baseFeeBps) / 10_000;
      const uiPrice = (x.referenceUsd / y.referenceUsd) * (1 + (2 * random() - 1) * fee);
      return routablePool(definition, createPoolState(definition, uiPrice, NOW), NOW);
    }),
  );
}

interface OrderResult {
  readonly ofOptimum: number;
  readonly gainBps: number;
  readonly routerMs: number;
  readonly optimumMs: number;
  readonly shape: string;
}

function runOrder(random: RandomSource, pools: readonly RoutablePool[], withOptimum: boolean): OrderResult | undefined {
  const symbols = [...new Set(PAIRS.flat())];
  const from = token(pick(random, symbols));
  const to = token(
    pick(
      random,
      symbols.filter((s) => s !== from.symbol),
    ),
  );
  const usd = logUniform(random, 1, 50_000_000);
  const amountIn = BigInt(Math.max(1, Math.round((usd / from.referenceUsd) * 10 ** from.decimals)));
  // A swap's extra network fee (~5,000 lamports of priority fee per swap instruction), in the output token.
  const swapCost = BigInt(Math.round(((5_000 / 1e9) * token('SOL').referenceUsd * 10 ** to.decimals) / to.referenceUsd));
  const request = { from: from.mint, to: to.mint, amountIn, swapCost };
  // The bench's own garbage (a fresh market per order) is collected before the clock starts, not inside it: the young
  // generation's, where it is. A full collection here would slow the search after it (p99 about twice as long,
  // measured), which no engine process pays: it never collects everything before each order.
  collectGarbage({ type: 'minor' });
  const started = performance.now();
  const search = searchRoute(pools, request, DEFAULT_SEARCH_LIMITS);
  const routerMs = performance.now() - started;
  if (!search) return undefined;
  const single = search.bestSinglePool?.netOut;
  const gainBps = single && single > 0n ? Number(((search.chosen.netOut - single) * 1_000_000n) / single) / 100 : NaN;
  const shape = search.chosen.paths.map(({ path }) => `${path.pools.length}`).join('+');
  if (!withOptimum) return { ofOptimum: NaN, gainBps, routerMs, optimumMs: NaN, shape };
  const optimumStarted = performance.now();
  const { value: optimum, paths: optimal } = optimumOut(pools, from.mint, to.mint, amountIn, DEFAULT_SEARCH_LIMITS.maxSwaps, swapCost);
  const optimumMs = performance.now() - optimumStarted;
  const ofOptimum = optimum <= 0n ? 1 : Number((search.chosen.netOut * 10n ** 12n) / optimum) / 1e12;
  if (process.env.ROUTING_DEBUG && ofOptimum < 0.99) {
    const describe = (paths: readonly { pools: readonly RoutablePool[] }[]) => paths.map((p) => p.pools.map((pool) => pool.id).join('>')).join(' , ');
    console.log(
      `${from.symbol}->${to.symbol} ${amountIn} (~$${usd.toFixed(0)}): router ${search.chosen.netOut} [${describe(search.chosen.paths.map((p) => p.path))}] optimum ${optimum} [${describe(optimal)}]`,
    );
  }
  return { ofOptimum, gainBps, routerMs, optimumMs, shape };
}

const row = (label: string, values: number[], digits: number, unit = ''): string =>
  `${label.padEnd(34)} ${[1, 10, 50, 90, 99].map((p) => `p${p} ${percentile(values, p).toFixed(digits)}${unit}`).join('  ')}  min ${Math.min(...values).toFixed(digits)}  max ${Math.max(...values).toFixed(digits)}`;

export function runRoutingBench(argv: readonly string[]): void {
  const orders = parseCount(argv, 'routing-orders', '1000');
  const perPair = parseCount(argv, 'pools-per-pair', '4');
  const timingPerPair = parseCount(argv, 'timing-pools-per-pair', '10');
  const seed = Number(argValue(argv, 'seed', '7'));
  const random = randomSource(seed);
  console.log(`routing bench: ${orders} orders against the optimum, ${perPair} pools per pair; timing with ${timingPerPair} per pair (seed ${seed})`);
  console.log(`limits: ${JSON.stringify(DEFAULT_SEARCH_LIMITS)}`);
  const results: OrderResult[] = [];
  let unroutable = 0;
  for (let i = 0; i < orders; i++) {
    const pools = randomMarket(random, perPair);
    const result = runOrder(random, pools, true);
    if (result) results.push(result);
    else unroutable++;
  }
  for (let i = 0; i < WARM_UP_ORDERS; i++) runOrder(random, randomMarket(random, timingPerPair), false);
  // Every order on a market no order has quoted (every pool changed since: the slowest case), and orders on a market
  // that changes only every `ORDERS_PER_MARKET` orders (pools between their trades).
  const timing: OrderResult[] = [];
  const steady: OrderResult[] = [];
  let market = randomMarket(random, timingPerPair);
  for (let i = 0; i < orders; i++) {
    const cold = runOrder(random, randomMarket(random, timingPerPair), false);
    if (cold) timing.push(cold);
    if (i % ORDERS_PER_MARKET === 0) market = randomMarket(random, timingPerPair);
    const warm = runOrder(random, market, false);
    if (warm) steady.push(warm);
  }
  const shapes = new Map<string, number>();
  results.forEach((r) => shapes.set(r.shape, (shapes.get(r.shape) ?? 0) + 1));
  console.log(
    `routed ${results.length}, no route ${unroutable}; route shapes (hops per path): ${[...shapes]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
  );
  console.log(
    row(
      'router / optimum (%)',
      results.map((r) => r.ofOptimum * 100),
      4,
      '%',
    ),
  );
  console.log(
    row(
      'gain over best single pool (bps)',
      results.map((r) => r.gainBps).filter((g) => !Number.isNaN(g)),
      1,
    ),
  );
  console.log(
    row(
      `router time, ${perPair} pools/pair (ms)`,
      results.map((r) => r.routerMs),
      2,
    ),
  );
  console.log(
    row(
      `router time, ${timingPerPair} pools/pair, all new (ms)`,
      timing.map((r) => r.routerMs),
      2,
    ),
  );
  console.log(
    row(
      `router time, ${timingPerPair} pools/pair, quoted before (ms)`,
      steady.map((r) => r.routerMs),
      2,
    ),
  );
  console.log(
    row(
      'optimum time (ms)',
      results.map((r) => r.optimumMs),
      0,
    ),
  );
}
