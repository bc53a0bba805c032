import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { Token } from '../../tokens/token.js';

/**
 * Where arbitrage pulls each venue's pools: a price per venue that wanders
 * around the tokens' reference prices like a random walk. It is a pure
 * function of (seed, pair, time), so every process sees the same market.
 * The two venues stay 2–5% apart, and every few minutes they swap which one
 * is dearer, so the best venue changes with time (and with size, through
 * the pools' depth).
 */
export class FairValue {
  constructor(private readonly seed: number) {}

  /** Output per input (UI units) that arbitrage pulls `venue`'s pool towards at `at` (ms). */
  price(venue: VenueId, input: Token, output: Token, at: number): number {
    const [base, quote] = input.mint < output.mint ? [input, output] : [output, input];
    const key = `${this.seed}:${base.mint}/${quote.mint}`;
    const t = at / 1000;
    const drift = 0.01 * noise(`${key}:mid-slow`, t / 600) + 0.004 * noise(`${key}:mid`, t / 60) + 0.001 * noise(`${key}:mid-fast`, t / 5);
    const gap = 0.035 + 0.015 * noise(`${key}:gap`, t / 300);
    const side = noise(`${key}:side`, t / 240) >= 0 ? 1 : -1;
    const skew = (venue === 'raydium' ? 1 : -1) * side * (gap / 2);
    const basePrice = (base.referenceUsd / quote.referenceUsd) * Math.exp(drift) * (1 + skew);
    return input === base ? basePrice : 1 / basePrice;
  }
}

/** Smooth value noise in [-1, 1]: hashed lattice values, eased between integers. */
export function noise(key: string, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const eased = f * f * (3 - 2 * f);
  return lattice(key, i) * (1 - eased) + lattice(key, i + 1) * eased;
}

function lattice(key: string, i: number): number {
  let h = 2166136261;
  for (const char of `${key}#${i}`) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (((h ^ (h >>> 16)) >>> 0) / 4294967295) * 2 - 1;
}
