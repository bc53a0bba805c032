import { DEFAULT_TOKENS } from '../../tokens/token.js';
import { FairValue, noise } from './fair-value.js';

const [SOL, USDC] = DEFAULT_TOKENS;

describe('FairValue', () => {
  const market = new FairValue(7);

  it('keeps the two venues 2–5% apart, and which one is dearer changes over time', () => {
    const leaders = new Set<string>();
    for (let t = 0; t < 6 * 3_600_000; t += 10_000) {
      const r = market.price('raydium', SOL, USDC, t);
      const m = market.price('meteora', SOL, USDC, t);
      const gap = Math.abs(r - m) / Math.min(r, m);
      expect(gap).toBeGreaterThanOrEqual(0.0199);
      expect(gap).toBeLessThanOrEqual(0.0526);
      leaders.add(r > m ? 'raydium' : 'meteora');
    }
    expect(leaders).toEqual(new Set(['raydium', 'meteora']));
  });

  it('is the same for every process (a pure function of seed, pair and time), and inverse across directions', () => {
    const t = 1_764_000_000_000;
    expect(new FairValue(7).price('meteora', SOL, USDC, t)).toBe(market.price('meteora', SOL, USDC, t));
    expect(new FairValue(8).price('meteora', SOL, USDC, t)).not.toBe(market.price('meteora', SOL, USDC, t));
    expect(market.price('raydium', SOL, USDC, t) * market.price('raydium', USDC, SOL, t)).toBeCloseTo(1, 12);
  });

  it('does not depend on the order it is asked in (what one process asked before)', () => {
    const times = Array.from({ length: 200 }, (_, i) => 1_764_000_000_000 + i * 7_919_000);
    const inOrder = new FairValue(7);
    const shuffled = new FairValue(7);
    const expected = times.map((t) => inOrder.price('raydium', SOL, USDC, t));
    const order = times.map((_, i) => (i * 73) % times.length);
    for (const i of order) expect(shuffled.price('raydium', SOL, USDC, times[i])).toBe(expected[i]);
  });

  it('wanders near the reference price, moving little over a settlement delay', () => {
    const t = 1_764_000_000_000;
    const price = market.price('raydium', SOL, USDC, t);
    expect(price).toBeGreaterThan(150 * 0.95);
    expect(price).toBeLessThan(150 * 1.05);
    const later = market.price('raydium', SOL, USDC, t + 2_500);
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
