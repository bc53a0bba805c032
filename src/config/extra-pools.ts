/** One pool of EXTRA_POOLS: a Raydium CPMM with its fee, or a Meteora DLMM with its bin step (and base fee). */
export type ConfiguredPool =
  | { readonly venue: 'raydium'; readonly pair: readonly [string, string]; readonly tvlUsd: number; readonly feeBps: number }
  | { readonly venue: 'meteora'; readonly pair: readonly [string, string]; readonly tvlUsd: number; readonly binStepBps: number; readonly baseFeeBps?: number };

const SYMBOL = /^[A-Za-z0-9]{1,12}$/;
const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
const bps = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;

/**
 * EXTRA_POOLS: a JSON array of pools the simulated venues list besides their own, e.g.
 * `{ "venue": "raydium", "pair": ["SOL", "USDC"], "tvlUsd": 2000000, "feeBps": 4 }` (a constant-product pool and its
 * fee) or `{ "venue": "meteora", "pair": ["JUP", "SOL"], "tvlUsd": 500000, "binStepBps": 5, "baseFeeBps"?: 5 }` (a
 * DLMM pool, its bin step and base fee). Tokens by symbol, known to the registry.
 */
export function parseExtraPools(json: string | undefined): ConfiguredPool[] | { problem: string } {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { problem: 'EXTRA_POOLS must be a JSON array' };
  }
  if (!Array.isArray(raw)) return { problem: 'EXTRA_POOLS must be a JSON array' };
  const pools: ConfiguredPool[] = [];
  for (const [i, entry] of raw.entries()) {
    const { venue, pair, tvlUsd, feeBps, binStepBps, baseFeeBps } = (entry ?? {}) as Record<string, unknown>;
    const where = `EXTRA_POOLS[${i}]`;
    if (venue !== 'raydium' && venue !== 'meteora') return { problem: `${where}.venue must be "raydium" or "meteora"` };
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((s) => typeof s === 'string' && SYMBOL.test(s)) || pair[0] === pair[1]) {
      return { problem: `${where}.pair must be two different token symbols` };
    }
    const tokens = [pair[0].toUpperCase(), pair[1].toUpperCase()] as const;
    if (!positive(tvlUsd)) return { problem: `${where}.tvlUsd must be a positive number` };
    if (venue === 'raydium') {
      if (!bps(feeBps, 1_000)) return { problem: `${where}.feeBps must be an integer from 1 to 1000` };
      pools.push({ venue, pair: tokens, tvlUsd, feeBps });
      continue;
    }
    if (!bps(binStepBps, 500)) return { problem: `${where}.binStepBps must be an integer from 1 to 500` };
    if (baseFeeBps !== undefined && !bps(baseFeeBps, 1_000)) return { problem: `${where}.baseFeeBps must be an integer from 1 to 1000` };
    pools.push({ venue, pair: tokens, tvlUsd, binStepBps, baseFeeBps: baseFeeBps as number | undefined });
  }
  return pools;
}
