import { loadConfig } from '../../config/environment.js';
import { DEFAULT_TOKENS } from '../../tokens/token.js';
import { MeteoraQuoteProvider } from '../providers/meteora.quote-provider.js';
import { RaydiumQuoteProvider } from '../providers/raydium.quote-provider.js';
import { SimulatedMarket } from './simulated-market.js';

const [SOL, USDC, USDT, , BONK, RAY] = DEFAULT_TOKENS;

describe('SimulatedMarket and the simulated venues', () => {
  const setup = (seed: number) => {
    let now = 0;
    const config = loadConfig({ SIM_SEED: String(seed), SIM_QUOTE_DELAY_MS: '0' });
    const market = new SimulatedMarket(config, () => now);
    return {
      market,
      advance: (ms: number) => (now += ms),
      raydium: new RaydiumQuoteProvider(market, config),
      meteora: new MeteoraQuoteProvider(market, config),
    };
  };

  it('keeps the two venues 2–5% apart, and the dearer venue changes over time', () => {
    const { market, advance } = setup(7);
    const leaders = new Set<string>();
    for (let step = 0; step < 2_000; step++) {
      const r = market.price('raydium', SOL, USDC);
      const m = market.price('meteora', SOL, USDC);
      const gap = Math.abs(r - m) / Math.min(r, m);
      expect(gap).toBeGreaterThanOrEqual(0.0199);
      expect(gap).toBeLessThanOrEqual(0.0526);
      leaders.add(r > m ? 'raydium' : 'meteora');
      advance(1_000);
    }
    expect(leaders).toEqual(new Set(['raydium', 'meteora']));
  });

  it('quotes inverse directions consistently, near the reference price', () => {
    const { market } = setup(3);
    const solUsdc = market.price('raydium', SOL, USDC);
    expect(solUsdc * market.price('raydium', USDC, SOL)).toBeCloseTo(1, 12);
    expect(solUsdc).toBeGreaterThan(140);
    expect(solUsdc).toBeLessThan(160);
  });

  it('moves little over a settlement delay', () => {
    const { market, advance } = setup(11);
    const before = market.price('meteora', SOL, USDT);
    advance(2_500);
    const after = market.price('meteora', SOL, USDT);
    // σ ≈ 5 bps/√s (seeded, no side flip in this window): well inside a 50 bps slippage tolerance.
    expect(Math.abs(after / before - 1)).toBeLessThan(0.005);
    expect(after).not.toBe(before);
  });

  it('gives each venue its own fee and its own list of pairs', async () => {
    const { raydium, meteora } = setup(5);
    const request = { input: SOL, output: USDC, amountIn: 1_000_000_000n };
    expect(raydium.execute(request).feeBps).toBe(25);
    expect(meteora.execute(request).feeBps).toBe(20);
    expect(raydium.execute(request).feeAmount).toBe(2_500_000n);
    expect(raydium.supports(RAY, SOL)).toBe(true);
    expect(meteora.supports(RAY, SOL)).toBe(false);
    expect(raydium.supports(RAY, BONK) || meteora.supports(RAY, BONK)).toBe(false);
    await expect(raydium.quote(request, new AbortController().signal)).resolves.toMatchObject({ venue: 'raydium' });
  });
});
