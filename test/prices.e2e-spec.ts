import { PriceSampler } from '../src/quotes/price-sampler.service.js';
import { getJson } from './support/http.js';
import { useEngine } from './support/test-app.js';

describe('GET /api/prices with sampling off (PRICE_SAMPLE_MS=0)', () => {
  const context = useEngine({ PRICE_SAMPLE_MS: '0' });

  it('answers a listed pair with an empty history and intervalMs 0, and refuses a pair not listed', async () => {
    const listed = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-USDC');
    expect(listed).toMatchObject({ status: 200, body: { pair: 'SOL-USDC', intervalMs: 0, points: [] } });
    const other = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-DOGE');
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({ field: 'pair', rule: 'isIn' });
  });
});

describe('GET /api/prices with sampling on', () => {
  const context = useEngine({ PRICE_SAMPLE_MS: '600000' });

  it("samples each venue's price with the market's fair price beside it: every venue within its fees of it", async () => {
    await context.engine.app.get(PriceSampler, { strict: false }).sample();
    const { body } = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-USDC');
    const point = body.points.at(-1);
    expect(point).toMatchObject({ prices: { raydium: expect.any(Number), meteora: expect.any(Number) }, fair: expect.any(Number) });
    expect(point.fair).toBeGreaterThan(100);
    // A venue's price for 1 SOL is its pool's, less its fee: within fee band + fee of fair value (Raydium's 25 bps twice).
    for (const venue of ['raydium', 'meteora']) expect(Math.abs(Math.log(point.prices[venue] / point.fair)) * 10_000).toBeLessThan(55);
  });

  it("samples every pool of the pair, each within its fees of the fair price, a venue's price being its best pool's", async () => {
    await context.engine.app.get(PriceSampler, { strict: false }).sample();
    const { body } = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-USDC');
    const point = body.points.at(-1);
    // Fee band + fee, in bps: the 1 % Raydium pool's twice 100, every other pool's within Raydium's 25 twice.
    const bounds: Record<string, number> = {
      'raydium:USDC-SOL': 55,
      'raydium:USDC-SOL@100': 205,
      'meteora:USDC-SOL': 55,
      'meteora:USDC-SOL@bin1': 55,
      'meteora:USDC-SOL@bin25': 55,
    };
    expect(Object.keys(point.pools).sort()).toEqual(Object.keys(bounds).sort());
    for (const [pool, price] of Object.entries<number>(point.pools)) expect(Math.abs(Math.log(price / point.fair)) * 10_000).toBeLessThan(bounds[pool]);
    for (const venue of ['raydium', 'meteora']) {
      const venuePrices = Object.entries<number>(point.pools).filter(([pool]) => pool.startsWith(`${venue}:`));
      expect(point.prices[venue]).toBe(Math.max(...venuePrices.map(([, price]) => price)));
    }
    expect(point.prices.raydium).toBeGreaterThan(point.pools['raydium:USDC-SOL@100']);
  });
});
