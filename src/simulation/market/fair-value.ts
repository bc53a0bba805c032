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
  /** The noise series of each pair (base mint → quote mint): built once, each keeps the lattice values it is between. */
  private readonly pairs = new Map<string, Map<string, PairNoise>>();

  constructor(private readonly seed: number) {}

  /** Output per input (UI units) that arbitrage pulls `venue`'s pool towards at `at` (ms). */
  price(venue: VenueId, input: Token, output: Token, at: number): number {
    const [base, quote] = input.mint < output.mint ? [input, output] : [output, input];
    const noise = this.noiseOf(base.mint, quote.mint);
    const t = at / 1000;
    const drift = 0.01 * noise.midSlow.at(t / 600) + 0.004 * noise.mid.at(t / 60) + 0.001 * noise.midFast.at(t / 5);
    const gap = 0.035 + 0.015 * noise.gap.at(t / 300);
    const side = noise.side.at(t / 240) >= 0 ? 1 : -1;
    const skew = (venue === 'raydium' ? 1 : -1) * side * (gap / 2);
    const basePrice = (base.referenceUsd / quote.referenceUsd) * Math.exp(drift) * (1 + skew);
    return input === base ? basePrice : 1 / basePrice;
  }

  private noiseOf(baseMint: string, quoteMint: string): PairNoise {
    let byQuote = this.pairs.get(baseMint);
    if (!byQuote) this.pairs.set(baseMint, (byQuote = new Map()));
    let noise = byQuote.get(quoteMint);
    if (!noise) {
      const key = `${this.seed}:${baseMint}/${quoteMint}`;
      const series = (name: string) => new NoiseSeries(`${key}:${name}`);
      byQuote.set(
        quoteMint,
        (noise = { midSlow: series('mid-slow'), mid: series('mid'), midFast: series('mid-fast'), gap: series('gap'), side: series('side') }),
      );
    }
    return noise;
  }
}

interface PairNoise {
  readonly midSlow: NoiseSeries;
  readonly mid: NoiseSeries;
  readonly midFast: NoiseSeries;
  readonly gap: NoiseSeries;
  readonly side: NoiseSeries;
}

/** `noise(key, x)` for one key, keeping the two lattice values `x` lies between (a quote's `x` moves on slowly). */
class NoiseSeries {
  private cell = NaN;
  private low = 0;
  private high = 0;

  constructor(private readonly key: string) {}

  at(x: number): number {
    const i = Math.floor(x);
    if (i !== this.cell) [this.cell, this.low, this.high] = [i, lattice(this.key, i), lattice(this.key, i + 1)];
    return ease(this.low, this.high, x - i);
  }
}

/** Smooth value noise in [-1, 1]: hashed lattice values, eased between integers. */
export function noise(key: string, x: number): number {
  const i = Math.floor(x);
  return ease(lattice(key, i), lattice(key, i + 1), x - i);
}

function ease(low: number, high: number, f: number): number {
  const eased = f * f * (3 - 2 * f);
  return low * (1 - eased) + high * eased;
}

function lattice(key: string, i: number): number {
  let h = 2166136261;
  for (const char of `${key}#${i}`) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (((h ^ (h >>> 16)) >>> 0) / 4294967295) * 2 - 1;
}
