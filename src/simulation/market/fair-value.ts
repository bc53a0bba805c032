import type { Token } from '../../tokens/token.js';

/** Log-price weights of the market's common move, the token's own, and (pegged tokens only) the peg's wobble. */
const MARKET_MOVE = { slow: 0.03, mid: 0.008, fast: 0.0015 };
const OWN_MOVE = { slow: 0.02, mid: 0.005, fast: 0.001 };
/** A USD stablecoin stays within a few bps of its peg. */
const PEG_WOBBLE = 0.0004;

/**
 * The market's fair price: one USD price per token, a random walk around its reference price. Tokens move with
 * the market (SOL and everything quoted against it share one common move, as on Solana where they are
 * correlated) and on their own; a USD stablecoin (reference price 1) only wobbles around its peg. Every pool of
 * every venue is pulled towards the same fair price by arbitrage, so venues differ only after flow moved a pool
 * and until arbitrage closes the gap. A pure function of (seed, token, time): every process sees the same market.
 */
export class FairValue {
  /** The noise series of each token (by mint), built once. */
  private readonly tokens = new Map<string, MoveNoise>();
  private readonly market: MoveNoise;

  constructor(private readonly seed: number) {
    this.market = moveNoise(`${seed}:market`);
  }

  /** Output per input (UI units) at `at` (ms): the ratio of the two tokens' USD prices. */
  price(input: Token, output: Token, at: number): number {
    return this.usd(input, at) / this.usd(output, at);
  }

  /** The token's fair USD price at `at` (ms). */
  usd(token: Token, at: number): number {
    const t = at / 1000;
    const own = this.noiseOf(token.mint);
    if (token.referenceUsd === 1) return Math.exp(PEG_WOBBLE * own.fast.at(t / 20));
    const move = (noise: MoveNoise, weights: typeof MARKET_MOVE) =>
      weights.slow * noise.slow.at(t / 900) + weights.mid * noise.mid.at(t / 90) + weights.fast * noise.fast.at(t / 8);
    return token.referenceUsd * Math.exp(move(this.market, MARKET_MOVE) + move(own, OWN_MOVE));
  }

  private noiseOf(mint: string): MoveNoise {
    let noise = this.tokens.get(mint);
    if (!noise) this.tokens.set(mint, (noise = moveNoise(`${this.seed}:${mint}`)));
    return noise;
  }
}

interface MoveNoise {
  readonly slow: NoiseSeries;
  readonly mid: NoiseSeries;
  readonly fast: NoiseSeries;
}

const moveNoise = (key: string): MoveNoise => ({
  slow: new NoiseSeries(`${key}:slow`),
  mid: new NoiseSeries(`${key}:mid`),
  fast: new NoiseSeries(`${key}:fast`),
});

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
