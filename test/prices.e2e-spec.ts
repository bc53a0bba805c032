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
});
