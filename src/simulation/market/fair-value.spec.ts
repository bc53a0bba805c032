import { DEFAULT_TOKENS } from '../../tokens/token.js';
import { FairValue, noise } from './fair-value.js';

const [SOL, USDC, USDT, JUP, BONK] = DEFAULT_TOKENS;
const SIX_HOURS = 6 * 3_600_000;
const T0 = 1_764_000_000_000;

/** Log returns of `series` between consecutive samples. */
const returns = (series: number[]) => series.slice(1).map((value, i) => Math.log(value / series[i]));
function correlation(a: number[], b: number[]): number {
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const [ma, mb] = [mean(a), mean(b)];
  const cov = a.reduce((sum, x, i) => sum + (x - ma) * (b[i] - mb), 0);
  const sd = (xs: number[], m: number) => Math.sqrt(xs.reduce((sum, x) => sum + (x - m) ** 2, 0));
  return cov / (sd(a, ma) * sd(b, mb));
}

describe('FairValue', () => {
  const market = new FairValue(7);

  it("prices a pair as the ratio of its tokens' USD prices, the same for every venue, inverse across directions", () => {
    const t = T0 + 12_345;
    expect(market.price(SOL, USDC, t)).toBe(market.usd(SOL, t) / market.usd(USDC, t));
    expect(market.price(JUP, SOL, t)).toBe(market.usd(JUP, t) / market.usd(SOL, t));
    expect(market.price(SOL, USDC, t) * market.price(USDC, SOL, t)).toBeCloseTo(1, 12);
  });

  it('is the same for every process (a pure function of seed, token and time)', () => {
    expect(new FairValue(7).price(SOL, USDC, T0)).toBe(market.price(SOL, USDC, T0));
    expect(new FairValue(8).price(SOL, USDC, T0)).not.toBe(market.price(SOL, USDC, T0));
  });

  it('keeps a USD stablecoin within 5 bps of its peg, while SOL wanders within 10% of its reference price', () => {
    let [solLow, solHigh] = [Infinity, 0];
    for (let t = T0; t < T0 + SIX_HOURS; t += 10_000) {
      for (const stable of [USDC, USDT]) expect(Math.abs(market.usd(stable, t) - 1)).toBeLessThan(0.0005);
      const sol = market.usd(SOL, t);
      [solLow, solHigh] = [Math.min(solLow, sol), Math.max(solHigh, sol)];
    }
    expect(solLow).toBeGreaterThan(150 * 0.9);
    expect(solHigh).toBeLessThan(150 * 1.1);
    // It does wander: more than 1% between its extremes over six hours.
    expect(solHigh / solLow).toBeGreaterThan(1.01);
  });

  it('moves tokens together with the market (correlated), each on its own as well', () => {
    const times = Array.from({ length: 2_000 }, (_, i) => T0 + i * 60_000);
    const [sol, jup, bonk] = [SOL, JUP, BONK].map((token) => returns(times.map((t) => market.usd(token, t))));
    expect(correlation(sol, jup)).toBeGreaterThan(0.4);
    expect(correlation(sol, bonk)).toBeGreaterThan(0.4);
    expect(correlation(sol, jup)).toBeLessThan(0.95);
  });

  it('does not depend on the order it is asked in (what one process asked before)', () => {
    const times = Array.from({ length: 200 }, (_, i) => T0 + i * 7_919_000);
    const inOrder = new FairValue(7);
    const shuffled = new FairValue(7);
    const expected = times.map((t) => inOrder.price(SOL, USDC, t));
    const order = times.map((_, i) => (i * 73) % times.length);
    for (const i of order) expect(shuffled.price(SOL, USDC, times[i])).toBe(expected[i]);
  });

  it('moves little over a settlement delay', () => {
    const price = market.price(SOL, USDC, T0);
    const later = market.price(SOL, USDC, T0 + 2_500);
    expect(later).not.toBe(price);
    expect(Math.abs(later / price - 1)).toBeLessThan(0.002);
  });

  it('builds on smooth noise bounded by ±1', () => {
    for (let x = 0; x < 50; x += 0.37) {
      expect(Math.abs(noise('k', x))).toBeLessThanOrEqual(1);
      expect(Math.abs(noise('k', x + 0.01) - noise('k', x))).toBeLessThan(0.05);
    }
  });
});
