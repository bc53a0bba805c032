import { randomSource } from '../common/random.js';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import { drawFlowSwap } from './background-flow.service.js';

const [SOL, USDC, , JUP] = DEFAULT_TOKENS;
const pool = (id: string, tvlUsd: number): PoolDefinition => ({
  venue: 'raydium',
  id,
  x: SOL,
  y: id === 'jup' ? JUP : USDC,
  spec: { kind: 'cpmm', pair: ['SOL', 'USDC'], tvlUsd, feeBps: 25 },
});
const POOLS = [pool('deep', 20_000_000), pool('jup', 1_000)];

describe('drawFlowSwap', () => {
  const draws = (seed: number, n: number) => {
    const random = randomSource(seed);
    return Array.from({ length: n }, () => drawFlowSwap(POOLS, random));
  };

  it('trades every pool, both ways, from $20 up to 0.3% of the pool (a shallow pool: $20 at most)', () => {
    const swaps = draws(1, 2_000);
    for (const id of ['deep', 'jup']) expect(swaps.some((swap) => swap.pool.id === id)).toBe(true);
    expect(new Set(swaps.map((swap) => swap.sellsX))).toEqual(new Set([true, false]));
    const deep = swaps.filter((swap) => swap.pool.id === 'deep').map((swap) => swap.usd);
    expect(Math.min(...deep)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...deep)).toBeLessThanOrEqual(60_000);
    // Log-uniform: sizes spread over the whole range, as many under $1,100 (the geometric middle) as over it, roughly.
    const small = deep.filter((usd) => usd < Math.sqrt(20 * 60_000)).length / deep.length;
    expect(small).toBeGreaterThan(0.4);
    expect(small).toBeLessThan(0.6);
    expect(Math.max(...deep)).toBeGreaterThan(30_000);
    expect(swaps.filter((swap) => swap.pool.id === 'jup').every((swap) => swap.usd === 20)).toBe(true);
  });

  it('draws the same swaps from the same seed', () => {
    const ids = (seed: number) => draws(seed, 20).map((swap) => `${swap.pool.id}:${swap.sellsX}:${swap.usd}`);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
  });
});
